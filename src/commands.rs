//! What each subcommand does, as library functions `main` calls.

use std::fmt::Write as _;
use std::io::Write as _;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use tokio::net::TcpListener;

use crate::analysis::Analysis;
use crate::cli::{CheckArgs, Cli, Command, ExportArgs, ServeArgs};
use crate::pipeline::{LoadError, load};
use crate::reload::WatchError;
use crate::security::Access;
use crate::server::{self, Limits, Shared};

/// The default port, and where the search for a free one starts.
pub const DEFAULT_PORT: u16 = 4173;

/// A fatal error before or while starting; `main` prints it and exits non-zero.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error(transparent)]
    Export(#[from] crate::export::ExportError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Watch(#[from] WatchError),
    #[error("--token: use only letters, digits and `-._~` (it goes into links and a cookie as is)")]
    Token,
}

/// Runs the command line.
///
/// # Errors
/// Any startup error, already worded for the user.
pub fn run(cli: Cli) -> Result<(), StartupError> {
    match cli.command {
        None => serve(cli.serve),
        Some(Command::Serve(args)) => serve(args),
        Some(Command::Check(args)) => check(&args),
        Some(Command::Export(args)) => export(&args),
    }
}

fn check(args: &CheckArgs) -> Result<(), StartupError> {
    let analysis = load(&args.input)?.analysis;
    let mut out = std::io::stdout().lock();
    if args.json {
        let json = serde_json::to_string_pretty(&analysis).unwrap_or_default();
        writeln!(out, "{json}")?;
    } else {
        write!(out, "{}", summary(&analysis))?;
    }
    Ok(())
}

/// The human summary `check` prints.
#[must_use]
pub fn summary(a: &Analysis) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{} ({})", a.title, a.date);
    if let Some(d) = &a.dateline {
        let _ = writeln!(s, "dateline: {d}");
    }
    let _ = writeln!(
        s,
        "{} paragraphs, {} captions, {} quotes, {} speakers, {} territories, {} dates",
        a.paragraphs.len(),
        a.captions.len(),
        a.quotes.len(),
        a.speakers.len(),
        a.territories.len(),
        a.timeline.len()
    );
    let _ = writeln!(s, "\nquotes:");
    for q in &a.quotes {
        let words: String = q.text.chars().take(60).collect();
        let more = if q.text.chars().count() > 60 {
            "…"
        } else {
            ""
        };
        let _ = writeln!(
            s,
            "  {:<4} {:<4} {:<22} “{words}{more}”",
            q.id,
            q.block,
            q.speaker.as_deref().unwrap_or("(unattributed)")
        );
    }
    let _ = writeln!(s, "\ncaptions:");
    for c in &a.captions {
        let _ = writeln!(
            s,
            "  {:<4} beside {:<4} credit: {}",
            c.id, c.beside, c.credit
        );
    }
    let _ = writeln!(s, "\nterritories:");
    for t in &a.territories {
        let blocks: Vec<&str> = t.mentions.iter().map(|m| m.block.as_str()).collect();
        let _ = writeln!(
            s,
            "  {:<18} {:<9} {:>3}  {}",
            t.slug,
            t.kind,
            t.mentions.len(),
            blocks.join(" ")
        );
    }
    if !a.timeline.is_empty() {
        let _ = writeln!(s, "\ntimeline:");
        for t in &a.timeline {
            let _ = writeln!(s, "  {:<4} {:<28} {} … {}", t.block, t.text, t.start, t.end);
        }
    }
    let _ = writeln!(s, "\nwarnings: {}", a.warnings.len());
    for w in &a.warnings {
        let _ = writeln!(s, "  - {w}");
    }
    s
}

fn export(args: &ExportArgs) -> Result<(), StartupError> {
    let site = load(&args.input)?.site(None, false)?;
    let n = crate::export::export(&site, &args.out)?;
    println!("wrote {n} pages to {}", args.out.display());
    Ok(())
}

