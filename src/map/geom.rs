//! Plane geometry in SVG units: clipping to the frame, simplification to what a pixel shows,
//! and compact path data.

use std::fmt::Write as _;

pub type Pt = (f64, f64);

/// An axis-aligned rectangle in SVG units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rect {
    #[must_use]
    pub fn new(x: f64, y: f64, w: f64, h: f64) -> Self {
        Self {
            x0: x,
            y0: y,
            x1: x + w,
            y1: y + h,
        }
    }

    #[must_use]
    pub fn grow(&self, by: f64) -> Self {
        Self {
            x0: self.x0 - by,
            y0: self.y0 - by,
            x1: self.x1 + by,
            y1: self.y1 + by,
        }
    }

    #[must_use]
    pub fn width(&self) -> f64 {
        self.x1 - self.x0
    }

    #[must_use]
    pub fn height(&self) -> f64 {
        self.y1 - self.y0
    }

    #[must_use]
    pub fn contains(&self, (x, y): Pt) -> bool {
        (self.x0..=self.x1).contains(&x) && (self.y0..=self.y1).contains(&y)
    }

    /// The area two rectangles share (0 when apart).
    #[must_use]
    pub fn overlap(&self, o: &Rect) -> f64 {
        let w = self.x1.min(o.x1) - self.x0.max(o.x0);
        let h = self.y1.min(o.y1) - self.y0.max(o.y0);
        if w > 0.0 && h > 0.0 { w * h } else { 0.0 }
    }

    #[must_use]
    pub fn inside(&self, o: &Rect) -> bool {
        self.x0 >= o.x0 && self.y0 >= o.y0 && self.x1 <= o.x1 && self.y1 <= o.y1
    }
}

/// Douglas-Peucker: the fewest points within `tolerance` of the line (ends kept).
#[must_use]
pub fn simplify(points: &[Pt], tolerance: f64) -> Vec<Pt> {
    if points.len() <= 2 {
        return points.to_vec();
    }
    let mut keep = vec![false; points.len()];
    keep[0] = true;
    keep[points.len() - 1] = true;
    let mut stack = vec![(0, points.len() - 1)];
    let t2 = tolerance * tolerance;
    while let Some((a, b)) = stack.pop() {
        let (mut worst, mut at) = (t2, 0);
        for i in a + 1..b {
            let d = segment_distance2(points[i], points[a], points[b]);
            if d > worst {
                worst = d;
                at = i;
            }
        }
        if at > 0 {
            keep[at] = true;
            stack.push((a, at));
            stack.push((at, b));
        }
    }
    points
        .iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(p, _)| *p)
        .collect()
}

/// Squared distance from `p` to the segment `a`–`b`.
#[must_use]
pub fn segment_distance2(p: Pt, a: Pt, b: Pt) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (ex, ey) = (a.0 + t * dx - p.0, a.1 + t * dy - p.1);
    ex * ex + ey * ey
}

/// One edge of the clip rectangle: which side is inside, and where a segment crosses it.
type Edge = (fn(Pt, &Rect) -> bool, fn(Pt, Pt, &Rect) -> Pt);

/// Sutherland-Hodgman: a ring cut to a rectangle (the cut runs along the rectangle's edge).
#[must_use]
pub fn clip_ring(ring: &[Pt], r: &Rect) -> Vec<Pt> {
    let mut out = ring.to_vec();
    let edges: [Edge; 4] = [
        (|p, r| p.0 >= r.x0, |a, b, r| at_x(a, b, r.x0)),
        (|p, r| p.0 <= r.x1, |a, b, r| at_x(a, b, r.x1)),
        (|p, r| p.1 >= r.y0, |a, b, r| at_y(a, b, r.y0)),
        (|p, r| p.1 <= r.y1, |a, b, r| at_y(a, b, r.y1)),
    ];
    for (inside, cross) in edges {
        if out.is_empty() {
            break;
        }
        let input = std::mem::take(&mut out);
        let mut prev = input[input.len() - 1];
        for &p in &input {
            match (inside(p, r), inside(prev, r)) {
                (true, true) => out.push(p),
                (true, false) => {
                    out.push(cross(prev, p, r));
                    out.push(p);
                }
                (false, true) => out.push(cross(prev, p, r)),
                (false, false) => {}
            }
            prev = p;
        }
    }
    out
}

