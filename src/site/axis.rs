//! The timeline as a picture: every event on one SVG time axis, long empty stretches folded.
//!
//! [`Axis::of`] is a pure function of the analysis and is run once per site build; the
//! `axis.html` template only prints what it computed. The axis is cut into segments wherever
//! nothing happens for a long stretch (three months at least, and more than half the span of
//! what lies on either side), and each segment gets a linear scale of its own, so "early 1990s"
//! and "two weeks ago" can both be read. Labels are laid out in rows so that none overlaps
//! another: text widths are estimated generously from the characters, since nothing here can
//! measure a font, and a label that finds no room is left out (its mark keeps its name for
//! assistive technology and as a tooltip; the list below the picture has every entry).

use std::fmt::Write as _;

use time::{Date, Month};

use super::markup::date_label;
use crate::analysis::{Analysis, TimelineEntry};

/// SVG user-space width; the height follows from how many label rows are needed.
const WIDTH: f64 = 880.0;
const MARGIN: f64 = 12.0;
/// Font size of every label, in SVG units (the stylesheet sets the same).
const FONT: f64 = 13.0;
/// Distance between label rows.
const ROW: f64 = 18.0;
/// Width of a fold between two segments.
const FOLD: f64 = 44.0;
/// The narrowest a segment is drawn, when there is room.
const MIN_SEGMENT: f64 = 110.0;
/// Room kept clear between two labels in a row.
const SPACE: f64 = 6.0;
/// Rows of flags above the axis; a flag that fits in none goes without its label.
const FLAG_ROWS: usize = 8;
const TICK_ROWS: usize = 2;
const SEGMENT_ROWS: usize = 2;
/// Lanes for overlapping period bars above the axis.
const BAR_LANES: usize = 4;
/// Events named in the text description before it refers to the list.
const DESCRIBED: usize = 40;
/// A gap is folded only when it is longer than this many days.
const FOLD_DAYS: i32 = 90;

/// Everything the template draws, in SVG units (numbers already formatted).
#[derive(Debug, Clone)]
pub struct Axis {
    pub width: String,
    pub height: String,
    /// The picture's short name and its text description (`role="img"`).
    pub title: String,
    pub description: String,
    /// Axis line pieces, one per segment.
    pub lines: Vec<Line>,
    /// The visible breaks where empty stretches are folded.
    pub folds: Vec<Fold>,
    /// Date labels under the axis: marks, the publication, segment ranges and fold ellipses.
    pub labels: Vec<Label>,
    pub published: Published,
    /// One link per event, in date order.
    pub marks: Vec<Mark>,
}

#[derive(Debug, Clone)]
pub struct Line {
    pub x1: String,
    pub x2: String,
    pub y: String,
}

#[derive(Debug, Clone)]
pub struct Fold {
    /// A dotted line across the gap.
    pub x1: String,
    pub x2: String,
    pub y: String,
    /// Two slanted strokes marking the break.
    pub path: String,
}

#[derive(Debug, Clone)]
pub struct Label {
    pub x: String,
    pub y: String,
    pub text: String,
    /// CSS class: `tick`, `published`, `range` or `flag`.
    pub class: &'static str,
    /// `start` or `middle`.
    pub anchor: &'static str,
}

#[derive(Debug, Clone)]
pub struct Published {
    pub x: String,
    pub y1: String,
    pub y2: String,
    /// A small diamond on the axis.
    pub path: String,
}

/// One event: a dot for a day or a bar for a period, a stem up to its label, and a link to
/// its entry in the list.
#[derive(Debug, Clone)]
pub struct Mark {
    pub href: String,
    /// The accessible name and tooltip: words and date.
    pub name: String,
    pub dot: Option<Dot>,
    pub bar: Option<Bar>,
    pub stem: Option<Stem>,
    pub label: Option<Label>,
}

#[derive(Debug, Clone)]
pub struct Dot {
    pub cx: String,
    pub cy: String,
}

#[derive(Debug, Clone)]
pub struct Bar {
    pub x: String,
    pub y: String,
    pub width: String,
    pub height: String,
}

