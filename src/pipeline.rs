//! The one way from files to a site: read the places and the article, analyse, build the pages.
//!
//! `commands` (start-up, `check`, `export`) and `reload` (each edit under `--watch`) both come
//! through here, so the arrows run one way: text → analysis → site, whoever asks.

use std::path::{Path, PathBuf};

use crate::analysis::{self, Analysis, ArticleError, Gazetteer};
use crate::cli::Input;
use crate::site::{RenderError, Site, SiteInput};

/// The article, the places or a page could not be made; the message names the file.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error(transparent)]
    Article(#[from] ArticleError),
    #[error("{}: {problem}", path.display())]
    Places { path: PathBuf, problem: String },
    #[error("{0}")]
    Render(#[from] RenderError),
}

/// One article version, read and analysed.
pub struct Loaded {
    /// The article text as loaded.
    pub text: String,
    pub analysis: Analysis,
    pub gazetteer: Gazetteer,
}

/// The gazetteer: the embedded one plus `--places`.
///
/// # Errors
/// The places file cannot be read or parsed.
pub fn gazetteer(places: Option<&Path>) -> Result<Gazetteer, LoadError> {
    let base = Gazetteer::embedded();
    let Some(path) = places else {
        return Ok(base);
    };
    let problem = |problem: String| LoadError::Places {
        path: path.to_owned(),
        problem,
    };
    let text =
        std::fs::read_to_string(path).map_err(|e| problem(format!("cannot read the file: {e}")))?;
    let extra = Gazetteer::parse(&text).map_err(|e| problem(e.to_string()))?;
    Ok(base.with_overrides(extra))
}

/// Loads and analyses the article named by `input` (or the embedded one).
///
/// # Errors
/// The article or the places cannot be read or understood.
pub fn load(input: &Input) -> Result<Loaded, LoadError> {
    let gazetteer = gazetteer(input.places.as_deref())?;
    let (text, analysis) = match &input.file {
        Some(path) => analysis::analyze_file(path, &gazetteer)?,
        None => {
            let text = analysis::EMBEDDED_ARTICLE.to_owned();
            let analysis =
                analysis::analyze(&text, &gazetteer).map_err(|error| ArticleError::Parse {
                    path: analysis::EMBEDDED_NAME.into(),
                    error,
                })?;
            (text, analysis)
        }
    };
    Ok(Loaded {
        text,
        analysis,
        gazetteer,
    })
}

impl Loaded {
    /// Builds the site for this version: `banner` is shown on every page (the last edit was
    /// broken and this is the last good version); `live_reload` makes pages open `/events`.
    ///
    /// # Errors
    /// A template failed to render.
    pub fn site(&self, banner: Option<&str>, live_reload: bool) -> Result<Site, LoadError> {
        build_site(
            &self.text,
            &self.analysis,
            &self.gazetteer,
            banner,
            live_reload,
        )
    }
}

/// Builds the site for an article text and its analysis (see [`Loaded::site`]).
///
/// # Errors
/// A template failed to render.
pub fn build_site(
    source: &str,
    analysis: &Analysis,
    gazetteer: &Gazetteer,
    banner: Option<&str>,
    live_reload: bool,
) -> Result<Site, LoadError> {
    Ok(Site::build(&SiteInput {
        source,
        analysis,
        gazetteer,
        banner,
        live_reload,
    })?)
}
