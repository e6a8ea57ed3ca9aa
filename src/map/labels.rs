//! Label placement: text sizes estimated from font metrics, then a greedy placer that tries
//! candidate positions around each point and keeps the first that overlaps nothing.

use super::geom::{Pt, Rect};

/// Advance widths in em of DejaVu Sans (the widest common `system-ui` fallback; narrower
/// fonts only leave more room), for the printable ASCII range from `' '`.
const WIDTHS: [f64; 95] = [
    0.319, 0.401, 0.460, 0.838, 0.636, 0.950, 0.780, 0.275, 0.390, 0.390, 0.500, 0.838, 0.319,
    0.361, 0.319, 0.337, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636,
    0.337, 0.337, 0.838, 0.838, 0.838, 0.531, 1.000, 0.684, 0.686, 0.698, 0.770, 0.632, 0.575,
    0.775, 0.752, 0.295, 0.295, 0.656, 0.557, 0.863, 0.748, 0.787, 0.603, 0.787, 0.695, 0.635,
    0.611, 0.732, 0.684, 0.989, 0.685, 0.611, 0.685, 0.390, 0.337, 0.390, 0.838, 0.500, 0.500,
    0.613, 0.635, 0.550, 0.635, 0.615, 0.352, 0.635, 0.634, 0.278, 0.278, 0.579, 0.278, 0.974,
    0.634, 0.612, 0.635, 0.635, 0.411, 0.521, 0.392, 0.634, 0.592, 0.818, 0.592, 0.592, 0.525,
    0.636, 0.337, 0.636, 0.838,
];

/// A font as the map's CSS sets it.
#[derive(Debug, Clone, Copy)]
pub struct Font {
    pub size: f64,
    pub bold: bool,
    /// Extra space after each letter, in em.
    pub spacing: f64,
}

impl Font {
    /// The width of `text` in SVG units, rounded up a little so the real text never exceeds it.
    #[must_use]
    pub fn width(&self, text: &str) -> f64 {
        let ems: f64 = text
            .chars()
            .map(|c| {
                let w = u32::from(c)
                    .checked_sub(32)
                    .and_then(|i| WIDTHS.get(i as usize))
                    .copied()
                    // Letters with diacritics are as wide as their base letter; a capital one
                    // as wide as the widest common capital.
                    .unwrap_or(if c.is_uppercase() { 0.80 } else { 0.70 });
                w + self.spacing
            })
            .sum();
        let bold = if self.bold { 1.12 } else { 1.0 };
        ems * self.size * bold * 1.04 + 1.0
    }

    /// From the baseline up to the top of the box browsers report for a line of text.
    #[must_use]
    pub fn ascent(&self) -> f64 {
        self.size * 0.95
    }

    #[must_use]
    pub fn descent(&self) -> f64 {
        self.size * 0.27
    }
}

/// Where a label went: its anchor point (SVG `x`, baseline `y`), `text-anchor`, and its box.
#[derive(Debug, Clone)]
pub struct Placed {
    pub x: f64,
    pub y: f64,
    pub anchor: &'static str,
    pub rect: Rect,
    /// A leader line from the point, when the label had to stand off.
    pub leader: Option<(Pt, Pt)>,
}

/// Boxes already taken and the area labels must stay inside.
#[derive(Debug, Clone)]
pub struct Placer {
    bounds: Rect,
    taken: Vec<Rect>,
}

impl Placer {
    #[must_use]
    pub fn new(bounds: Rect) -> Self {
        Self {
            bounds,
            taken: Vec::new(),
        }
    }

    pub fn block(&mut self, r: Rect) {
        self.taken.push(r);
    }

    #[must_use]
    pub fn is_free(&self, r: &Rect) -> bool {
        r.inside(&self.bounds) && self.taken.iter().all(|t| t.overlap(r) == 0.0)
    }