/// A vertical line.
#[derive(Debug, Clone)]
pub struct Stem {
    pub x: String,
    pub y1: String,
    pub y2: String,
}

/// An event as days (Julian day numbers, inclusive).
struct Event<'a> {
    entry: &'a TimelineEntry,
    first: i32,
    last: i32,
}

/// A stretch of the axis with its own linear scale.
struct Segment {
    first: i32,
    last: i32,
    weight: f64,
    x0: f64,
    x1: f64,
}

impl Segment {
    /// The x of the start of day `day`.
    fn x(&self, day: i32) -> f64 {
        let pad = 10.0_f64.min((self.x1 - self.x0) / 4.0);
        let days = f64::from(self.last - self.first + 1);
        self.x0 + pad + f64::from(day - self.first) * (self.x1 - self.x0 - 2.0 * pad) / days
    }

    /// The x of the middle of day `day`.
    fn mid(&self, day: i32) -> f64 {
        f64::midpoint(self.x(day), self.x(day + 1))
    }
}

impl Axis {
    /// The picture of the article's timeline, or `None` when it names no dates.
    #[must_use]
    pub fn of(a: &Analysis) -> Option<Self> {
        let published = parse_day(&a.date)?;
        let mut events: Vec<Event> = a
            .timeline
            .iter()
            .filter_map(|entry| {
                let first = parse_day(&entry.start)?.to_julian_day();
                let last = parse_day(&entry.end)?.to_julian_day();
                (first <= last).then_some(Event { entry, first, last })
            })
            .collect();
        if events.is_empty() {
            return None;
        }
        events.sort_by_key(|e| (e.first, e.last));
        let pub_day = published.to_julian_day();
        let mut segments = segments(&events, pub_day);
        lay_out(&mut segments);
        // Segments are sorted and every day drawn lies in one.
        let segment_of = |day: i32| {
            segments
                .partition_point(|s| s.last < day)
                .min(segments.len() - 1)
        };

        // Bars above the axis in lanes, dots on it.
        let mut lane_ends = [f64::NEG_INFINITY; BAR_LANES];
        let mut shapes = Vec::with_capacity(events.len());
        for e in &events {
            let seg = &segments[segment_of(e.first)];
            if e.first == e.last {
                shapes.push(Shape::Dot(seg.mid(e.first)));
            } else {
                // A period runs inside one segment: folds only cut where nothing is.
                let x0 = seg.x(e.first);
                let x1 = seg.x(e.last + 1).max(x0 + 3.0);
                let lane = lane_ends
                    .iter()
                    .position(|&end| end + 2.0 <= x0)
                    .unwrap_or(BAR_LANES - 1);
                lane_ends[lane] = lane_ends[lane].max(x1);
                shapes.push(Shape::Bar(x0, x1, lane));
            }
        }
        let lanes = lane_ends.iter().filter(|e| e.is_finite()).count();

        // Flags: labels above, each in the lowest row where it overlaps no other label and no
        // stem, and where its own stem crosses no label below it.
        let flag_texts: Vec<String> = events.iter().map(|e| shorten(&e.entry.text)).collect();
        // Right to left, each label to the right of its stem where there is room: what is
        // still to place lies to the left, and it finds that side free.
        let mut flags = Flags::default();
        let mut flag_row: Vec<Option<(usize, f64)>> = vec![None; events.len()];
        let mut right_to_left: Vec<usize> = (0..events.len()).collect();
        right_to_left.sort_by(|&a, &b| shapes[b].anchor().total_cmp(&shapes[a].anchor()));
        for i in right_to_left {
            flag_row[i] = flags.place(shapes[i].anchor(), text_width(&flag_texts[i]));
        }
        let rows = flag_row
            .iter()
            .flatten()
            .map(|(r, _)| r + 1)
            .max()
            .unwrap_or(0);

        // Vertical layout, top down: flag rows, bar lanes, the axis, labels under it.
        let top = 8.0;
        let flags_bottom = top + ROW * rows as f64;
        let axis_y = flags_bottom + 12.0 + 8.0 * lanes as f64 + 6.0;
        let flag_y = |row: usize| flags_bottom - ROW * row as f64 - 5.0;
        let tick_y = |row: usize| axis_y + 22.0 + 16.0 * row as f64;

        // Under the axis: the publication first, then each event's date, then the ranges.
        let pub_x = segments[segment_of(pub_day)].mid(pub_day);
        let mut labels = Vec::new();
        let mut ticks = Rows::new(TICK_ROWS);
        let pub_text = format!("published {}", short_day(published));
        let pub_w = text_width(&pub_text);
        let (pub_x0, pub_x1) = centred(pub_x, pub_w);
        ticks.reserve(0, pub_x0, pub_x1);
        labels.push(label(
            f64::midpoint(pub_x0, pub_x1),
            tick_y(0),
            pub_text,
            "published",
        ));
        // Each date once (events sorted by date put equal ones side by side), placed left to
        // right.
        let mut dated: Vec<(f64, f64, String)> = Vec::new();
        let mut previous = None;
        for (e, shape) in events.iter().zip(&shapes) {
            let days = (e.first, e.last);
            // A period that is its whole segment is named by the segment's range below.
            let whole = segments[segment_of(e.first)].first == e.first
                && segments[segment_of(e.first)].last == e.last;
            if previous == Some(days) || days == (pub_day, pub_day) || (whole && e.first < e.last) {
                continue;
            }
            previous = Some(days);
            if let (Ok(first), Ok(last)) = (
                Date::from_julian_day(e.first),
                Date::from_julian_day(e.last),
            ) {
                let text = short_range(first, last);
                let (x0, x1) = centred(shape.centre(), text_width(&text));
                dated.push((x0, x1, text));
            }
        }
        dated.sort_by(|a, b| a.0.total_cmp(&b.0));
        for (x0, x1, text) in dated {
            if let Some(row) = ticks.place(x0, x1) {
                labels.push(label(f64::midpoint(x0, x1), tick_y(row), text, "tick"));
            }
        }
        let range_top = tick_y(ticks.used()) + 6.0;
        let range_y = |row: usize| range_top + ROW * row as f64;
        let mut ranges = Rows::new(SEGMENT_ROWS);
        let mut lines = Vec::new();
        let mut folds = Vec::new();
        for (i, seg) in segments.iter().enumerate() {
            lines.push(Line {
                x1: num(seg.x0),
                x2: num(seg.x1),
                y: num(axis_y),
            });
            if let (Some(first), Some(last)) = (
                Date::from_julian_day(seg.first).ok(),
                Date::from_julian_day(seg.last).ok(),
            ) {
                let text = date_label(&crate::analysis::iso(first), &crate::analysis::iso(last));
                let (x0, x1) = centred(f64::midpoint(seg.x0, seg.x1), text_width(&text));
                if let Some(row) = ranges.place(x0, x1) {
                    labels.push(label(f64::midpoint(x0, x1), range_y(row), text, "range"));
                }
            }
            if let Some(next) = segments.get(i + 1) {
                let (a, b) = (seg.x1, next.x0);
                let mid = f64::midpoint(a, b);
                let mut path = String::new();
                for dx in [-5.0, 3.0] {
                    let _ = write!(
                        path,
                        "M{} {}L{} {}",
                        num(mid + dx - 3.0),
                        num(axis_y + 7.0),
                        num(mid + dx + 3.0),
                        num(axis_y - 7.0)
                    );
                }
                folds.push(Fold {
                    x1: num(a + 4.0),
                    x2: num(b - 4.0),
                    y: num(axis_y),
                    path,
                });
                let (x0, x1) = centred(mid, text_width("…"));
                if ranges.place_in_first(x0, x1) {
                    labels.push(label(mid, range_y(0), "…".to_owned(), "range"));
                }
            }
        }
        let height = range_y(ranges.used()) + 4.0;

        let marks = events
            .iter()
            .zip(&shapes)
            .zip(flag_texts)
            .zip(flag_row)
            .map(|(((e, shape), text), row)| {
                let (dot, bar, target_y) = match *shape {
                    Shape::Dot(x) => (
                        Some(Dot {
                            cx: num(x),
                            cy: num(axis_y),
                        }),
                        None,
                        axis_y - 5.0,
                    ),
                    Shape::Bar(x0, x1, lane) => {
                        let y = axis_y - 7.0 - 8.0 * lane as f64;
                        (
                            None,
                            Some(Bar {
                                x: num(x0),
                                y: num(y),
                                width: num(x1 - x0),
                                height: "6".to_owned(),
                            }),
                            y,
                        )
                    }
                };
                let (stem, label) = match row {
                    Some((r, x0)) => (
                        Some(Stem {
                            x: num(shape.anchor()),
                            y1: num(flag_y(r) + 4.0),
                            y2: num(target_y),
                        }),
                        Some(Label {
                            x: num(x0),
                            y: num(flag_y(r)),
                            text,
                            class: "flag",
                            anchor: "start",
                        }),
                    ),
                    None => (None, None),
                };
                Mark {
                    href: format!("#{}", e.entry.id),
                    name: format!(
                        "{}: {}",
                        e.entry.text,
                        date_label(&e.entry.start, &e.entry.end)
                    ),
                    dot,
                    bar,
                    stem,
                    label,
                }
            })
            .collect();

        let d = 5.0;
        Some(Self {
            width: num(WIDTH),
            height: num(height),
            title: title(&events, published),
            description: description(&events, &segments, published),
            lines,
            folds,
            labels,
            published: Published {
                x: num(pub_x),
                y1: num(axis_y - 12.0),
                y2: num(axis_y + 9.0),
                path: format!(
                    "M{} {}L{} {}L{} {}L{} {}Z",
                    num(pub_x),
                    num(axis_y - d),
                    num(pub_x + d),
                    num(axis_y),
                    num(pub_x),
                    num(axis_y + d),
                    num(pub_x - d),
                    num(axis_y)
                ),
            },
            marks,
        })
    }
}

