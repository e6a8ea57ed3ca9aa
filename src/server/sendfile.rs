//! Large page bodies sent with `sendfile(2)` from a memory file, as nginx sends files from the
//! page cache: the socket is handed references to the file's pages instead of a copy of the
//! body made on every answer (on loopback that copy was what kept plain, uncompressed answers
//! below nginx's). Linux only; elsewhere, and for small bodies, hyper's `writev` does it all.
//!
//! hyper writes an answer as one vectored write, `[head, body]`, with the body's prebuilt
//! bytes as they are. [`Socket`] recognises a body by where its bytes lie: [`Bodies`] keeps a
//! copy of every large body of one site in a memory file, with the address range each has in
//! the site, and holds the site alive, so no other bytes can lie at those addresses.

use std::io::{self, IoSlice};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;

use super::Shared;
use crate::site::Site;

/// Bodies at least this long go out with `sendfile`; for shorter ones the copy costs less
/// than the second system call (the head is sent first, on its own).
pub const MIN_BODY: usize = 8 * 1024;

/// One site's large identity bodies, copied into a memory file.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
pub struct Bodies {
    #[cfg(target_os = "linux")]
    file: std::os::fd::OwnedFd,
    /// (address of the body's first byte, length, offset in the file), by address.
    regions: Vec<(usize, usize, u64)>,
    /// Keeps the bodies (and so their addresses) alive as long as the regions name them.
    _site: Arc<Site>,
}

impl Bodies {
    /// The memory file for `site`, or `None` where there is none to be had (then every body
    /// is written by hyper).
    #[must_use]
    pub fn of(site: &Arc<Site>) -> Option<Self> {
        #[cfg(target_os = "linux")]
        {
            let mut regions = Vec::new();
            let mut contents = Vec::new();
            for (_, page) in site.pages() {
                let body = page.identity();
                if body.len() >= MIN_BODY {
                    let offset = u64::try_from(contents.len()).ok()?;
                    regions.push((body.as_ptr() as usize, body.len(), offset));
                    contents.extend_from_slice(body);
                }
            }
            if regions.is_empty() {
                return None;
            }
            regions.sort_unstable_by_key(|r| r.0);
            let file =
                rustix::fs::memfd_create("article-viewer-pages", rustix::fs::MemfdFlags::CLOEXEC)
                    .ok()?;
            let mut written = 0;
            while written < contents.len() {
                written += rustix::io::write(&file, &contents[written..]).ok()?;
            }
            Some(Self {
                file,
                regions,
                _site: site.clone(),
            })
        }
        #[cfg(not(target_os = "linux"))]
        {
            let _ = site;
            None
        }
    }

    /// Where `buf` lies in the file, when it is (part of) one of the bodies.
    #[cfg_attr(not(target_os = "linux"), allow(dead_code))]
    fn offset_of(&self, buf: &[u8]) -> Option<u64> {
        let start = buf.as_ptr() as usize;
        let i = self
            .regions
            .partition_point(|r| r.0 <= start)
            .checked_sub(1)?;
        let (at, len, offset) = self.regions[i];
        let within = start - at;
        (within + buf.len() <= len).then(|| offset + within as u64)
    }
}

/// A connection's socket: reads as the stream does; writes a large page body from the memory
/// file.
pub struct Socket {
    stream: TcpStream,
    #[cfg_attr(not(target_os = "linux"), allow(dead_code))]
    shared: Arc<Shared>,
}

impl Socket {
    #[must_use]
    pub fn new(stream: TcpStream, shared: Arc<Shared>) -> Self {
        Self { stream, shared }
    }

    /// The head with `MSG_MORE` (so it leaves in one packet with the body's start), then the
    /// body from the file. What was sent of both, as a write returns it.
    #[cfg(target_os = "linux")]
    fn send_file(
        &self,
        heads: &[IoSlice<'_>],
        bodies: &Bodies,
        offset: u64,
        len: usize,
    ) -> io::Result<usize> {
        use rustix::net::{SendAncillaryBuffer, SendFlags};
        let head_len: usize = heads.iter().map(|h| h.len()).sum();
        let mut sent = 0;
        if head_len > 0 {
            sent = rustix::net::sendmsg(
                &self.stream,
                heads,
                &mut SendAncillaryBuffer::default(),
                SendFlags::MORE | SendFlags::NOSIGNAL,
            )?;
            if sent < head_len {
                return Ok(sent);
            }
        }
        let mut offset = offset;
        match rustix::fs::sendfile(&self.stream, &bodies.file, Some(&mut offset), len) {
            Ok(n) => Ok(sent + n),
            // The head went out: report it, and whatever stopped the body on the next write.
            Err(_) if sent > 0 => Ok(sent),
            Err(e) => Err(e.into()),
        }
    }
}

impl AsyncRead for Socket {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for Socket {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        #[cfg(target_os = "linux")]
        if let [heads @ .., body] = bufs
            && body.len() >= MIN_BODY
        {
            let bodies = self.shared.bodies.load();
            if let Some(bodies) = bodies.as_deref()
                && let Some(offset) = bodies.offset_of(body)
            {
                loop {
                    std::task::ready!(self.stream.poll_write_ready(cx))?;
                    match self.stream.try_io(tokio::io::Interest::WRITABLE, || {
                        self.send_file(heads, bodies, offset, body.len())
                    }) {
                        Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                        done => return Poll::Ready(done),
                    }
                }
            }
        }
        Pin::new(&mut self.stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        true
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}