fn at_x(a: Pt, b: Pt, x: f64) -> Pt {
    let t = (x - a.0) / (b.0 - a.0);
    (x, a.1 + t * (b.1 - a.1))
}

fn at_y(a: Pt, b: Pt, y: f64) -> Pt {
    let t = (y - a.1) / (b.1 - a.1);
    (a.0 + t * (b.0 - a.0), y)
}

/// A line cut to a rectangle: the runs that lie inside it (Liang-Barsky per segment).
#[must_use]
pub fn clip_line(line: &[Pt], r: &Rect) -> Vec<Vec<Pt>> {
    let mut runs: Vec<Vec<Pt>> = Vec::new();
    let mut current: Vec<Pt> = Vec::new();
    for w in line.windows(2) {
        match clip_segment(w[0], w[1], r) {
            Some((a, b)) => {
                if current.last() != Some(&a) {
                    if current.len() > 1 {
                        runs.push(std::mem::take(&mut current));
                    }
                    current.clear();
                    current.push(a);
                }
                current.push(b);
                // Leaving the rectangle ends the run.
                if b != w[1] {
                    runs.push(std::mem::take(&mut current));
                }
            }
            None => {
                if current.len() > 1 {
                    runs.push(std::mem::take(&mut current));
                }
                current.clear();
            }
        }
    }
    if current.len() > 1 {
        runs.push(current);
    }
    runs
}