/// How an event is drawn: a dot at x, or a bar from x to x in a lane.
enum Shape {
    Dot(f64),
    Bar(f64, f64, usize),
}

impl Shape {
    /// Where its flag's stem stands.
    fn anchor(&self) -> f64 {
        match *self {
            Shape::Dot(x) | Shape::Bar(x, _, _) => x,
        }
    }

    fn centre(&self) -> f64 {
        match *self {
            Shape::Dot(x) => x,
            Shape::Bar(x0, x1, _) => f64::midpoint(x0, x1),
        }
    }
}

/// The rows of flags above the axis: each row's labels and the stems that pass through it.
#[derive(Default)]
struct Flags {
    labels: [Vec<(f64, f64)>; FLAG_ROWS],
    stems: [Vec<f64>; FLAG_ROWS],
}

impl Flags {
    /// Finds a row and a side of its stem at `anchor` for a label `w` wide: its row and left
    /// end, or `None` when no row has room. Rows hold a bounded number of labels (they do not
    /// overlap), so this is constant work per label.
    fn place(&mut self, anchor: f64, w: f64) -> Option<(usize, f64)> {
        // A label pushed back over its own stem would block every stem there, so each side is
        // taken only where it fits whole; a label wider than both sides sits where it can.
        let right = anchor + 3.0;
        let left = anchor - 3.0 - w;
        let sides: Vec<f64> = [right, left]
            .into_iter()
            .filter(|&x0| x0 >= MARGIN && x0 + w <= WIDTH - MARGIN)
            .chain(std::iter::once(right.min(WIDTH - MARGIN - w).max(MARGIN)))
            .collect();
        for row in 0..FLAG_ROWS {
            // A stem may only pass rows where no label covers it.
            if self.labels[..row]
                .iter()
                .flatten()
                .any(|&(a, b)| a - 1.0 <= anchor && anchor <= b + 1.0)
            {
                return None;
            }
            for &x0 in &sides {
                let x1 = x0 + w;
                let clear = !self.labels[row]
                    .iter()
                    .any(|&(a, b)| x0 < b + SPACE && a < x1 + SPACE)
                    && !self.stems[row]
                        .iter()
                        .any(|&s| x0 - 1.0 <= s && s <= x1 + 1.0);
                if clear {
                    self.labels[row].push((x0, x1));
                    for stems in &mut self.stems[..row] {
                        stems.push(anchor);
                    }
                    return Some((row, x0));
                }
            }
        }
        None
    }
}

