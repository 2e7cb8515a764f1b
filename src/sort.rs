//! One small stable sort for the whole crate.
//!
//! The standard library's sorts are fast but large: every element type and
//! comparator gets its own copy of driftsort or ipnsort, about 3 KiB of
//! WebAssembly each, and the crate sorts a dozen kinds of things. Here the merge
//! sort itself is written once, over positions, and called through a `dyn`
//! comparator; what each element type adds is a short loop that moves the
//! elements into the order found. Every sort in the crate is stable.

use std::cmp::Ordering;

/// Sorts `items` by `compare`, keeping equal elements in the order they came in.
///
/// ```
/// let mut words = vec!["pear", "fig", "apple", "kiwi"];
/// entitlement_policy::sort::sort_by(&mut words, |a, b| a.len().cmp(&b.len()));
/// assert_eq!(words, ["fig", "pear", "kiwi", "apple"]);
/// ```
pub fn sort_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    let order = {
        let view: &[T] = items;
        order_by(view.len(), &mut |a, b| match (view.get(a), view.get(b)) {
            (Some(a), Some(b)) => compare(a, b),
            _ => Ordering::Equal,
        })
    };
    permute(items, order);
}

/// Sorts `items` by the key `key` gives each (computed once per element).
pub fn sort_by_cached_key<T, K: Ord>(items: &mut [T], key: impl FnMut(&T) -> K) {
    let keys: Vec<K> = items.iter().map(key).collect();
    let order = order_by(keys.len(), &mut |a, b| keys.get(a).cmp(&keys.get(b)));
    permute(items, order);
}

/// Sorts `items` in their natural order.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// The positions `0..len` in stable sorted order: a bottom-up merge sort.
fn order_by(len: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    let mut scratch: Vec<usize> = Vec::with_capacity(len);
    let mut width = 1;
    while width < len {
        scratch.clear();
        for run in order.chunks(2 * width) {
            let (left, right) = run.split_at(width.min(run.len()));
            let (mut l, mut r) = (left.iter().peekable(), right.iter().peekable());
            loop {
                // Take from the right only when strictly smaller: that keeps the sort stable.
                let next = match (l.peek(), r.peek()) {
                    (Some(&&a), Some(&&b)) if compare(b, a) == Ordering::Less => r.next(),
                    (Some(_), _) => l.next(),
                    (None, Some(_)) => r.next(),
                    (None, None) => break,
                };
                scratch.extend(next);
            }
        }
        std::mem::swap(&mut order, &mut scratch);
        width *= 2;
    }
    order
}

/// Rearranges `items` so that position `i` holds what was at `order[i]`, by
/// following each cycle of the permutation with swaps.
fn permute<T>(items: &mut [T], mut order: Vec<usize>) {
    for start in 0..order.len() {
        let mut at = start;
        while let Some(from) = order.get_mut(at).map(|slot| std::mem::replace(slot, at)) {
            if from == start || from == at {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorting_agrees_with_the_standard_stable_sort_on_every_small_input() {
        // Every sequence of length 0..=7 over three values, each tagged with its position.
        for len in 0..=7u32 {
            for code in 0..3usize.pow(len) {
                let mut digits = code;
                let mut ours: Vec<(usize, u32)> = (0..len)
                    .map(|i| {
                        let d = digits % 3;
                        digits /= 3;
                        (d, i)
                    })
                    .collect();
                let mut theirs = ours.clone();
                theirs.sort_by_key(|p| p.0);
                sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
                assert_eq!(ours, theirs);
            }
        }
    }

    #[test]
    fn a_long_reversed_list_comes_out_in_order() {
        let mut items: Vec<u32> = (0..1000).rev().collect();
        sort(&mut items);
        assert!(items.windows(2).all(|w| w.first() < w.get(1)));
        assert_eq!(items.len(), 1000);
    }

    #[test]
    fn cached_keys_sort_like_the_keys() {
        let mut words = vec!["ccc", "a", "bb", "dd", "e"];
        sort_by_cached_key(&mut words, |w| w.len());
        assert_eq!(words, ["a", "e", "bb", "dd", "ccc"]);
    }
}