fn clip_segment(a: Pt, b: Pt, r: &Rect) -> Option<(Pt, Pt)> {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
    for (p, q) in [
        (-dx, a.0 - r.x0),
        (dx, r.x1 - a.0),
        (-dy, a.1 - r.y0),
        (dy, r.y1 - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    if t0 > t1 {
        return None;
    }
    let at = |t: f64| {
        if t == 0.0 {
            a
        } else if t == 1.0 {
            b
        } else {
            (a.0 + t * dx, a.1 + t * dy)
        }
    };
    Some((at(t0), at(t1)))
}

/// Signed area (shoelace); positive for clockwise rings on screen (y down).
#[must_use]
pub fn area(ring: &[Pt]) -> f64 {
    let mut sum = 0.0;
    let mut prev = match ring.last() {
        Some(p) => *p,
        None => return 0.0,
    };
    for &p in ring {
        sum += prev.0 * p.1 - p.0 * prev.1;
        prev = p;
    }
    sum / 2.0
}

/// Even-odd point-in-ring test in the plane.
#[must_use]
pub fn ring_contains(ring: &[Pt], (x, y): Pt) -> bool {
    let mut inside = false;
    let mut j = ring.len().wrapping_sub(1);
    for i in 0..ring.len() {
        let ((xi, yi), (xj, yj)) = (ring[i], ring[j]);
        if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
            inside = !inside;
        }
        j = i;
    }
    inside
}

/// Path data in whole steps of `1 / per_unit` SVG units, relative moves after the first point
/// of each part. Geography is written in half units (`per_unit` 2, drawn inside a
/// `scale(.5)` group: integers only, about half the bytes of one decimal); marks in tenths.
#[derive(Debug)]
pub struct PathData {
    d: String,
    per_unit: f64,
    /// The last written point, in steps (relative moves are taken from it, so rounding never
    /// accumulates).
    at: (i64, i64),
}

impl Default for PathData {
    fn default() -> Self {
        Self::new()
    }
}

impl PathData {
    /// Tenths of a unit.
    #[must_use]
    pub fn new() -> Self {
        Self {
            d: String::new(),
            per_unit: 10.0,
            at: (0, 0),
        }
    }

    /// Half units, for the `scale(.5)` geography group.
    #[must_use]
    pub fn halves() -> Self {
        Self {
            per_unit: 2.0,
            ..Self::new()
        }
    }

    /// A closed ring (`closed`) or an open line.
    pub fn add(&mut self, points: &[Pt], closed: bool) {
        let Some(&first) = points.first() else {
            return;
        };
        let first = self.steps(first);
        self.d.push('M');
        self.number(first.0, true);
        self.number(first.1, false);
        self.at = first;
        let mut wrote = false;
        for &p in &points[1..] {
            let p = self.steps(p);
            if p == self.at {
                continue;
            }
            if !wrote {
                self.d.push('l');
            }
            self.number(p.0 - self.at.0, !wrote);
            self.number(p.1 - self.at.1, false);
            self.at = p;
            wrote = true;
        }
        if closed {
            self.d.push('z');
            self.at = first;
        }
    }

    #[allow(clippy::cast_possible_truncation)]
    fn steps(&self, (x, y): Pt) -> (i64, i64) {
        (
            (x * self.per_unit).round() as i64,
            (y * self.per_unit).round() as i64,
        )
    }

    fn number(&mut self, steps: i64, after_command: bool) {
        if steps >= 0 && !after_command {
            self.d.push(' ');
        }
        if steps < 0 {
            self.d.push('-');
        }
        let abs = steps.unsigned_abs();
        if self.per_unit < 10.0 {
            let _ = write!(self.d, "{abs}");
            return;
        }
        let (whole, frac) = (abs / 10, abs % 10);
        if frac == 0 {
            let _ = write!(self.d, "{whole}");
        } else if whole == 0 {
            let _ = write!(self.d, ".{frac}");
        } else {
            let _ = write!(self.d, "{whole}.{frac}");
        }
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.d.is_empty()
    }

    #[must_use]
    pub fn finish(self) -> String {
        self.d
    }
}

/// One decimal, without a trailing `.0`.
#[must_use]
pub fn num(v: f64) -> String {
    let mut p = PathData::new();
    let steps = p.steps((v, 0.0)).0;
    p.number(steps, true);
    p.d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ring_half_outside_is_cut_along_the_edge() {
        let r = Rect::new(0.0, 0.0, 10.0, 10.0);
        let ring = [(5.0, 5.0), (15.0, 5.0), (15.0, 8.0), (5.0, 8.0)];
        let cut = clip_ring(&ring, &r);
        assert!(cut.iter().all(|p| p.0 <= 10.0));
        assert!((area(&cut).abs() - 15.0).abs() < 1e-9);
    }

    #[test]
    fn a_line_leaving_and_coming_back_is_two_runs() {
        let r = Rect::new(0.0, 0.0, 10.0, 10.0);
        let line = [
            (1.0, 1.0),
            (5.0, 1.0),
            (20.0, 1.0),
            (20.0, 5.0),
            (5.0, 5.0),
            (2.0, 5.0),
        ];
        let runs = clip_line(&line, &r);
        assert_eq!(runs.len(), 2, "{runs:?}");
        assert_eq!(runs[0], vec![(1.0, 1.0), (5.0, 1.0), (10.0, 1.0)]);
        assert_eq!(runs[1], vec![(10.0, 5.0), (5.0, 5.0), (2.0, 5.0)]);
    }

    #[test]
    fn path_data_is_relative_and_short() {
        let mut p = PathData::new();
        p.add(&[(10.0, 20.0), (10.5, 19.0), (12.0, 19.0)], true);
        assert_eq!(p.finish(), "M10 20l.5-1 1.5 0z");
        let mut p = PathData::halves();
        p.add(&[(10.0, 20.0), (10.5, 19.0), (12.0, 19.0)], true);
        assert_eq!(p.finish(), "M20 40l1-2 3 0z");
    }

    #[test]
    fn simplification_keeps_corners_and_drops_what_a_pixel_hides() {
        let line = [(0.0, 0.0), (5.0, 0.1), (10.0, 0.0), (10.0, 10.0)];
        assert_eq!(
            simplify(&line, 0.5),
            vec![(0.0, 0.0), (10.0, 0.0), (10.0, 10.0)]
        );
    }
}
