//! Live reload: watch the article (and places) file, rebuild the whole site, swap it in.
//!
//! A broken edit never replaces a good site: the last good analysis is rendered again with
//! the problem as a banner, and the next good edit recovers by itself.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use notify::{RecommendedWatcher, RecursiveMode, Watcher};

use crate::cli::Input;
use crate::pipeline::{Loaded, load};
use crate::server::Shared;

/// Keeps the watch alive; dropping it stops watching.
pub struct Reloader {
    _watcher: RecommendedWatcher,
}

/// The watch could not be started.
#[derive(Debug, thiserror::Error)]
#[error("cannot watch {}: {problem}", path.display())]
pub struct WatchError {
    pub path: PathBuf,
    pub problem: String,
}

/// Rebuilds from disk once and swaps the new site in. When the files are broken, or the new
/// site fails to render, the last good version is rendered again with the problem as a banner.
fn rebuild(shared: &Shared, input: &Input, last_good: &Mutex<Option<Loaded>>) {
    let fresh = load(input).and_then(|loaded| Ok((loaded.site(None, true)?, loaded)));
    match fresh {
        Ok((site, good)) => {
            shared.swap(site, None);
            if let Ok(mut g) = last_good.lock() {
                *g = Some(good);
            }
            let name = input.file.as_deref().unwrap_or(Path::new(""));
            println!("reloaded {}", name.display());
        }
        Err(e) => {
            let problem = e.to_string();
            eprintln!("error: {problem} (still serving the last good version)");
            let guard = last_good.lock().ok();
            if let Some(Some(good)) = guard.as_deref()
                && let Ok(site) = good.site(Some(&problem), true)
            {
                shared.swap(site, Some(problem));
            }
        }
    }
}

/// Starts watching `file` and `places`. Editors often replace a file by renaming a new one
/// over it, so the parent folders are watched and events filtered by name.
///
/// # Errors
/// The watcher could not be started.
pub fn watch(
    shared: Arc<Shared>,
    file: PathBuf,
    places: Option<PathBuf>,
) -> Result<Reloader, WatchError> {
    let input = Input {
        file: Some(file.clone()),
        places: places.clone(),
    };
    let good = Arc::new(Mutex::new(None));
    // Remember the version on disk as the last good one. Should the file have changed since
    // the site being served was built (before this watch began), serve the new one now.
    if let Ok(loaded) = load(&input) {
        let served = match shared.site().lookup("/article.txt") {
            crate::site::Lookup::Page(p) => p.identity() == loaded.text.as_bytes(),
            _ => false,
        };
        if !served && let Ok(site) = loaded.site(None, true) {
            shared.swap(site, None);
        }
        if let Ok(mut g) = good.lock() {
            *g = Some(loaded);
        }
    }
    let targets: Vec<PathBuf> = [Some(file.clone()), places].into_iter().flatten().collect();
    let names: Vec<PathBuf> = targets.iter().map(|p| absolute(p)).collect();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<()>();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event
            && event
                .paths
                .iter()
                .any(|p| names.iter().any(|n| absolute(p) == *n))
        {
            let _ = tx.send(());
        }
    })
    .map_err(|e| WatchError {
        path: file.clone(),
        problem: e.to_string(),
    })?;
    for target in &targets {
        let dir = absolute(target)
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        watcher
            .watch(&dir, RecursiveMode::NonRecursive)
            .map_err(|e| WatchError {
                path: dir.clone(),
                problem: e.to_string(),
            })?;
    }
    tokio::spawn(async move {
        while rx.recv().await.is_some() {
            // Editors write in bursts (truncate, write, rename): wait for the burst to end.
            tokio::time::sleep(Duration::from_millis(120)).await;
            while rx.try_recv().is_ok() {}
            let shared = shared.clone();
            let input = input.clone();
            let good = good.clone();
            let _ = tokio::task::spawn_blocking(move || rebuild(&shared, &input, &good)).await;
        }
    });
    Ok(Reloader { _watcher: watcher })
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}
