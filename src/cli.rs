//! The command line: `serve` (the default), `check` and `export`.

use std::net::IpAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Read one news article in your browser: captions beside their paragraphs, quotes with their
/// speakers, places linked to pages of their own.
#[derive(Debug, Parser)]
#[command(
    name = "article-viewer",
    version,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Without a subcommand: `serve` with these options.
    #[command(flatten)]
    pub serve: ServeArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the article on http://127.0.0.1 (the default command).
    Serve(ServeArgs),
    /// Analyse the article and print a summary (or the full analysis as JSON).
    Check(CheckArgs),
    /// Write the whole site as static files that any web server can serve.
    Export(ExportArgs),
}

/// Where the article and the places come from.
#[derive(Debug, Args, Clone, Default)]
pub struct Input {
    /// Article file in the plain-text format (default: the embedded AP article).
    #[arg(env = "ARTICLE_VIEWER_FILE")]
    pub file: Option<PathBuf>,
    /// Extra gazetteer entries (TOML, same format as the built-in one); same slug replaces.
    #[arg(long, value_name = "FILE", env = "ARTICLE_VIEWER_PLACES")]
    pub places: Option<PathBuf>,
}

#[derive(Debug, Args, Clone, Default)]
pub struct ServeArgs {
    #[command(flatten)]
    pub input: Input,
    /// Address to listen on (default 127.0.0.1; `--lan` listens on every interface).
    #[arg(long, value_name = "ADDR", env = "ARTICLE_VIEWER_BIND")]
    pub bind: Option<IpAddr>,
    /// Port (default 4173, or the next free one; 0 picks any free port).
    #[arg(long, short, env = "ARTICLE_VIEWER_PORT")]
    pub port: Option<u16>,
    /// Share on the local network: listen on every interface and print a QR code.
    #[arg(long, env = "ARTICLE_VIEWER_LAN")]
    pub lan: bool,
    /// Accept this host name too (for DNS names of this machine); repeatable.
    #[arg(
        long = "allow-host",
        value_name = "NAME",
        env = "ARTICLE_VIEWER_ALLOW_HOST",
        value_delimiter = ','
    )]
    pub allow_host: Vec<String>,
    /// Require a token (generated when given without a value) in the link, then a cookie.
    #[arg(long, value_name = "TOKEN", num_args = 0..=1, default_missing_value = "", env = "ARTICLE_VIEWER_TOKEN")]
    pub token: Option<String>,
    /// Reload the article (and --places) when the file changes; open pages refresh themselves.
    #[arg(long, env = "ARTICLE_VIEWER_WATCH")]
    pub watch: bool,
    /// Open the viewer in the default browser.
    #[arg(long, env = "ARTICLE_VIEWER_OPEN")]
    pub open: bool,
    /// Log every request (repeat for more detail).
    #[arg(short, long, action = clap::ArgAction::Count)]
    pub verbose: u8,
}

#[derive(Debug, Args, Clone, Default)]
pub struct CheckArgs {
    #[command(flatten)]
    pub input: Input,
    /// Print the full analysis as JSON (what `/api/article` serves).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args, Clone)]
pub struct ExportArgs {
    #[command(flatten)]
    pub input: Input,
    /// Folder to write the site into (created if missing).
    #[arg(long, short, value_name = "DIR")]
    pub out: PathBuf,
}
