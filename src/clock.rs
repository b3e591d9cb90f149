//! The time the sessions' timers read: the system's monotonic clock, which a test moves on
//! instead of sleeping (a desk's idle checkpoint after two seconds, supervisor mode's look at
//! the file once a second). Clones share one clock, so the window and the session it opens
//! move on together.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Default)]
pub struct Clock {
    /// How far tests have moved this clock on, in nanoseconds (0 in the program).
    skipped: Arc<AtomicU64>,
}

impl Clock {
    pub fn now(&self) -> Instant {
        Instant::now() + Duration::from_nanos(self.skipped.load(Ordering::Relaxed))
    }

    /// The time since `then` (an instant this clock gave).
    pub fn since(&self, then: Instant) -> Duration {
        self.now().saturating_duration_since(then)
    }

    /// Moves this clock, and every clone of it, on by `by`.
    pub fn advance(&self, by: Duration) {
        let nanos = u64::try_from(by.as_nanos()).unwrap_or(u64::MAX);
        self.skipped.fetch_add(nanos, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_advanced_clock_and_its_clones_are_ahead_by_as_much() {
        let clock = Clock::default();
        let then = clock.now();
        let clone = clock.clone();
        clone.advance(Duration::from_secs(5));
        assert!(clock.since(then) >= Duration::from_secs(5));
        assert!(clock.since(then) < Duration::from_secs(60));
        assert_eq!(
            clock.since(clock.now() + Duration::from_secs(1)),
            Duration::ZERO
        );
    }
}
