//! Pages → files: writes a built site to a folder any static web server can serve.

use std::path::{Path, PathBuf};

use crate::site::Site;

/// Where a site path lands on disk: `/` → `index.html`, `/territories/kalbajar` →
/// `territories/kalbajar/index.html`; paths with an extension keep their name.
#[must_use]
pub fn file_for(path: &str) -> PathBuf {
    let rel = path.trim_start_matches('/');
    let last = rel.rsplit('/').next().unwrap_or("");
    if rel.is_empty() {
        PathBuf::from("index.html")
    } else if last.contains('.') || rel.starts_with("api/") || rel == "healthz" {
        // Data keeps its URL so links work unchanged; a `.json` twin names its type.
        PathBuf::from(rel)
    } else {
        Path::new(rel).join("index.html")
    }
}

/// Writes every page (and, for compressible ones, a `.gz` twin for `gzip_static`).
///
/// # Errors
/// A file or folder could not be written; the error names it.
pub fn export(site: &Site, out: &Path) -> Result<usize, ExportError> {
    site.compress_gzip();
    let mut written = 0;
    let write = |path: &Path, bytes: &[u8]| -> Result<(), ExportError> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| ExportError(dir.to_owned(), e))?;
        }
        std::fs::write(path, bytes).map_err(|e| ExportError(path.to_owned(), e))
    };
    let paths: Vec<&str> = site.pages().map(|(p, _)| p).collect();
    for (path, page) in site.pages() {
        // Data that is also a folder (`/api/territories` holds `/api/territories/kalbajar`)
        // becomes that folder's `index.json`.
        let is_folder = path.starts_with("/api/")
            && paths.iter().any(|p| {
                p.len() > path.len() && p.starts_with(path) && p[path.len()..].starts_with('/')
            });
        let file = if is_folder {
            out.join(path.trim_start_matches('/')).join("index.json")
        } else {
            out.join(file_for(path))
        };
        write(&file, page.identity())?;
        written += 1;
        if path.starts_with("/api/") && !is_folder {
            let mut twin = file.clone().into_os_string();
            twin.push(".json");
            write(Path::new(&twin), page.identity())?;
        }
        if let Some(gz) = page.gzip() {
            let mut name = file.into_os_string();
            name.push(".gz");
            write(Path::new(&name), gz)?;
        }
    }
    write(&out.join("404.html"), site.not_found().identity())?;
    Ok(written + 1)
}

#[derive(Debug, thiserror::Error)]
#[error("cannot write {path}: {source}", path = .0.display(), source = .1)]
pub struct ExportError(pub PathBuf, #[source] pub std::io::Error);
