//! Files that are not articles are refused with a message that names the problem and the line.

use article_viewer::analysis::parse::{decode, parse};

fn decode_error(bytes: &[u8]) -> String {
    match decode(bytes) {
        Ok(text) => panic!("should be refused, got {text:?}"),
        Err(e) => e.to_string(),
    }
}

fn parse_error(text: &str) -> String {
    match parse(text) {
        Ok(doc) => panic!("should be refused, got {doc:?}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn an_empty_file_is_refused() {
    assert_eq!(decode_error(b""), "the file is empty");
    assert_eq!(parse_error(""), "the file is empty");
}

#[test]
fn a_file_of_white_space_is_empty() {
    assert_eq!(decode_error(b"  \r\n\t\n  "), "the file is empty");
    assert_eq!(parse_error(" \n\n \t"), "the file is empty");
}

#[test]
fn bytes_that_are_not_utf8_are_refused_with_their_line() {
    let latin1 = b"title Caf\xe9\ndate 2020-11-25 A truce.";
    assert_eq!(
        decode_error(latin1),
        "not UTF-8 text: invalid byte at line 1 (byte offset 9)"
    );
    let late = b"date 2020-11-25 A truce.\n\nSecond.\n\xc3(";
    assert!(decode_error(late).contains("invalid byte at line 4"));
}

#[test]
fn binary_data_is_refused() {
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR";
    assert!(decode_error(png).starts_with("binary data, not an article"));
    let nul = b"date 2020-11-25 A\x00truce";
    assert!(decode_error(nul).starts_with("binary data, not an article"));
}

#[test]
fn a_byte_order_mark_is_fine() {
    let text = decode("\u{feff}date 2020-11-25 A truce.".as_bytes());
    assert_eq!(text.as_deref(), Ok("date 2020-11-25 A truce."));
}

#[test]
fn an_article_without_a_date_header_is_refused() {
    assert_eq!(
        parse_error("A truce brokered by Russia two weeks ago halted the violence."),
        "line 1: expected a `date YYYY-MM-DD` header before the first paragraph, found `A truce brokered by Russia two weeks ago…`"
    );
    assert_eq!(
        parse_error("title Truce\nsource AP\n"),
        "line 3: expected a `date YYYY-MM-DD` header before the first paragraph"
    );
}

#[test]
fn february_the_thirtieth_is_impossible() {
    assert_eq!(
        parse_error("title Truce\ndate 2020-02-30 A truce."),
        "line 2: impossible date 2020-02-30"
    );
}

#[test]
fn a_thirteenth_month_is_impossible() {
    assert_eq!(
        parse_error("date 2020-13-01 A truce."),
        "line 1: impossible date 2020-13-01"
    );
}

#[test]
fn a_two_digit_year_is_malformed() {
    assert_eq!(
        parse_error("date 20-11-25 A truce."),
        "line 1: malformed date `20-11-25`; expected `date YYYY-MM-DD`"
    );
}

#[test]
fn a_date_header_with_nothing_after_it_is_refused() {
    assert_eq!(
        parse_error("title Truce\ndate 2020-11-25\n\n  \n"),
        "line 2: the `date` header is not followed by any article text"
    );
}