/// Rows of labels, filled left to right: each row remembers where its last label ends.
struct Rows {
    ends: Vec<f64>,
    reserved: Vec<(usize, f64, f64)>,
    used: usize,
}

impl Rows {
    fn new(rows: usize) -> Self {
        Self {
            ends: vec![f64::NEG_INFINITY; rows],
            reserved: Vec::new(),
            used: 0,
        }
    }

    /// Keeps `x0..x1` of `row` for a label placed out of order.
    fn reserve(&mut self, row: usize, x0: f64, x1: f64) {
        self.reserved.push((row, x0, x1));
        self.used = self.used.max(row + 1);
    }

    /// The first row where `x0..x1` overlaps nothing; labels must come in order of `x0`.
    fn place(&mut self, x0: f64, x1: f64) -> Option<usize> {
        let row = (0..self.ends.len()).find(|&r| {
            self.ends[r] + SPACE <= x0
                && !self
                    .reserved
                    .iter()
                    .any(|&(rr, a, b)| rr == r && x0 < b + SPACE && a < x1 + SPACE)
        })?;
        self.ends[row] = x1;
        self.used = self.used.max(row + 1);
        Some(row)
    }

    /// Places `x0..x1` in the first row or nowhere.
    fn place_in_first(&mut self, x0: f64, x1: f64) -> bool {
        let fits = self.ends.first().is_some_and(|&end| end + SPACE <= x0);
        if fits {
            self.ends[0] = x1;
            self.used = self.used.max(1);
        }
        fits
    }

