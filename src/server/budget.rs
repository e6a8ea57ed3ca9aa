//! The connection budget: how many connections and live-reload streams are held at once, who
//! gives way when it runs short, and the open-file limit it is sized to.
//!
//! As in nginx ("reusable connections"), idle connections are the first to go: when no
//! connection is left, the ones waiting for a request the longest are closed to make room, so
//! a crowd of idle or half-open sockets delays a new reader by a lookup, not by a timeout.
//! Live-reload streams never end on their own, so they have a cap of their own, well below
//! the connection limit. Clients other than loopback are held to a share of each, so one
//! device on a LAN cannot take the whole budget.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use tokio::sync::Notify;

use super::Limits;

/// File descriptors kept for everything but connections: the standard streams, the
/// listeners, the runtimes' epoll and wake-up descriptors, the file watcher, the article and
/// places files read on a reload, with room to spare.
const OTHER_FILES: u64 = 64;

/// Raises this process's open-file soft limit to its hard limit and returns the soft limit it
/// now has (`None` where the platform has no such limit or it cannot be read).
#[must_use]
pub fn raise_open_file_limit() -> Option<u64> {
    match rlimit::increase_nofile_limit(u64::MAX) {
        // `u64::MAX` back means the platform has no RLIMIT_NOFILE.
        Ok(u64::MAX) | Err(_) => None,
        Ok(limit) => Some(limit),
    }
}

/// How many connections fit in `open_files` descriptors with room for everything else:
/// never more than `wanted`, and at least half the descriptors when there are very few.
#[must_use]
pub fn connections_for(open_files: u64, wanted: usize) -> usize {
    let usable = open_files
        .saturating_sub(OTHER_FILES)
        .max(open_files / 2)
        .max(1);
    usize::try_from(usable).map_or(wanted, |u| u.min(wanted))
}

/// A connection's state in [`Slot::since`]: answering a request, rather than idle since
/// this many nanoseconds after the budget's epoch.
const BUSY: u64 = u64::MAX;

/// Every open connection and stream, and the caps they live under.
pub struct Budget {
    per_client: usize,
    streams: usize,
    streams_per_client: usize,
    epoch: Instant,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    next_id: u64,
    open: HashMap<u64, Arc<Slot>>,
    /// Per non-loopback client: connections admitted (not refused) and streams held.
    clients: HashMap<IpAddr, Held>,
    streams: usize,
}

#[derive(Default, Clone, Copy)]
struct Held {
    connections: usize,
    streams: usize,
}

impl Held {
    fn is_empty(self) -> bool {
        self.connections == 0 && self.streams == 0
    }
}

/// One open connection, as the budget sees it.
#[derive(Debug)]
pub struct Slot {
    id: u64,
    /// The client, when per-client caps apply to it (everything but loopback).
    client: Option<IpAddr>,
    /// Over its client's share: every request on it is answered `503`, and it is the first
    /// to be closed when room is needed.
    refused: bool,
    epoch: Instant,
    /// [`BUSY`], or when it last became idle (nanoseconds after `epoch`).
    since: AtomicU64,
    /// Asked to close; not asked again.
    closing: AtomicBool,
    /// Has sent at least one answer.
    answered: AtomicBool,
    /// Asked to close because the server stops.
    stopping: AtomicBool,
    close: Notify,
}

impl Slot {
    /// A request is being answered: not to be closed for room until [`Slot::idle`].
    pub fn busy(&self) {
        self.since.store(BUSY, Ordering::Relaxed);
    }

    /// The answer is handed over (hyper may still be writing its last bytes); the connection
    /// waits for the next request.
    pub fn answered(&self) {
        self.idle();
        if !self.answered.load(Ordering::Relaxed) {
            self.answered.store(true, Ordering::Relaxed);
        }
    }

    fn idle(&self) {
        let now = u64::try_from(self.epoch.elapsed().as_nanos()).unwrap_or(BUSY - 1);
        self.since.store(now, Ordering::Relaxed);
    }

    #[must_use]
    pub fn is_idle(&self) -> bool {
        self.since.load(Ordering::Relaxed) != BUSY
    }

