//! Classes of bytes eight at a time: eight ASCII bytes read as one
//! little-endian `u64`, and for each byte one flag, its top bit.
//!
//! Hand-written rather than taken from a crate: `memchr` and `aho-corasick`
//! find given bytes, not ranges of them, and the scans that use these
//! (word starts for name search, capitals for the misspelling filter,
//! runs of letters in words) see every byte of every article. Each function is compared with testing the
//! bytes one by one (property tests below).

/// Each byte 1.
const ONES: u64 = u64::from_ne_bytes([1; 8]);

/// The top bit of each byte.
pub(super) const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);

/// The eight bytes as a `u64` if they are all ASCII.
pub(super) fn ascii(bytes: [u8; 8]) -> Option<u64> {
    let x = u64::from_le_bytes(bytes);
    (x & HIGH == 0).then_some(x)
}

/// The top bit of each byte of `x` (ASCII) set where the byte lies in
/// `lo..=hi` (ASCII), every other bit clear.
pub(super) fn in_range(x: u64, lo: u8, hi: u8) -> u64 {
    debug_assert!(lo <= hi && hi.is_ascii());
    // No sum carries into the next byte: each byte is below 0x80 and each
    // addend at most 0x80. `at_least(c)` has the top bit of a byte set if
    // the byte is `c` or more.
    let at_least = |c: u16| x.wrapping_add((0x80 - u64::from(c)) * ONES);
    at_least(u16::from(lo)) & !at_least(u16::from(hi) + 1) & HIGH
}

/// The top bit of each byte of `x` (ASCII) set where the byte is `b`
/// (ASCII).
pub(super) fn equal_to(x: u64, b: u8) -> u64 {
    debug_assert!(b.is_ascii());
    // Each byte of `y` is 0 where `x` holds `b`, and below 0x80: adding
    // 0x7f sets its top bit (without a carry) unless it is 0.
    let y = x ^ (u64::from(b) * ONES);
    !y.wrapping_add(0x7f * ONES) & HIGH
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn flags(bytes: [u8; 8], f: impl Fn(u8) -> bool) -> u64 {
        bytes
            .iter()
            .enumerate()
            .map(|(i, &b)| u64::from(f(b)) << (8 * i + 7))
            .sum()
    }

    proptest! {
        #[test]
        fn ranges_and_bytes_are_found_as_one_by_one(
            bytes in prop::array::uniform8(0u8..0x80),
            lo in 0u8..0x80,
            len in 0u8..0x80,
        ) {
            let hi = lo.saturating_add(len).min(0x7f);
            let x = ascii(bytes).unwrap();
            prop_assert_eq!(in_range(x, lo, hi), flags(bytes, |b| (lo..=hi).contains(&b)));
            prop_assert_eq!(equal_to(x, lo), flags(bytes, |b| b == lo));
        }

        #[test]
        fn only_ascii_is_read(bytes in prop::array::uniform8(any::<u8>())) {
            prop_assert_eq!(ascii(bytes).is_some(), bytes.is_ascii());
        }
    }
}