    /// How many rows hold a label.
    fn used(&self) -> usize {
        self.used
    }
}

/// Cuts the sorted events (and the publication day) into segments at long empty stretches.
fn segments(events: &[Event], published: i32) -> Vec<Segment> {
    let mut spans: Vec<(i32, i32)> = events.iter().map(|e| (e.first, e.last)).collect();
    spans.push((published, published));
    spans.sort_unstable();
    let mut out: Vec<Segment> = Vec::new();
    for (first, last) in spans {
        if let Some(cur) = out.last_mut() {
            let gap = first - cur.last - 1;
            let longest = (cur.last - cur.first).max(last - first);
            if gap <= FOLD_DAYS.max(longest / 2) {
                cur.last = cur.last.max(last);
                continue;
            }
        }
        out.push(Segment {
            first,
            last,
            weight: 1.0,
            x0: 0.0,
            x1: 0.0,
        });
    }
    // Each event adds to the weight of its segment (both lists are sorted).
    let mut at = 0;
    for e in events {
        while at + 1 < out.len() && out[at].last < e.first {
            at += 1;
        }
        out[at].weight += 1.0;
    }
    out
}

/// Gives each segment its share of the width: a minimum, and the rest by how many events it
/// holds, since that is where labels need room.
fn lay_out(segments: &mut [Segment]) {
    let n = segments.len() as f64;
    let room = WIDTH - 2.0 * MARGIN - FOLD * (n - 1.0);
    let floor = MIN_SEGMENT.min(room / n);
    let spare = room - floor * n;
    let total: f64 = segments.iter().map(|s| s.weight).sum();
    let mut x = MARGIN;
    for s in segments {
        let w = floor + spare * s.weight / total;
        s.x0 = x;
        s.x1 = x + w;
        x += w + FOLD;
    }
}

/// A label centred on `x`, kept inside the picture: its left and right ends.
fn centred(x: f64, w: f64) -> (f64, f64) {
    let x0 = (x - w / 2.0).clamp(MARGIN, WIDTH - MARGIN - w);
    (x0, x0 + w)
}

fn label(x: f64, y: f64, text: String, class: &'static str) -> Label {
    Label {
        x: num(x),
        y: num(y),
        text,
        class,
        anchor: "middle",
    }
}

