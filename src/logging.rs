//! Logging: quiet by default, `-v` for an access log, `RUST_LOG` for anything finer.

use tracing_subscriber::EnvFilter;

/// Installs the subscriber once; later calls are ignored.
pub fn init(verbose: u8) {
    let default = match verbose {
        0 => "warn",
        1 => "warn,article_viewer=info",
        _ => "debug,hyper=info",
    };
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .try_init();
}
