//! The server's limits: a cap on queries evaluated at once ([`Slots`]: beyond it 503 with
//! `Retry-After`) and a per-query timeout that cancels evaluation ([`with_timeout`]:
//! oxigraph's `CancellationToken`, cancelled from a timer thread). Answers are buffered
//! before the status line is sent, so a cancelled query is a 503, never a 200 with a
//! truncated body. The request-body cap (413) is in [`super::read_body`].

use oxigraph::sparql::CancellationToken;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Duration;

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

/// Runs `work` with a token that a timer thread cancels after `timeout`; returns what
/// `work` returned and whether the timer fired.
pub fn with_timeout<T>(timeout: Duration, work: impl FnOnce(CancellationToken) -> T) -> (T, bool) {
    let token = CancellationToken::new();
    let (done, wait) = mpsc::channel::<()>();
    let timer_token = token.clone();
    let timer = std::thread::Builder::new()
        .name("mura query timer".into())
        .spawn(move || {
            if let Err(mpsc::RecvTimeoutError::Timeout) = wait.recv_timeout(timeout) {
                timer_token.cancel();
            }
        });
    let out = work(token.clone());
    drop(done);
    if let Ok(t) = timer {
        let _ = t.join();
    }
    (out, token.is_cancelled())
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
    }
}
