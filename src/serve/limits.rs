//! The server's limits: a cap on queries evaluated at once ([`Slots`]: beyond it 503 with
//! `Retry-After`) and a per-query timeout that cancels evaluation ([`with_timeout`]:
//! oxigraph's `CancellationToken`, cancelled by one watchdog thread). Answers are buffered
//! before the status line is sent, so a cancelled query is a 503, never a 200 with a
//! truncated body. The request-body cap (413) is in [`super::read_body`].

use oxigraph::sparql::CancellationToken;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// A counting semaphore that never waits: a query gets a slot or is refused.
pub struct Slots {
    max: usize,
    used: AtomicUsize,
}

/// A held slot, released on drop.
pub struct Slot<'a>(&'a Slots);

impl Slots {
    pub fn new(max: usize) -> Self {
        Self {
            max: max.max(1),
            used: AtomicUsize::new(0),
        }
    }

    /// A slot, or `None` when `max` queries are running.
    pub fn try_acquire(&self) -> Option<Slot<'_>> {
        let mut used = self.used.load(Ordering::SeqCst);
        loop {
            if used >= self.max {
                return None;
            }
            match self
                .used
                .compare_exchange(used, used + 1, Ordering::SeqCst, Ordering::SeqCst)
            {
                Ok(_) => return Some(Slot(self)),
                Err(now) => used = now,
            }
        }
    }
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        self.0.used.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Runs `work` with a token that is cancelled once `timeout` has passed; returns what
/// `work` returned and whether the deadline was reached. One watchdog thread serves every
/// query of the process (a thread per query would cost a spawn per request under load).
pub fn with_timeout<T>(timeout: Duration, work: impl FnOnce(CancellationToken) -> T) -> (T, bool) {
    let token = CancellationToken::new();
    let key = watchdog().watch(Instant::now() + timeout, token.clone());
    let out = work(token.clone());
    watchdog().forget(key);
    (out, token.is_cancelled())
}

/// The last key handed out, and the running queries' tokens by (deadline, key).
type Deadlines = (u64, BTreeMap<(Instant, u64), CancellationToken>);

/// The deadlines of the running queries, earliest first; its thread cancels each token
/// whose deadline has passed.
struct Watchdog {
    deadlines: Mutex<Deadlines>,
    changed: Condvar,
}

fn watchdog() -> &'static Watchdog {
    static WATCHDOG: OnceLock<&'static Watchdog> = OnceLock::new();
    WATCHDOG.get_or_init(|| {
        let w: &'static Watchdog = Box::leak(Box::new(Watchdog {
            deadlines: Mutex::new((0, BTreeMap::new())),
            changed: Condvar::new(),
        }));
        std::thread::Builder::new()
            .name("mura query watchdog".into())
            .spawn(move || w.run())
            .expect("the query watchdog thread starts");
        w
    })
}

impl Watchdog {
    fn watch(&self, deadline: Instant, token: CancellationToken) -> (Instant, u64) {
        let mut guard = self.deadlines.lock().unwrap_or_else(|e| e.into_inner());
        guard.0 += 1;
        let key = (deadline, guard.0);
        guard.1.insert(key, token);
        drop(guard);
        self.changed.notify_one();
        key
    }

    fn forget(&self, key: (Instant, u64)) {
        let mut guard = self.deadlines.lock().unwrap_or_else(|e| e.into_inner());
        guard.1.remove(&key);
    }

    fn run(&self) {
        let mut guard = self.deadlines.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            let now = Instant::now();
            while let Some(entry) = guard.1.first_entry() {
                if entry.key().0 > now {
                    break;
                }
                entry.remove().cancel();
            }
            guard = match guard.1.first_key_value() {
                None => self.changed.wait(guard).unwrap_or_else(|e| e.into_inner()),
                Some((&(deadline, _), _)) => {
                    match self.changed.wait_timeout(guard, deadline - now) {
                        Ok((g, _)) => g,
                        Err(e) => e.into_inner().0,
                    }
                }
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_refuse_beyond_the_cap() {
        let slots = Slots::new(2);
        let a = slots.try_acquire();
        let b = slots.try_acquire();
        assert!(a.is_some() && b.is_some());
        assert!(slots.try_acquire().is_none());
        drop(a);
        assert!(slots.try_acquire().is_some());
    }

    #[test]
    fn the_timer_cancels_slow_work_only() {
        let ((), fired) = with_timeout(Duration::from_millis(20), |t| {
            while !t.is_cancelled() {
                std::thread::sleep(Duration::from_millis(5));
            }
        });
        assert!(fired);
        let ((), fired) = with_timeout(Duration::from_secs(5), |_| ());
        assert!(!fired);
        // many at once: only the short ones fire
        let handles: Vec<_> = (0..8u64)
            .map(|i| {
                std::thread::spawn(move || {
                    let ms = if i % 2 == 0 { 30 } else { 60_000 };
                    with_timeout(Duration::from_millis(ms), |t| {
                        let start = Instant::now();
                        while !t.is_cancelled() && start.elapsed() < Duration::from_millis(300) {
                            std::thread::sleep(Duration::from_millis(5));
                        }
                    })
                    .1
                })
            })
            .collect();
        let fired: Vec<bool> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        assert_eq!(fired, [true, false, true, false, true, false, true, false]);
    }
}
