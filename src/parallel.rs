//! Work split into parts, each part on a thread of its own (the halves of a large file, slices
//! of a million units).

/// `work` applied to every part, each on a thread of its own, the results in the parts' order
/// (a panic on a thread is raised again here).
pub fn on_threads<P: Sync, T: Send>(parts: &[P], work: impl Fn(&P) -> T + Sync) -> Vec<T> {
    std::thread::scope(|scope| {
        let work = &work;
        let handles: Vec<_> = parts
            .iter()
            .map(|part| scope.spawn(move || work(part)))
            .collect();
        handles
            .into_iter()
            .map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_the_parts_order() {
        let parts: Vec<u64> = (0..5).collect();
        assert_eq!(on_threads(&parts, |n| n * n), [0, 1, 4, 9, 16]);
    }
}