/// A generous estimate of a label's width at [`FONT`] in a system sans-serif: wide letters,
/// capitals and digits count more than `i`, `l` and punctuation.
fn text_width(text: &str) -> f64 {
    let ems: f64 = text
        .chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '’' | '!' | '|' | '(' | ')' => 0.3,
            ' ' => 0.3,
            'f' | 't' | 'r' => 0.4,
            'm' | 'w' => 0.85,
            'M' | 'W' => 0.95,
            '…' | '—' => 1.0,
            c if c.is_uppercase() => 0.7,
            c if c.is_ascii_digit() => 0.58,
            c if c.is_ascii() => 0.56,
            _ => 1.0,
        })
        .sum();
    ems * FONT * 1.1
}

/// A flag's words, at most 28 characters.
fn shorten(text: &str) -> String {
    const MAX: usize = 28;
    if text.chars().count() <= MAX {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(MAX - 1).collect();
    out.push('…');
    out
}

/// `11 Nov`.
fn short_day(d: Date) -> String {
    format!("{} {}", d.day(), month_abbr(d.month()))
}

/// A date or range as briefly as it reads: `11 Nov`, `16–22 Nov`, `Nov 2020`, `1990–1993`.
fn short_range(first: Date, last: Date) -> String {
    let whole_years = first.month() == Month::January
        && first.day() == 1
        && last.month() == Month::December
        && last.day() == 31;
    let whole_month = first.day() == 1
        && first.month() == last.month()
        && first.year() == last.year()
        && last.day() == last.month().length(last.year());
    if first == last {
        short_day(first)
    } else if whole_years {
        if first.year() == last.year() {
            first.year().to_string()
        } else {
            format!("{}–{}", first.year(), last.year())
        }
    } else if whole_month {
        format!("{} {}", month_abbr(first.month()), first.year())
    } else if first.year() == last.year() && first.month() == last.month() {
        format!(
            "{}–{} {}",
            first.day(),
            last.day(),
            month_abbr(first.month())
        )
    } else if first.year() == last.year() {
        format!("{} – {}", short_day(first), short_day(last))
    } else {
        format!(
            "{} {} – {} {}",
            month_abbr(first.month()),
            first.year(),
            month_abbr(last.month()),
            last.year()
        )
    }
}

fn month_abbr(m: Month) -> &'static str {
    [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ][usize::from(u8::from(m)) - 1]
}

fn title(events: &[Event], published: Date) -> String {
    let first = events
        .iter()
        .map(|e| e.first)
        .min()
        .unwrap_or(published.to_julian_day())
        .min(published.to_julian_day());
    let last = events
        .iter()
        .map(|e| e.last)
        .max()
        .unwrap_or(published.to_julian_day())
        .max(published.to_julian_day());
    let year = |day: i32| Date::from_julian_day(day).map_or(0, Date::year);
    let n = events.len();
    let span = if year(first) == year(last) {
        year(first).to_string()
    } else {
        format!("{} to {}", year(first), year(last))
    };
    format!(
        "Time axis of {n} {}, {span}",
        if n == 1 { "event" } else { "events" }
    )
}

/// The picture in words: its span, where it is folded, and the events in date order.
fn description(events: &[Event], segments: &[Segment], published: Date) -> String {
    let iso = |day: i32| {
        Date::from_julian_day(day)
            .map(crate::analysis::iso)
            .unwrap_or_default()
    };
    let range = |s: &Segment| date_label(&iso(s.first), &iso(s.last));
    let mut out = format!(
        "The article's dates on a time axis, with its publication day, {}, marked. ",
        date_label(
            &crate::analysis::iso(published),
            &crate::analysis::iso(published)
        )
    );
    if segments.len() > 1 {
        let parts: Vec<String> = segments.iter().map(range).collect();
        let _ = write!(
            out,
            "Long empty stretches are folded: {}. ",
            parts.join(" … ")
        );
    }
    let named: Vec<String> = events
        .iter()
        .take(DESCRIBED)
        .map(|e| {
            format!(
                "{}, {}",
                e.entry.text,
                date_label(&e.entry.start, &e.entry.end)
            )
        })
        .collect();
    let _ = write!(out, "In date order: {}.", named.join("; "));
    if events.len() > DESCRIBED {
        let _ = write!(
            out,
            " And {} more; the list below has every one.",
            events.len() - DESCRIBED
        );
    }
    out
}

