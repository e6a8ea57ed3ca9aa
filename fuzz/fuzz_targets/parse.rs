//! Fuzzes the article reader: any bytes must give a text or an error, never a panic.
#![no_main]

use article_viewer::analysis::{Gazetteer, analyze, parse::decode};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(text) = decode(bytes) {
        let _ = analyze(&text, &Gazetteer::default());
    }
});
