//! The map projection: Lambert azimuthal equal-area centred on the frame, so areas and the
//! directions and distances from the centre are true and high latitudes are not stretched.

/// Mean Earth radius in km.
pub const EARTH_KM: f64 = 6371.0;

/// Lambert azimuthal equal-area, in km on the plane, north up at the centre.
#[derive(Debug, Clone, Copy)]
pub struct Laea {
    pub lat0: f64,
    pub lon0: f64,
    sin0: f64,
    cos0: f64,
}

impl Laea {
    /// Centred on `[lat, lon]` in degrees.
    #[must_use]
    pub fn new(lat0: f64, lon0: f64) -> Self {
        let (sin0, cos0) = lat0.to_radians().sin_cos();
        Self {
            lat0,
            lon0,
            sin0,
            cos0,
        }
    }

    /// `[lon, lat]` in degrees → `(x, y)` in km (east, north).
    #[must_use]
    pub fn forward(&self, lon: f64, lat: f64) -> (f64, f64) {
        let (sin, cos) = lat.to_radians().sin_cos();
        let (sin_dl, cos_dl) = (lon - self.lon0).to_radians().sin_cos();
        // At the antipode the whole rim is one point; keep it finite.
        let denom = (1.0 + self.sin0 * sin + self.cos0 * cos * cos_dl).max(1e-9);
        let k = (2.0 / denom).sqrt() * EARTH_KM;
        (
            k * cos * sin_dl,
            k * (self.cos0 * sin - self.sin0 * cos * cos_dl),
        )
    }

    /// `(x, y)` in km → `[lon, lat]` in degrees (longitude unwrapped around the centre's).
    #[must_use]
    pub fn inverse(&self, x: f64, y: f64) -> [f64; 2] {
        let rho = x.hypot(y);
        if rho < 1e-9 {
            return [self.lon0, self.lat0];
        }
        let c = 2.0 * (rho / (2.0 * EARTH_KM)).min(1.0).asin();
        let (sin_c, cos_c) = c.sin_cos();
        let lat = (cos_c * self.sin0 + y * sin_c * self.cos0 / rho)
            .clamp(-1.0, 1.0)
            .asin();
        let lon = (x * sin_c).atan2(rho * self.cos0 * cos_c - y * self.sin0 * sin_c);
        [self.lon0 + lon.to_degrees(), lat.to_degrees()]
    }
}

/// Great-circle distance in km.
#[must_use]
pub fn distance_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    EARTH_KM * 2.0 * a.sqrt().min(1.0).asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_centre_maps_to_the_origin_and_back() {
        let p = Laea::new(40.0, 47.0);
        let (x, y) = p.forward(47.0, 40.0);
        assert!(x.abs() < 1e-9 && y.abs() < 1e-9);
        let [lon, lat] = p.inverse(120.0, -80.0);
        let (x2, y2) = p.forward(lon, lat);
        assert!((x2 - 120.0).abs() < 1e-6 && (y2 + 80.0).abs() < 1e-6);
    }

    #[test]
    fn distances_from_the_centre_are_nearly_true() {
        // Baku from Kalbajar: about 327 km on the sphere.
        let p = Laea::new(40.10, 46.04);
        let (x, y) = p.forward(49.87, 40.41);
        let d = distance_km(40.10, 46.04, 40.41, 49.87);
        assert!((x.hypot(y) - d).abs() / d < 0.01, "{} vs {d}", x.hypot(y));
        assert!(x > 300.0 && y.abs() < 60.0, "Baku is east: ({x}, {y})");
    }
}
