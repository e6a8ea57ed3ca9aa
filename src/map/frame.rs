//! What a map shows: a projection centred on the frame, the frame's extent on the plane, and
//! the conversions between degrees, km on the plane and SVG units.

use super::atlas::Bbox;
use super::geom::{Pt, Rect};
use super::project::Laea;
use super::{HEIGHT, WIDTH};

/// Room left around the framed points for their labels, in SVG units.
const PAD_X: f64 = 64.0;
const PAD_Y: f64 = 44.0;

/// An extent on the projected plane, in km.
#[derive(Debug, Clone, Copy)]
pub struct KmBox {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

#[derive(Debug, Clone, Copy)]
pub struct Frame {
    proj: Laea,
    /// The view's centre on the plane, km.
    cx: f64,
    cy: f64,
    /// km per SVG unit.
    k: f64,
}

impl Frame {
    /// A frame around `[lon, lat]` points, the projection centred on their middle, at least
    /// `min_half_km` from the centre to the nearer edge.
    #[must_use]
    pub fn fit_points(points: &[[f64; 2]], min_half_km: f64) -> Self {
        let lon_ref = points.first().map_or(0.0, |p| p[0]);
        let unwrap = |lon: f64| lon_ref + (lon - lon_ref + 180.0).rem_euclid(360.0) - 180.0;
        let (mut w, mut e, mut s, mut n) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
        for p in points {
            let lon = unwrap(p[0]);
            w = w.min(lon);
            e = e.max(lon);
            s = s.min(p[1]);
            n = n.max(p[1]);
        }
        let proj = Laea::new(f64::midpoint(s, n), f64::midpoint(w, e));
        Self::fit_points_with(proj, points, min_half_km)
    }

    /// The same with a given projection.
    #[must_use]
    pub fn fit_points_with(proj: Laea, points: &[[f64; 2]], min_half_km: f64) -> Self {
        let mut b = KmBox {
            x0: f64::MAX,
            y0: f64::MAX,
            x1: f64::MIN,
            y1: f64::MIN,
        };
        for p in points {
            let (x, y) = proj.forward(p[0], p[1]);
            b.x0 = b.x0.min(x);
            b.x1 = b.x1.max(x);
            b.y0 = b.y0.min(y);
            b.y1 = b.y1.max(y);
        }
        if points.is_empty() {
            b = KmBox {
                x0: 0.0,
                y0: 0.0,
                x1: 0.0,
                y1: 0.0,
            };
        }
        Self::fit_box(proj, b, min_half_km)
    }

    fn fit_box(proj: Laea, b: KmBox, min_half_km: f64) -> Self {
        let (cx, cy) = (f64::midpoint(b.x0, b.x1), f64::midpoint(b.y0, b.y1));
        let span_x = (b.x1 - b.x0).max(2.0 * min_half_km * WIDTH / HEIGHT);
        let span_y = (b.y1 - b.y0).max(2.0 * min_half_km);
        let k = (span_x / (WIDTH - 2.0 * PAD_X)).max(span_y / (HEIGHT - 2.0 * PAD_Y));
        Self { proj, cx, cy, k }
    }

    /// Centred on one place, `radius_km` to the top and bottom edges, widened if needed to
    /// take in `extra` points (`[lon, lat]`) while staying centred.
    #[must_use]
    pub fn centred(lat: f64, lon: f64, radius_km: f64, extra: &[[f64; 2]]) -> Self {
        let proj = Laea::new(lat, lon);
        let (mut hx, mut hy) = (radius_km * WIDTH / HEIGHT, radius_km);
        for p in extra {
            let (x, y) = proj.forward(p[0], p[1]);
            hx = hx.max(x.abs() * WIDTH / (WIDTH - 2.0 * PAD_X));
            hy = hy.max(y.abs() * HEIGHT / (HEIGHT - 2.0 * PAD_Y));
        }
        let k = (2.0 * hx / WIDTH).max(2.0 * hy / HEIGHT);
        Self {
            proj,
            cx: 0.0,
            cy: 0.0,
            k,
        }
    }

    /// A plain frame of `half_km` around a point.
    #[must_use]
    pub fn around_point(lat: f64, lon: f64, half_km: f64) -> Self {
        Self::centred(lat, lon, half_km, &[])
    }

    #[must_use]
    pub fn projection(&self) -> Laea {
        self.proj
    }

    #[must_use]
    pub fn km_per_px(&self) -> f64 {
        self.k
    }

    /// `[lon, lat]` → SVG units.
    #[must_use]
    pub fn px(&self, lon: f64, lat: f64) -> Pt {
        let (x, y) = self.proj.forward(lon, lat);
        self.plane_to_px(x, y)
    }

    #[must_use]
    pub fn plane_to_px(&self, x: f64, y: f64) -> Pt {
        (
            WIDTH / 2.0 + (x - self.cx) / self.k,
            HEIGHT / 2.0 - (y - self.cy) / self.k,
        )
    }

    /// SVG units → `[lon, lat]`.
    #[must_use]
    pub fn lonlat(&self, (px, py): Pt) -> [f64; 2] {
        self.proj.inverse(
            self.cx + (px - WIDTH / 2.0) * self.k,
            self.cy - (py - HEIGHT / 2.0) * self.k,
        )
    }

    /// `(lat, lon)` of the view's centre.
    #[must_use]
    pub fn centre(&self) -> (f64, f64) {
        let [lon, lat] = self.lonlat((WIDTH / 2.0, HEIGHT / 2.0));
        (lat, lon)
    }

    /// The degrees box that holds everything `r` (SVG units) shows: its edge sampled and
    /// turned back into degrees, widened to the poles when one is in view.
    #[must_use]
    pub fn bbox_of(&self, r: &Rect) -> Bbox {
        let mut b = Bbox {
            west: f64::MAX,
            south: f64::MAX,
            east: f64::MIN,
            north: f64::MIN,
        };
        const STEPS: u32 = 24;
        for i in 0..=STEPS {
            let t = f64::from(i) / f64::from(STEPS);
            for p in [
                (r.x0 + t * r.width(), r.y0),
                (r.x0 + t * r.width(), r.y1),
                (r.x0, r.y0 + t * r.height()),
                (r.x1, r.y0 + t * r.height()),
            ] {
                let [lon, lat] = self.lonlat(p);
                b.west = b.west.min(lon);
                b.east = b.east.max(lon);
                b.south = b.south.min(lat);
                b.north = b.north.max(lat);
            }
        }
        // A little more, for the curvature between samples.
        let (dx, dy) = ((b.east - b.west) * 0.05, (b.north - b.south) * 0.05);
        b.west -= dx;
        b.east += dx;
        b.south = (b.south - dy).max(-90.0);
        b.north = (b.north + dy).min(90.0);
        for (pole, lat) in [(true, 90.0), (false, -90.0)] {
            if r.contains(self.px(self.proj.lon0, lat)) {
                if pole {
                    b.north = 90.0;
                } else {
                    b.south = -90.0;
                }
                b.west = -180.0;
                b.east = 180.0;
            }
        }
        b
    }
}
