//! The static assets, embedded in the binary and served under content-hashed names.

use std::sync::OnceLock;

/// Logical names of the embedded assets.
pub const CSS: &str = "style.css";
pub const JS: &str = "app.js";
pub const ICON: &str = "icon.svg";

const FILES: [(&str, &str, &[u8]); 3] = [
    (
        CSS,
        "text/css; charset=utf-8",
        include_bytes!("../static/style.css"),
    ),
    (
        JS,
        "text/javascript; charset=utf-8",
        include_bytes!("../static/app.js"),
    ),
    (ICON, "image/svg+xml", include_bytes!("../static/icon.svg")),
];

/// One embedded file and the URL path it is served at.
#[derive(Debug)]
pub struct Asset {
    pub name: &'static str,
    /// `/static/style.3f2a9c01.css`: the hash changes whenever the bytes do, so the URL can be
    /// cached for a year.
    pub path: String,
    pub content_type: &'static str,
    pub body: &'static [u8],
}

#[derive(Debug)]
pub struct Assets {
    files: Vec<Asset>,
}

impl Assets {
    /// The embedded assets (hashed once per process).
    #[must_use]
    pub fn embedded() -> &'static Assets {
        static ASSETS: OnceLock<Assets> = OnceLock::new();
        ASSETS.get_or_init(|| Assets {
            files: FILES
                .iter()
                .map(|&(name, content_type, body)| {
                    let hash = crate::hash::sha256_hex(body);
                    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
                    Asset {
                        name,
                        path: format!("/static/{stem}.{}.{ext}", &hash[..10]),
                        content_type,
                        body,
                    }
                })
                .collect(),
        })
    }

    #[must_use]
    pub fn files(&self) -> &[Asset] {
        &self.files
    }

    /// The served path of an asset by its logical name.
    #[must_use]
    pub fn path_of(&self, name: &str) -> &str {
        self.files
            .iter()
            .find(|a| a.name == name)
            .map_or("/static/missing", |a| a.path.as_str())
    }

    /// The stylesheet's served path, for templates.
    #[must_use]
    pub fn css(&self) -> &str {
        self.path_of(CSS)
    }

    /// The script's served path, for templates.
    #[must_use]
    pub fn js(&self) -> &str {
        self.path_of(JS)
    }

    /// The icon's served path, for templates.
    #[must_use]
    pub fn icon(&self) -> &str {
        self.path_of(ICON)
    }
}