fn parse_day(iso: &str) -> Option<Date> {
    let mut parts = iso.splitn(3, '-');
    let year = parts.next()?.parse().ok()?;
    let month = Month::try_from(parts.next()?.parse::<u8>().ok()?).ok()?;
    let day = parts.next()?.parse().ok()?;
    Date::from_calendar_date(year, month, day).ok()
}

/// One decimal place is finer than any screen needs.
fn num(v: f64) -> String {
    let s = format!("{v:.1}");
    s.strip_suffix(".0").map_or(s.clone(), str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::dates::Rule;
    use crate::analysis::{EMBEDDED_ARTICLE, Gazetteer, Mention, analyze};

    fn reference() -> Analysis {
        analyze(EMBEDDED_ARTICLE, &Gazetteer::default()).expect("the reference parses")
    }

    fn f(s: &str) -> f64 {
        s.parse().unwrap_or(f64::NAN)
    }

    /// The estimated box of a label: left, right, baseline.
    fn boxed(l: &Label) -> (f64, f64, f64) {
        let w = text_width(&l.text);
        let x = f(&l.x);
        let x0 = if l.anchor == "middle" { x - w / 2.0 } else { x };
        (x0, x0 + w, f(&l.y))
    }

    fn every_label(axis: &Axis) -> Vec<&Label> {
        axis.labels
            .iter()
            .chain(axis.marks.iter().filter_map(|m| m.label.as_ref()))
            .collect()
    }

    /// No two labels overlap, none leaves the picture, and no stem runs through a label.
    fn assert_readable(axis: &Axis) {
        let labels = every_label(axis);
        for (i, a) in labels.iter().enumerate() {
            let (a0, a1, ay) = boxed(a);
            assert!(
                a0 >= MARGIN - 0.1 && a1 <= WIDTH - MARGIN + 0.1,
                "{:?} leaves the picture",
                a.text
            );
            for b in &labels[i + 1..] {
                let (b0, b1, by) = boxed(b);
                let apart = (ay - by).abs() >= FONT || a1 <= b0 || b1 <= a0;
                assert!(apart, "{:?} overlaps {:?}", a.text, b.text);
            }
            for m in &axis.marks {
                let Some(stem) = &m.stem else { continue };
                let (x, y1, y2) = (f(&stem.x), f(&stem.y1), f(&stem.y2));
                let crosses = a0 < x && x < a1 && y1 < ay - 2.0 && ay - FONT < y2;
                let own = m.label.as_ref().is_some_and(|l| std::ptr::eq(l, *a));
                assert!(own || !crosses, "a stem runs through {:?}", a.text);
            }
        }
    }

    #[test]
    fn the_reference_axis_folds_between_the_1990s_and_2020() {
        let axis = Axis::of(&reference()).expect("the reference has dates");
        assert_eq!(axis.lines.len(), 2, "two segments");
        assert_eq!(axis.folds.len(), 1, "one break");
        let ranges: Vec<&str> = axis
            .labels
            .iter()
            .filter(|l| l.class == "range")
            .map(|l| l.text.as_str())
            .collect();
        assert_eq!(ranges, ["1990 – 1993", "…", "11–25 November 2020"]);
        assert!(
            axis.description
                .contains("1990 – 1993 … 11–25 November 2020")
        );
        assert_eq!(axis.title, "Time axis of 7 events, 1990 to 2020");
    }

    #[test]
    fn every_reference_event_is_a_labelled_link_to_its_entry() {
        let a = reference();
        let axis = Axis::of(&a).expect("dates");
        let mut hrefs: Vec<&str> = axis.marks.iter().map(|m| m.href.as_str()).collect();
        hrefs.sort_unstable();
        assert_eq!(hrefs, ["#t1", "#t2", "#t3", "#t4", "#t5", "#t6", "#t7"]);
        assert!(axis.marks.iter().all(|m| m.label.is_some()), "room for all");
        let bars = axis.marks.iter().filter(|m| m.bar.is_some()).count();
        assert_eq!(bars, 2, "early 1990s and last week are periods");
        assert_readable(&axis);
        let published = axis.labels.iter().find(|l| l.class == "published");
        assert_eq!(published.map(|l| l.text.as_str()), Some("published 25 Nov"));
    }

    fn entry(n: usize, text: &str, start: &str, end: &str) -> TimelineEntry {
        TimelineEntry {
            id: format!("t{n}"),
            text: text.to_owned(),
            start: start.to_owned(),
            end: end.to_owned(),
            rule: Rule::WrittenDate,
            block: "p1".to_owned(),
            mentions: vec![Mention {
                block: "p1".to_owned(),
                start: 0,
                end: 1,
                text: text.to_owned(),
            }],
        }
    }

    #[test]
    fn dates_within_weeks_of_each_other_are_not_folded() {
        let mut a = reference();
        a.timeline = vec![
            entry(1, "Oct. 1", "2020-10-01", "2020-10-01"),
            entry(2, "last week", "2020-11-16", "2020-11-22"),
        ];
        let axis = Axis::of(&a).expect("dates");
        assert_eq!((axis.lines.len(), axis.folds.len()), (1, 0));
        assert_readable(&axis);
    }

    #[test]
    fn a_crowded_day_gets_rows_of_labels_and_what_finds_no_room_keeps_its_name() {
        let mut a = reference();
        a.timeline = (1..=30)
            .map(|n| entry(n, &format!("event number {n}"), "2020-11-25", "2020-11-25"))
            .collect();
        let axis = Axis::of(&a).expect("dates");
        let labelled = axis.marks.iter().filter(|m| m.label.is_some()).count();
        assert_eq!(
            labelled,
            2 * FLAG_ROWS,
            "a label each side of the stem in every row"
        );
        assert!(
            axis.marks
                .iter()
                .all(|m| m.name.starts_with("event number") && m.name.ends_with("25 November 2020"))
        );
        assert!(
            axis.description
                .contains("event number 30, 25 November 2020")
        );
        assert_readable(&axis);
    }

    #[test]
    fn an_article_without_dates_has_no_picture() {
        let mut a = reference();
        a.timeline.clear();
        assert!(Axis::of(&a).is_none());
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn iso(day: i32) -> String {
            Date::from_julian_day(day)
                .map(crate::analysis::iso)
                .unwrap_or_default()
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(64))]

            #[test]
            fn labels_never_overlap_and_marks_stay_on_their_segment(
                events in prop::collection::vec(
                    (-20_000i32..400, prop_oneof![Just(0i32), 0i32..2000], "[A-Za-z ,.]{1,40}"),
                    1..40,
                ),
            ) {
                let published = date_of("2020-11-25");
                let mut a = reference();
                a.timeline = events
                    .iter()
                    .enumerate()
                    .map(|(n, (back, len, text))| {
                        let first = published - back;
                        entry(n + 1, text, &iso(first), &iso(first + len))
                    })
                    .collect();
                let axis = Axis::of(&a).expect("dates");
                assert_readable(&axis);
                let lines: Vec<(f64, f64)> =
                    axis.lines.iter().map(|l| (f(&l.x1), f(&l.x2))).collect();
                prop_assert!(lines.windows(2).all(|w| w[0].1 < w[1].0), "segments in order");
                for m in &axis.marks {
                    let x = match (&m.dot, &m.bar) {
                        (Some(d), _) => f(&d.cx),
                        (_, Some(b)) => f(&b.x),
                        _ => f64::NAN,
                    };
                    prop_assert!(
                        lines.iter().any(|&(x1, x2)| x1 <= x && x <= x2),
                        "{} at {x} is on no segment", m.name
                    );
                }
            }
        }

        fn date_of(iso: &str) -> i32 {
            parse_day(iso).map_or(0, Date::to_julian_day)
        }
    }
}
