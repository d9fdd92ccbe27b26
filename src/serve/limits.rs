//! The server's limits: a cap on queries evaluated at once ([`Slots`]: beyond it 503 with
//! `Retry-After`) and a per-query timeout that cancels evaluation ([`with_timeout`]:
//! oxigraph's `CancellationToken`, cancelled by one watchdog thread). Answers are buffered
//! before the status line is sent, so a cancelled query is a 503, never a 200 with a
//! truncated body. The request-body cap (413) is in [`super::read_body`].

use std::sync::atomic::{AtomicUsize, Ordering};

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

/// The one query watchdog of the process, shared with `mura query --timeout`.
pub use crate::query::with_timeout;

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

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