/// Binds the listeners `serve` will use, moving off a busy default port.
///
/// # Errors
/// An explicitly given port is taken, or nothing could be bound.
pub async fn bind(args: &ServeArgs) -> Result<(Vec<TcpListener>, Option<String>), StartupError> {
    let addrs: Vec<IpAddr> = match (args.bind, args.lan) {
        (Some(ip), _) => vec![ip],
        // `[::]` is dual-stack on Linux and macOS; IPv4-only hosts fall back to 0.0.0.0.
        (None, true) => vec![
            IpAddr::V6(Ipv6Addr::UNSPECIFIED),
            IpAddr::V4(Ipv4Addr::UNSPECIFIED),
        ],
        (None, false) => vec![IpAddr::V4(Ipv4Addr::LOCALHOST)],
    };
    let try_bind = |port: u16| {
        let addrs = addrs.clone();
        async move {
            let mut last = None;
            for ip in addrs {
                let addr = SocketAddr::new(ip, port);
                match TcpListener::bind(addr).await {
                    Ok(l) => return Ok(l),
                    Err(e) => last = Some((addr, e)),
                }
            }
            let (addr, source) = last.unwrap_or((
                SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), port),
                std::io::Error::other("no address to bind"),
            ));
            Err(StartupError::Bind { addr, source })
        }
    };
    if let Some(port) = args.port {
        return Ok((vec![try_bind(port).await?], None));
    }
    let mut first_error = None;
    for port in DEFAULT_PORT..DEFAULT_PORT.saturating_add(20) {
        match try_bind(port).await {
            Ok(l) => {
                let note = (port != DEFAULT_PORT)
                    .then(|| format!("port {DEFAULT_PORT} is in use; using {port} instead"));
                return Ok((vec![l], note));
            }
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    // Twenty busy ports in a row: let the system choose.
    match try_bind(0).await {
        Ok(l) => Ok((
            vec![l],
            Some("default ports are in use; using a free one".into()),
        )),
        Err(e) => Err(first_error.unwrap_or(e)),
    }
}

/// The URLs a reader can open, loopback first, then one per network interface.
#[must_use]
pub fn urls(bound: &[SocketAddr], lan: bool, token: Option<&str>) -> (Vec<String>, Vec<String>) {
    let query = token
        .map(|t| format!("/?token={t}"))
        .unwrap_or_else(|| "/".into());
    let fmt = |ip: IpAddr, port: u16| match ip {
        IpAddr::V6(v6) => format!("http://[{v6}]:{port}{query}"),
        IpAddr::V4(v4) => format!("http://{v4}:{port}{query}"),
    };
    let mut local = Vec::new();
    let mut network = Vec::new();
    for addr in bound {
        if addr.ip().is_unspecified() {
            local.push(format!("http://localhost:{}{query}", addr.port()));
            if lan && let Ok(ifaces) = if_addrs::get_if_addrs() {
                for iface in ifaces {
                    let ip = iface.ip();
                    if ip.is_loopback() {
                        continue;
                    }
                    // Link-local IPv6 needs a zone id browsers do not accept in URLs.
                    if let IpAddr::V6(v6) = ip
                        && (v6.segments()[0] & 0xffc0) == 0xfe80
                    {
                        continue;
                    }
                    if addr.is_ipv4() && ip.is_ipv6() {
                        continue;
                    }
                    network.push(fmt(ip, addr.port()));
                }
            }
        } else if addr.ip().is_loopback() {
            local.push(fmt(addr.ip(), addr.port()));
        } else {
            network.push(fmt(addr.ip(), addr.port()));
        }
    }
    // IPv4 first: what people type and what phones scan.
    network.sort_by_key(|u| u.contains('['));
    (local, network)
}

/// Whether a token can go into a URL and a cookie without escaping.
#[must_use]
pub fn token_is_safe(token: &str) -> bool {
    !token.is_empty()
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
}

/// A fresh random token (128 bits, hex).
#[must_use]
pub fn new_token() -> String {
    let mut bytes = [0u8; 16];
    if getrandom::fill(&mut bytes).is_err() {
        // No OS randomness is exotic; a time-derived token is still unguessable enough for a LAN.
        let t = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        bytes = t.to_le_bytes();
    }
    crate::hash::hex(&bytes)
}

fn serve(args: ServeArgs) -> Result<(), StartupError> {
    crate::logging::init(args.verbose);
    // Cheap checks first: a bad token is refused before any page is rendered.
    let token = args
        .token
        .clone()
        .map(|t| if t.is_empty() { new_token() } else { t });
    if token.as_deref().is_some_and(|t| !token_is_safe(t)) {
        return Err(StartupError::Token);
    }
    let loaded = load(&args.input)?;
    let site = loaded.site(None, args.watch)?;
    let analysis = loaded.analysis;
    let access = if args.lan || args.bind.is_some_and(|ip| !ip.is_loopback()) {
        Access::with_host_names(&args.allow_host, token.clone())
    } else {
        Access {
            hosts: args.allow_host.iter().map(|h| h.to_lowercase()).collect(),
            token: token.clone(),
        }
    };
    let shared = Shared::new(site, access);

    // One single-threaded runtime per CPU: this one (signals, live reload, and its share of
    // the connections) and a worker for each other CPU.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let workers = server::Workers::start(worker_count(
        std::thread::available_parallelism().map_or(1, usize::from),
    ))?;
    let worker_handles = workers.handles();
    let served = runtime.block_on(async move {
        let (listeners, note) = bind(&args).await?;
        if let Some(note) = note {
            println!("{note}");
        }
        let bound = server::bound(&listeners);
        let (local, network) = urls(&bound, args.lan, token.as_deref());
        println!("article-viewer: {}", analysis.title);
        for u in &local {
            println!("  Local:   {u}");
        }
        for u in &network {
            println!("  Network: {u}");
        }
        if args.lan {
            if let Some(first) = network.first() {
                println!("\nScan to open on a phone on this network:\n{}", qr(first));
            } else {
                println!("  (no network interface found; only this machine can connect)");
            }
        }
        if !args.lan && bound.iter().all(|a| a.ip().is_loopback()) {
            println!("  Only this machine can connect; use --lan to share on your network.");
        }
        let _watcher = match (&args.watch, &args.input.file) {
            (true, Some(file)) => Some(crate::reload::watch(
                shared.clone(),
                file.clone(),
                args.input.places.clone(),
            )?),
            (true, None) => {
                println!("  --watch needs an article FILE; the embedded article does not change.");
                None
            }
            _ => None,
        };
        if args.open
            && let Some(u) = local.first()
            && let Err(e) = open::that_detached(u)
        {
            println!("  could not open a browser: {e}");
        }
        println!("Press Ctrl-C to stop.");
        server::serve_on(
            &worker_handles,
            listeners,
            shared,
            Limits {
                access_log: args.verbose > 0,
                ..Limits::default()
            },
            server::shutdown_signal(),
        )
        .await?;
        println!("stopped");
        Ok::<(), StartupError>(())
    });
    // Connections that outlived the grace period are dropped with the runtime; a rebuild
    // still running on a blocking thread is not waited for, so the process exits promptly.
    runtime.shutdown_timeout(std::time::Duration::from_millis(100));
    workers.stop();
    served
}

/// Worker runtimes besides the main one, for this many CPUs: none on one CPU (a pinned
/// process, a one-CPU container), where threads would only hand work to each other.
/// `scripts/bench.sh` measured one single-threaded runtime per CPU against tokio's
/// work-stealing runtime: 3–10 % more requests/s pinned to one CPU, and more unpinned.
#[must_use]
pub fn worker_count(cpus: usize) -> usize {
    cpus.saturating_sub(1)
}

/// A QR code of `text` for the terminal.
#[must_use]
pub fn qr(text: &str) -> String {
    match qrcode::QrCode::new(text.as_bytes()) {
        Ok(code) => code
            .render::<qrcode::render::unicode::Dense1x2>()
            .dark_color(qrcode::render::unicode::Dense1x2::Light)
            .light_color(qrcode::render::unicode::Dense1x2::Dark)
            .quiet_zone(true)
            .build(),
        Err(e) => format!("(no QR code: {e})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_runtime_per_cpu() {
        assert_eq!(worker_count(0), 0);
        assert_eq!(worker_count(1), 0);
        assert_eq!(worker_count(2), 1);
        assert_eq!(worker_count(8), 7);
    }
}