    /// A label beside a point of radius `radius`: the first free position among the usual
    /// ones (right, left, above, below, then the diagonals), further out in steps, and at
    /// last standing off with a leader line. `None` when nothing is free.
    pub fn beside(&mut self, (x, y): Pt, radius: f64, text: &str, font: Font) -> Option<Placed> {
        let w = font.width(text);
        let (asc, desc) = (font.ascent(), font.descent());
        let h = asc + desc;
        for step in 0..4 {
            #[allow(clippy::cast_precision_loss)]
            let gap = radius + 2.0 + f64::from(step) * 7.0;
            // (anchor, baseline x, baseline y) for each position.
            let mid = y + (asc - desc) / 2.0;
            let candidates: [(&'static str, f64, f64); 8] = [
                ("start", x + gap, mid),
                ("end", x - gap, mid),
                ("middle", x, y - gap - desc),
                ("middle", x, y + gap + asc),
                ("start", x + gap * 0.7, y - gap * 0.7 - desc),
                ("start", x + gap * 0.7, y + gap * 0.7 + asc),
                ("end", x - gap * 0.7, y - gap * 0.7 - desc),
                ("end", x - gap * 0.7, y + gap * 0.7 + asc),
            ];
            for (anchor, bx, by) in candidates {
                let left = match anchor {
                    "start" => bx,
                    "end" => bx - w,
                    _ => bx - w / 2.0,
                };
                let rect = Rect::new(left, by - asc, w, h);
                if self.is_free(&rect) {
                    let leader = (step >= 2).then(|| ((x, y), nearest_on(&rect, (x, y))));
                    self.taken.push(rect);
                    return Some(Placed {
                        x: bx,
                        y: by,
                        anchor,
                        rect,
                        leader,
                    });
                }
            }
        }
        None
    }

    /// A label centred on the first free point of `spots` (best first).
    pub fn centred(&mut self, spots: &[Pt], text: &str, font: Font) -> Option<Placed> {
        let w = font.width(text);
        let (asc, desc) = (font.ascent(), font.descent());
        for &(x, y) in spots {
            let by = y + (asc - desc) / 2.0;
            let rect = Rect::new(x - w / 2.0, by - asc, w, asc + desc);
            if self.is_free(&rect) {
                self.taken.push(rect);
                return Some(Placed {
                    x,
                    y: by,
                    anchor: "middle",
                    rect,
                    leader: None,
                });
            }
        }
        None
    }
}

fn nearest_on(r: &Rect, (x, y): Pt) -> Pt {
    (x.clamp(r.x0, r.x1), y.clamp(r.y0, r.y1))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FONT: Font = Font {
        size: 13.0,
        bold: false,
        spacing: 0.0,
    };

    #[test]
    fn wider_words_measure_wider() {
        assert!(FONT.width("Nagorno-Karabakh") > FONT.width("Baku") * 3.0);
        assert!(FONT.width("Ağdam") >= FONT.width("Agdam"));
    }

    #[test]
    fn two_close_points_get_labels_that_do_not_overlap() {
        let mut placer = Placer::new(Rect::new(0.0, 0.0, 300.0, 200.0));
        let (a, b) = ((100.0, 100.0), (110.0, 104.0));
        for p in [a, b] {
            placer.block(Rect::new(p.0 - 5.0, p.1 - 5.0, 10.0, 10.0));
        }
        let la = placer
            .beside(a, 5.0, "Stepanakert", FONT)
            .expect("room for the first");
        let lb = placer
            .beside(b, 5.0, "Shusha", FONT)
            .expect("room for the second");
        assert_eq!(la.rect.overlap(&lb.rect), 0.0);
    }

    #[test]
    fn a_label_never_leaves_the_frame() {
        let mut placer = Placer::new(Rect::new(0.0, 0.0, 300.0, 200.0));
        let l = placer
            .beside((295.0, 100.0), 5.0, "Baku", FONT)
            .expect("placed");
        assert_eq!(l.anchor, "end");
        assert!(l.rect.x1 <= 300.0);
    }
}