    /// Idle and never answered: nothing was sent on it, so closing it outright loses nothing.
    #[must_use]
    pub fn is_untouched(&self) -> bool {
        self.is_idle() && !self.answered.load(Ordering::Relaxed)
    }

    /// Over its client's share of connections.
    #[must_use]
    pub fn refused(&self) -> bool {
        self.refused
    }

    /// Resolves when this connection is to close: `true` because the server stops, `false`
    /// to make room. One signal for both, so a connection's task waits on one thing besides
    /// its connection.
    pub async fn closed(&self) -> bool {
        self.close.notified().await;
        self.stopping.load(Ordering::Relaxed)
    }
}

/// Canonical form of a client address; `None` for loopback, which no per-client cap holds.
fn capped_client(ip: IpAddr) -> Option<IpAddr> {
    let ip = ip.to_canonical();
    (!ip.is_loopback()).then_some(ip)
}

impl Budget {
    #[must_use]
    pub fn new(limits: &Limits) -> Arc<Self> {
        Arc::new(Self {
            per_client: limits.max_connections_per_client.max(1),
            streams: limits.max_streams,
            streams_per_client: limits.max_streams_per_client,
            epoch: Instant::now(),
            state: Mutex::new(State::default()),
        })
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // The state stays consistent across a panic (every change is a few plain updates).
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Registers a connection from `ip`, idle until its first request. A client over its
    /// share gives up its own longest-idle connection for it, or, with none idle, gets a
    /// connection that is refused (see [`Slot::refused`]).
    #[must_use]
    pub fn open(self: &Arc<Self>, ip: IpAddr) -> Connection {
        let client = capped_client(ip);
        let mut state = self.state();
        let mut refused = false;
        if let Some(ip) = client {
            let held = state.clients.get(&ip).copied().unwrap_or_default();
            if held.connections >= self.per_client {
                let own = Self::longest_idle(&state, 1, |s| s.client == Some(ip) && !s.refused);
                refused = own.is_empty();
                Self::ask_to_close(&own);
            }
            if !refused {
                state.clients.entry(ip).or_default().connections += 1;
            }
        }
        let id = state.next_id;
        state.next_id += 1;
        let slot = Arc::new(Slot {
            id,
            client,
            refused,
            epoch: self.epoch,
            since: AtomicU64::new(0),
            closing: AtomicBool::new(false),
            answered: AtomicBool::new(false),
            stopping: AtomicBool::new(false),
            close: Notify::new(),
        });
        slot.idle();
        state.open.insert(id, slot.clone());
        Connection {
            budget: self.clone(),
            slot,
        }
    }

    /// Keeps up to `n` connections on their way out: asks idle ones to close, refused ones
    /// first, then those idle the longest, until `n` are asked and not yet closed; returns
    /// how many were asked now.
    ///
    /// Those asked before and still closing count towards `n`: a burst of new connections
    /// on a slow machine would otherwise ask `n` more at every one, until the newest (idle
    /// only because their first request is not read yet) were asked too.
    pub fn reclaim(&self, n: usize) -> usize {
        let state = self.state();
        let on_their_way = state
            .open
            .values()
            .filter(|s| s.closing.load(Ordering::Relaxed))
            .count();
        let chosen = Self::longest_idle(&state, n.saturating_sub(on_their_way), |_| true);
        Self::ask_to_close(&chosen);
        chosen.len()
    }

    fn longest_idle(state: &State, n: usize, pick: impl Fn(&Slot) -> bool) -> Vec<Arc<Slot>> {
        let mut idle: Vec<(bool, u64, &Arc<Slot>)> = state
            .open
            .values()
            .filter(|s| pick(s) && !s.closing.load(Ordering::Relaxed))
            .filter_map(|s| {
                let since = s.since.load(Ordering::Relaxed);
                (since != BUSY).then_some((!s.refused, since, s))
            })
            .collect();
        if idle.len() > n {
            idle.select_nth_unstable_by_key(n, |&(kept, since, _)| (kept, since));
            idle.truncate(n);
        }
        idle.into_iter().map(|(_, _, s)| s.clone()).collect()
    }

    fn ask_to_close(slots: &[Arc<Slot>]) {
        for s in slots {
            s.closing.store(true, Ordering::Relaxed);
            s.close.notify_one();
        }
    }

    /// Asks every open connection to close because the server stops.
    pub fn stop_all(&self) {
        let state = self.state();
        for s in state.open.values() {
            s.stopping.store(true, Ordering::Relaxed);
            s.close.notify_one();
        }
    }

    /// A live-reload stream for a client, or `None` past the total cap or the client's share.
    #[must_use]
    pub fn stream(self: &Arc<Self>, ip: Option<IpAddr>) -> Option<StreamPermit> {
        let client = ip.and_then(capped_client);
        let mut state = self.state();
        if state.streams >= self.streams {
            return None;
        }
        if let Some(ip) = client {
            let held = state.clients.entry(ip).or_default();
            if held.streams >= self.streams_per_client {
                return None;
            }
            held.streams += 1;
        }
        state.streams += 1;
        Some(StreamPermit {
            budget: self.clone(),
            client,
        })
    }

    /// Open connections and streams now, for tests and logs.
    #[must_use]
    pub fn held(&self) -> (usize, usize) {
        let state = self.state();
        (state.open.len(), state.streams)
    }

    fn release(state: &mut State, ip: IpAddr, change: impl FnOnce(&mut Held)) {
        if let Some(held) = state.clients.get_mut(&ip) {
            change(held);
            if held.is_empty() {
                state.clients.remove(&ip);
            }
        }
    }
}

/// A registered connection; dropping it takes it off the budget.
pub struct Connection {
    budget: Arc<Budget>,
    slot: Arc<Slot>,
}

impl Connection {
    #[must_use]
    pub fn slot(&self) -> &Arc<Slot> {
        &self.slot
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        let mut state = self.budget.state();
        state.open.remove(&self.slot.id);
        if let (Some(ip), false) = (self.slot.client, self.slot.refused) {
            Budget::release(&mut state, ip, |h| h.connections -= 1);
        }
    }
}

/// One live-reload stream's place under the caps, given back when dropped.
pub struct StreamPermit {
    budget: Arc<Budget>,
    client: Option<IpAddr>,
}

impl Drop for StreamPermit {
    fn drop(&mut self) {
        let mut state = self.budget.state();
        state.streams -= 1;
        if let Some(ip) = self.client {
            Budget::release(&mut state, ip, |h| h.streams -= 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn budget(per_client: usize, streams: usize, streams_per_client: usize) -> Arc<Budget> {
        Budget::new(&Limits {
            max_connections_per_client: per_client,
            max_streams: streams,
            max_streams_per_client: streams_per_client,
            ..Limits::default()
        })
    }

    // Documentation addresses (RFC 5737, RFC 3849): values only, nothing is sent anywhere.
    const PHONE: &str = "192.0.2.7";
    const LAPTOP: &str = "2001:db8::5";

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("an address")
    }

    fn reclaim_asked(c: &Connection) -> bool {
        c.slot.closing.load(Ordering::Relaxed)
    }

    #[test]
    fn the_connection_budget_leaves_room_for_other_files() {
        assert_eq!(connections_for(20_000, 1024), 1024);
        assert_eq!(connections_for(1024, 1024), 960);
        assert_eq!(connections_for(256, 1024), 192);
        // Very few descriptors: half of them, never none.
        assert_eq!(connections_for(100, 1024), 50);
        assert_eq!(connections_for(0, 1024), 1);
    }

    #[test]
    fn the_open_file_soft_limit_is_raised_to_the_hard_limit() {
        let Some(now) = raise_open_file_limit() else {
            return; // no such limit on this platform
        };
        let (soft, hard) = rlimit::Resource::NOFILE.get().expect("readable");
        assert_eq!(soft, now);
        // macOS caps the soft limit below an unlimited hard one; elsewhere they are equal.
        if cfg!(target_os = "linux") {
            assert_eq!(soft, hard);
        }
    }

    #[test]
    fn the_longest_idle_connection_goes_first_and_busy_ones_never() {
        let b = budget(64, 8, 8);
        let oldest = b.open(ip("127.0.0.1"));
        let busy = b.open(ip("127.0.0.1"));
        let newer = b.open(ip("127.0.0.1"));
        busy.slot.busy();
        std::thread::sleep(std::time::Duration::from_millis(2));
        newer.slot.answered();
        assert_eq!(b.reclaim(1), 1);
        assert!(reclaim_asked(&oldest));
        assert!(!reclaim_asked(&newer));
        // Asked once only; the busy one is never asked.
        assert_eq!(b.reclaim(5), 1);
        assert!(reclaim_asked(&newer));
        assert!(!reclaim_asked(&busy));
        assert_eq!(b.reclaim(5), 0);
        drop((oldest, newer));
        assert_eq!(b.held(), (1, 0));
    }

    #[test]
    fn connections_still_closing_count_towards_the_room_asked_for() {
        let b = budget(64, 8, 8);
        let old: Vec<Connection> = (0..4).map(|_| b.open(ip("127.0.0.1"))).collect();
        std::thread::sleep(std::time::Duration::from_millis(2));
        let new: Vec<Connection> = (0..4).map(|_| b.open(ip("127.0.0.1"))).collect();
        assert_eq!(b.reclaim(3), 3);
        // Three on their way out already: asking for three again asks no one.
        assert_eq!(b.reclaim(3), 0);
        assert!(new.iter().all(|c| !reclaim_asked(c)));
        // One of them closed: one more is asked, the last of the old ones.
        let mut old = old;
        let closed = old.iter().position(reclaim_asked).expect("one asked");
        drop(old.remove(closed));
        assert_eq!(b.reclaim(3), 1);
        assert!(old.iter().all(reclaim_asked));
        assert!(new.iter().all(|c| !reclaim_asked(c)));
    }

    #[test]
    fn a_lan_client_over_its_share_gives_up_its_own_idle_connection_or_is_refused() {
        let b = budget(2, 8, 8);
        let first = b.open(ip(PHONE));
        let second = b.open(ip(PHONE));
        let other = b.open(ip(LAPTOP));
        first.slot.busy();
        // The third from the phone takes the place of its idle second one, not the laptop's.
        let third = b.open(ip(PHONE));
        assert!(!third.slot.refused());
        assert!(reclaim_asked(&second));
        assert!(!reclaim_asked(&other));
        drop(second);
        third.slot.busy();
        // All of the phone's connections busy: the next one is refused.
        let fourth = b.open(ip(PHONE));
        assert!(fourth.slot.refused());
        // Refused connections are the first to go when room is needed.
        assert_eq!(b.reclaim(1), 1);
        assert!(reclaim_asked(&fourth));
        assert!(!reclaim_asked(&other));
        // The same address written as IPv4-mapped IPv6 is the same client.
        let mapped = b.open(ip("::ffff:192.0.2.7"));
        assert!(mapped.slot.refused());
    }

    #[test]
    fn loopback_clients_are_never_refused_for_a_share() {
        let b = budget(2, 8, 8);
        let held: Vec<Connection> = (0..10)
            .map(|i| {
                let c = b.open(ip(if i % 2 == 0 { "127.0.0.1" } else { "::1" }));
                c.slot.busy();
                c
            })
            .collect();
        assert!(held.iter().all(|c| !c.slot.refused()));
        let mapped = b.open(ip("::ffff:127.0.0.1"));
        assert!(!mapped.slot.refused());
    }

    #[test]
    fn streams_have_a_total_cap_and_a_share_per_lan_client() {
        let b = budget(64, 4, 2);
        let phone: Vec<_> = (0..3).map(|_| b.stream(Some(ip(PHONE)))).collect();
        assert!(phone[0].is_some() && phone[1].is_some());
        assert!(
            phone[2].is_none(),
            "the phone's third stream is over its share"
        );
        let local: Vec<_> = (0..3).map(|_| b.stream(Some(ip("127.0.0.1")))).collect();
        assert!(local[0].is_some() && local[1].is_some());
        assert!(local[2].is_none(), "the total cap holds loopback too");
        assert_eq!(b.held().1, 4);
        drop(phone);
        assert_eq!(b.held().1, 2);
        assert!(b.stream(Some(ip(PHONE))).is_some());
    }
}
