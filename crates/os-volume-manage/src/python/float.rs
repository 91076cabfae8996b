//! Python's two float conversions, done with exact big-integer arithmetic
//! and no lookup tables, for the builds made for size (feature `compact`:
//! the WebAssembly module browsers download then carries neither Rust's
//! 10 KB table of powers of five nor its float formatting code):
//!
//! * [`parse`]: the text of a JSON number → the nearest `f64`, ties to
//!   even (Python's `float()`, which `json.loads` calls: correctly rounded,
//!   overflowing to infinity, underflowing to zero);
//! * [`shortest`]: an `f64` → the fewest significant decimal digits that
//!   read back as the same `f64`, the nearest such when there are several
//!   (the digits of Python's `repr(float)`; `repr` lays them out).
//!
//! Numbers of at most 15 significant digits and a small exponent (nearly
//! every number a request holds) are parsed with one exact floating-point
//! operation; the rest as an exact integer times or divided by a power of
//! ten, rounded once. Formatting generates digits from exact big integers
//! (the free-format algorithm of Steele & White as refined by Burger &
//! Dybvig). Both take from under a microsecond to about 20 µs for the
//! most extreme exponents, where the standard library's take well under
//! one: without the feature, [`parse_number`] and [`shortest_text`] are
//! the standard library's (the tests check that both ways agree).
//!
//! [`parse_number`]: the text of a JSON number → `f64`;
//! [`shortest_text`]: the digits and decimal point `repr` lays out.

// Without the feature the conversions below are only tested, against the
// standard library's.
#![cfg_attr(
    not(feature = "compact"),
    allow(dead_code, reason = "the compact build's conversions, tested in every build")
)]

/// The `f64` of the text of a JSON number (Python's grammar, already
/// matched by the parser).
pub(crate) fn parse_number(text: &str) -> f64 {
    #[cfg(feature = "compact")]
    return parse(text);
    #[cfg(not(feature = "compact"))]
    text.parse::<f64>().unwrap_or(f64::NAN)
}

/// The shortest round-trip digits of a finite, non-negative `f64` and
/// Python's `decpt` (the decimal point sits after that many digits; `0`
/// is the digit `0` with `decpt` 1).
pub(crate) fn shortest_text(v: f64) -> (String, i32) {
    if v == 0.0 {
        return ("0".into(), 1);
    }
    #[cfg(feature = "compact")]
    {
        let (digits, n, point) = shortest(v);
        (digits.iter().take(n).map(|d| char::from(b'0' + d)).collect(), point)
    }
    #[cfg(not(feature = "compact"))]
    {
        let sci = format!("{v:e}");
        let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
        (mantissa.chars().filter(char::is_ascii_digit).collect(), exp.parse::<i32>().unwrap_or(0) + 1)
    }
}

/// Significant decimal digits kept while parsing. The exact decimal value
/// of any `f64` has at most 767 significant digits; digits beyond the
/// kept ones only matter when the number sits exactly halfway between two
/// `f64`s, which [`Decimal::truncated`] records.
const MAX_DIGITS: usize = 800;

/// The significant digits of a number being parsed, as values 0–9: the
/// number is `0.d₀d₁… × 10^point`.
struct Decimal {
    digits: [u8; MAX_DIGITS],
    len: usize,
    point: i32,
    /// Non-zero digits were dropped after the kept ones.
    truncated: bool,
}

impl Decimal {
    /// Drops trailing zeros.
    fn trim(&mut self) {
        while self.len > 0 && self.digits.get(self.len - 1) == Some(&0) {
            self.len -= 1;
        }
    }

    /// The nearest `f64` (positive), ties to even: the digits as an exact
    /// integer `W`, times `10^q` or divided by `10^-q`, rounded once.
    fn to_f64(&self) -> f64 {
        if self.len == 0 {
            return 0.0;
        }
        // Beyond these the value overflows or underflows whatever its digits.
        if self.point > 310 {
            return f64::INFINITY;
        }
        if self.point < -330 {
            return 0.0;
        }
        let mut w = Big::zero();
        for chunk in self.digits.get(..self.len).unwrap_or_default().chunks(9) {
            let mut n = 0u32;
            let mut scale = 1u32;
            for &d in chunk {
                n = n * 10 + u32::from(d);
                scale *= 10;
            }
            w.mul_small(scale);
            w.add_small(n);
        }
        let q = self.point - self.len as i32;
        if q >= 0 {
            w.mul_pow10(q as u32);
            let (top, shift, rest) = w.top64();
            return round(top, shift, rest || self.truncated);
        }
        // W / 10^-q = W / 5^-q × 2^q: a quotient of about 57 bits and
        // whether anything is left over.
        let mut divisor = Big::from_u64(1);
        divisor.mul_pow5((-q) as u32);
        let mut exp = q;
        let (wb, db) = (w.bit_length() as i32, divisor.bit_length() as i32);
        if wb < db + 57 {
            w.mul_pow2((db + 57 - wb) as u32);
            exp -= db + 57 - wb;
        } else if wb > db + 57 {
            // floor(W / (D × 2^t)) = floor(floor(W / D) / 2^t): exact.
            divisor.mul_pow2((wb - db - 57) as u32);
            exp += wb - db - 57;
        }
        let (quotient, remainder) = w.div_rem_small_quotient(&divisor);
        round(quotient, exp, remainder || self.truncated)
    }
}

/// `(m + f) × 2^e` rounded to the nearest `f64`, ties to even, where
/// `0 <= f < 1` and `sticky` tells whether `f > 0`. Callers give `m` at
/// least 55 significant bits whenever `sticky` may be set, so that `f`
/// lies below the rounding position.
fn round(m: u64, e: i32, sticky: bool) -> f64 {
    if m == 0 {
        return 0.0;
    }
    let bits = 64 - m.leading_zeros() as i32;
    // Keep 53 bits, or fewer where the result is subnormal (2^-1074 is
    // the smallest step).
    let shift = (bits - 53).max(-1074 - e);
    let (mut mantissa, mut exp) = if shift <= 0 {
        (m << (-shift) as u32, e + shift)
    } else if shift > 64 {
        return 0.0;
    } else {
        let wide = u128::from(m);
        let kept = (wide >> shift) as u64;
        let rest = wide & ((1u128 << shift) - 1);
        let half = 1u128 << (shift - 1);
        let up = rest > half || (rest == half && (sticky || kept & 1 == 1));
        (kept + u64::from(up), e + shift)
    };
    if mantissa == 1 << 53 {
        mantissa >>= 1;
        exp += 1;
    }
    if mantissa < 1 << 52 {
        // Subnormal (exp is -1074), or zero after rounding.
        return f64::from_bits(mantissa);
    }
    let biased = exp + 52 + 1023;
    if biased >= 0x7FF {
        return f64::INFINITY;
    }
    f64::from_bits(((biased as u64) << 52) | (mantissa & ((1 << 52) - 1)))
}

/// Powers of ten a double holds exactly.
const EXACT_POWERS: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
    1e21, 1e22,
];

/// The `f64` nearest to the text of a number of Python's JSON grammar,
/// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?`, ties to even; too large
/// is infinity, too small zero (of the number's sign). Any other text gives
/// whatever its leading part of that shape gives (never fails, never panics).
pub(crate) fn parse(text: &str) -> f64 {
    let bytes = text.as_bytes();
    let mut i = 0;
    let negative = bytes.first() == Some(&b'-');
    if negative {
        i += 1;
    }
    let mut d = Decimal { digits: [0; MAX_DIGITS], len: 0, point: 0, truncated: false };
    let mut seen_point = false;
    let mut significant = false;
    // An exact integer of up to 19 significant digits, for the fast path.
    let mut small: u64 = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'0'..=b'9' => {
                let digit = b - b'0';
                if digit == 0 && !significant {
                    // A leading zero: only moves the point after a '.'.
                    if seen_point {
                        d.point -= 1;
                    }
                } else {
                    significant = true;
                    if d.len < MAX_DIGITS {
                        if let Some(slot) = d.digits.get_mut(d.len) {
                            *slot = digit;
                        }
                        if d.len < 19 {
                            small = small * 10 + u64::from(digit);
                        }
                        d.len += 1;
                    } else if digit != 0 {
                        d.truncated = true;
                    }
                    if !seen_point {
                        d.point += 1;
                    }
                }
            }
            b'.' if !seen_point => seen_point = true,
            _ => break,
        }
        i += 1;
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        i += 1;
        let exp_negative = bytes.get(i) == Some(&b'-');
        if matches!(bytes.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let mut e: i32 = 0;
        while let Some(&b @ b'0'..=b'9') = bytes.get(i) {
            // Saturates far beyond where every value is infinite or zero.
            if e < 100_000 {
                e = e * 10 + i32::from(b - b'0');
            }
            i += 1;
        }
        d.point = d.point.saturating_add(if exp_negative { -e } else { e });
    }
    let magnitude = if !significant {
        0.0
    } else {
        // Exactly representable digits and power of ten: one correctly
        // rounded operation (Clinger's fast path).
        let digits = d.len;
        let scale = d.point - digits as i32;
        if !d.truncated && digits <= 15 && (-22..=22).contains(&scale) {
            let m = small as f64;
            let p = EXACT_POWERS.get(scale.unsigned_abs() as usize).copied().unwrap_or(1.0);
            if scale >= 0 {
                m * p
            } else {
                m / p
            }
        } else {
            d.trim();
            d.to_f64()
        }
    };
    if negative {
        -magnitude
    } else {
        magnitude
    }
}

// ---------------------------------------------------------------------------
// Formatting: exact big integers.
// ---------------------------------------------------------------------------

/// Limbs of a [`Big`]: enough for the largest number either direction
/// builds: 800 digits shifted left by 57 bits beside `5^1130` when
/// parsing (under 2,800 bits), `2^1077 × 10^17` when formatting.
const LIMBS: usize = 90;

/// A non-negative integer, little-endian base 2^32, fixed size.
#[derive(Clone, Copy)]
struct Big {
    limbs: [u32; LIMBS],
    len: usize,
}

impl Big {
    fn zero() -> Big {
        Big { limbs: [0; LIMBS], len: 0 }
    }

    fn from_u64(v: u64) -> Big {
        let mut b = Big { limbs: [0; LIMBS], len: 0 };
        if let Some(l) = b.limbs.get_mut(0) {
            *l = v as u32;
        }
        if let Some(l) = b.limbs.get_mut(1) {
            *l = (v >> 32) as u32;
        }
        b.len = 2;
        b.normalize();
        b
    }

    fn limb(&self, i: usize) -> u32 {
        if i < self.len {
            self.limbs.get(i).copied().unwrap_or(0)
        } else {
            0
        }
    }

    fn set(&mut self, i: usize, v: u32) {
        if let Some(l) = self.limbs.get_mut(i) {
            *l = v;
        }
    }

    fn normalize(&mut self) {
        while self.len > 0 && self.limb(self.len - 1) == 0 {
            self.len -= 1;
        }
    }

    fn mul_small(&mut self, m: u32) {
        let mut carry: u64 = 0;
        for i in 0..self.len {
            let v = u64::from(self.limb(i)) * u64::from(m) + carry;
            self.set(i, v as u32);
            carry = v >> 32;
        }
        if carry > 0 && self.len < LIMBS {
            self.set(self.len, carry as u32);
            self.len += 1;
        }
    }

    fn add_small(&mut self, v: u32) {
        let mut carry = u64::from(v);
        let mut i = 0;
        while carry > 0 {
            if i == self.len {
                if self.len == LIMBS {
                    return;
                }
                self.len += 1;
            }
            let x = u64::from(self.limb(i)) + carry;
            self.set(i, x as u32);
            carry = x >> 32;
            i += 1;
        }
    }

    fn bit_length(&self) -> usize {
        match self.len {
            0 => 0,
            n => 32 * n - self.limb(n - 1).leading_zeros() as usize,
        }
    }

    /// The top 64 bits, the shift that puts them back (`self ≈ top × 2^shift`)
    /// and whether the bits below them hold anything.
    fn top64(&self) -> (u64, i32, bool) {
        let bits = self.bit_length();
        if bits <= 64 {
            return (u64::from(self.limb(0)) | (u64::from(self.limb(1)) << 32), 0, false);
        }
        let shift = bits - 64;
        let (word, bit) = (shift / 32, shift % 32);
        // Three limbs hold 96 bits; the `bit` lowest go, 64 remain.
        let wide = (u128::from(self.limb(word + 2)) << 64)
            | (u128::from(self.limb(word + 1)) << 32)
            | u128::from(self.limb(word));
        let top = (wide >> bit) as u64;
        let below = (0..word).any(|i| self.limb(i) != 0) || (bit > 0 && self.limb(word) & ((1u32 << bit) - 1) != 0);
        (top, shift as i32, below)
    }

    /// `floor(self / d)` for a quotient below 2^64, and whether anything
    /// remains; `self` is left holding the remainder.
    fn div_rem_small_quotient(&mut self, d: &Big) -> (u64, bool) {
        let (nb, db) = (self.bit_length(), d.bit_length());
        if db == 0 || nb < db {
            return (0, self.len > 0);
        }
        let steps = (nb - db).min(63);
        let mut shifted = *d;
        shifted.mul_pow2(steps as u32);
        let mut q: u64 = 0;
        for i in (0..=steps).rev() {
            if self.cmp(&shifted) != std::cmp::Ordering::Less {
                self.sub_assign(&shifted);
                q |= 1 << i;
            }
            shifted.shr1();
        }
        (q, self.len > 0)
    }

    fn shr1(&mut self) {
        for i in 0..self.len {
            let next = self.limb(i + 1);
            self.set(i, (self.limb(i) >> 1) | (next << 31));
        }
        self.normalize();
    }

    fn mul_pow5(&mut self, mut k: u32) {
        // 5^13 is the largest power of five below 2^32.
        while k >= 13 {
            self.mul_small(1_220_703_125);
            k -= 13;
        }
        let mut p = 1u32;
        for _ in 0..k {
            p *= 5;
        }
        self.mul_small(p);
    }

    fn mul_pow2(&mut self, k: u32) {
        let words = (k / 32) as usize;
        let bits = k % 32;
        let old = self.len;
        let new_len = (old + words + 1).min(LIMBS);
        for i in (0..new_len).rev() {
            let src = i as isize - words as isize;
            let hi = if src >= 0 { self.limb(src as usize) } else { 0 };
            let lo = if src >= 1 { self.limb(src as usize - 1) } else { 0 };
            let v = if bits == 0 { hi } else { (hi << bits) | (lo >> (32 - bits)) };
            self.set(i, v);
        }
        self.len = new_len;
        self.normalize();
    }

    fn mul_pow10(&mut self, mut k: u32) {
        while k >= 9 {
            self.mul_small(1_000_000_000);
            k -= 9;
        }
        let mut p = 1u32;
        for _ in 0..k {
            p *= 10;
        }
        self.mul_small(p);
    }

    fn add(&self, other: &Big) -> Big {
        let mut out = Big { limbs: [0; LIMBS], len: self.len.max(other.len) };
        let mut carry = 0u64;
        for i in 0..out.len {
            let v = u64::from(self.limb(i)) + u64::from(other.limb(i)) + carry;
            out.set(i, v as u32);
            carry = v >> 32;
        }
        if carry > 0 && out.len < LIMBS {
            out.set(out.len, carry as u32);
            out.len += 1;
        }
        out
    }

    /// `self -= other`, for `other <= self`.
    fn sub_assign(&mut self, other: &Big) {
        let mut borrow = 0i64;
        for i in 0..self.len {
            let v = i64::from(self.limb(i)) - i64::from(other.limb(i)) - borrow;
            borrow = i64::from(v < 0);
            self.set(i, (v + (borrow << 32)) as u32);
        }
        self.normalize();
    }

    fn cmp(&self, other: &Big) -> std::cmp::Ordering {
        let n = self.len.max(other.len);
        for i in (0..n).rev() {
            match self.limb(i).cmp(&other.limb(i)) {
                std::cmp::Ordering::Equal => {}
                unequal => return unequal,
            }
        }
        std::cmp::Ordering::Equal
    }
}

/// The shortest decimal digits of a finite, positive `f64`: at most 17
/// digit values (0–9, the first not 0) and the position of the decimal
/// point (the value is `0.d₀d₁… × 10^point`). Among the shortest digit
/// strings that read back as `v` the nearest to `v` (ties: the larger).
pub(crate) fn shortest(v: f64) -> ([u8; 17], usize, i32) {
    use std::cmp::Ordering::{Equal, Greater, Less};
    let bits = v.to_bits();
    let biased = ((bits >> 52) & 0x7FF) as i32;
    let fraction = bits & ((1 << 52) - 1);
    // v = mantissa × 2^exp.
    let (mantissa, exp) = if biased == 0 { (fraction, -1074) } else { (fraction | (1 << 52), biased - 1075) };
    // The gap to the next double below is half the usual one at a power
    // of two (except at the smallest exponent).
    let narrow_below = fraction == 0 && biased > 1;
    // r / s = v; plus / s and minus / s = half the gaps to the neighbours.
    let (mut r, mut s, mut plus, mut minus);
    if exp >= 0 {
        r = Big::from_u64(mantissa);
        r.mul_pow2(exp as u32 + if narrow_below { 2 } else { 1 });
        s = Big::from_u64(if narrow_below { 4 } else { 2 });
        plus = Big::from_u64(1);
        plus.mul_pow2(exp as u32 + u32::from(narrow_below));
        minus = Big::from_u64(1);
        minus.mul_pow2(exp as u32);
    } else {
        r = Big::from_u64(mantissa);
        r.mul_pow2(if narrow_below { 2 } else { 1 });
        s = Big::from_u64(1);
        s.mul_pow2((-exp) as u32 + if narrow_below { 2 } else { 1 });
        plus = Big::from_u64(if narrow_below { 2 } else { 1 });
        minus = Big::from_u64(1);
    }
    // Even mantissas round to themselves from the boundary (ties to even),
    // so the boundaries themselves read back as v.
    let inclusive = mantissa % 2 == 0;
    let high_reached = |r: &Big, plus: &Big, s: &Big| {
        let sum = r.add(plus);
        match sum.cmp(s) {
            Greater => true,
            Equal => inclusive,
            Less => false,
        }
    };
    // k: the first digit's place, estimated from the binary exponent, then
    // corrected so that 10^(k-1) <= high < 10^k.
    let bit_length = 64 - mantissa.leading_zeros() as i32;
    let mut k = (f64::from(exp + bit_length - 1) * std::f64::consts::LOG10_2).ceil() as i32;
    if k >= 0 {
        s.mul_pow10(k as u32);
    } else {
        let up = (-k) as u32;
        r.mul_pow10(up);
        plus.mul_pow10(up);
        minus.mul_pow10(up);
    }
    if high_reached(&r, &plus, &s) {
        s.mul_small(10);
        k += 1;
    } else {
        // The estimate may be one too high.
        let mut r10 = r;
        r10.mul_small(10);
        let mut p10 = plus;
        p10.mul_small(10);
        if !high_reached(&r10, &p10, &s) {
            r = r10;
            plus = p10;
            minus.mul_small(10);
            k -= 1;
        }
    }
    let mut digits = [0u8; 17];
    let mut n = 0;
    loop {
        r.mul_small(10);
        plus.mul_small(10);
        minus.mul_small(10);
        let mut d = 0u8;
        while r.cmp(&s) != Less {
            r.sub_assign(&s);
            d += 1;
        }
        let low = match r.cmp(&minus) {
            Less => true,
            Equal => inclusive,
            Greater => false,
        };
        let high = high_reached(&r, &plus, &s);
        let last = if low && high {
            // Both neighbours read back: the nearer, the larger on a tie.
            let mut twice = r;
            twice.mul_small(2);
            Some(if twice.cmp(&s) == Less { d } else { d + 1 })
        } else if low {
            Some(d)
        } else if high {
            Some(d + 1)
        } else {
            None
        };
        match last {
            Some(d) => {
                if let Some(slot) = digits.get_mut(n) {
                    *slot = d;
                }
                n += 1;
                break;
            }
            None => {
                if let Some(slot) = digits.get_mut(n) {
                    *slot = d;
                }
                n += 1;
                if n >= 17 {
                    break;
                }
            }
        }
    }
    // A last digit rounded up to 10 carries.
    let mut i = n;
    while i > 0 && digits.get(i - 1) == Some(&10) {
        if let Some(slot) = digits.get_mut(i - 1) {
            *slot = 0;
        }
        if i >= 2 {
            if let Some(slot) = digits.get_mut(i - 2) {
                *slot += 1;
            }
        } else {
            // 9…9 rounded up: 1 at a new place.
            digits = [0; 17];
            if let Some(first) = digits.get_mut(0) {
                *first = 1;
            }
            n = 1;
            k += 1;
            break;
        }
        i -= 1;
    }
    while n > 1 && digits.get(n - 1) == Some(&0) {
        n -= 1;
    }
    (digits, n, k)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the standard library says, as `(digits, point)`.
    fn reference(v: f64) -> (String, i32) {
        let sci = format!("{v:e}");
        let (mantissa, exp) = sci.split_once('e').unwrap();
        let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
        (digits, exp.parse::<i32>().unwrap() + 1)
    }

    fn ours(v: f64) -> (String, i32) {
        let (digits, n, point) = shortest(v);
        (digits[..n].iter().map(|d| char::from(b'0' + d)).collect(), point)
    }

    /// xorshift64*: the same numbers on every machine.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }
    }

    fn check_shortest(v: f64) {
        assert_eq!(ours(v), reference(v), "{v:e} ({:#x})", v.to_bits());
    }

    #[test]
    fn shortest_digits_are_the_standard_librarys() {
        for v in [
            1.0,
            0.1,
            0.3,
            1.5,
            100.0,
            123456.0,
            1e21,
            1e22,
            1e23,
            5e-324,
            1e-323,
            2.2250738585072014e-308,
            2.225073858507201e-308,
            1.7976931348623157e308,
            9007199254740993.0,
            0.000001,
            1e-7,
            2f64.powi(60),
            2f64.powi(-60),
            1e23 - 1e7,
            3.0e-5,
            299792458.0,
            std::f64::consts::PI,
            std::f64::consts::E,
        ] {
            check_shortest(v);
        }
        for e in -1074..=1023 {
            // 2^e, built from its bits (powi would underflow on the way).
            let bits = if e < -1022 { 1u64 << (e + 1074) } else { ((e + 1023) as u64) << 52 };
            for b in [bits.saturating_sub(1), bits, bits + 1] {
                let v = f64::from_bits(b);
                if v > 0.0 && v.is_finite() {
                    check_shortest(v);
                }
            }
        }
        for p in -323..=308 {
            let v: f64 = format!("1e{p}").parse().unwrap();
            check_shortest(v);
            check_shortest(f64::from_bits(v.to_bits() + 1));
        }
        let mut rng = Rng(0x5eed);
        for _ in 0..200_000 {
            let v = f64::from_bits(rng.next() & !(1 << 63));
            if v.is_finite() && v > 0.0 {
                check_shortest(v);
            }
        }
        // Short decimals (the usual request numbers).
        for i in 0..20_000 {
            let v = f64::from(i) / 1000.0;
            if v > 0.0 {
                check_shortest(v);
            }
        }
    }

    fn check_parse(text: &str) {
        let want: f64 = text.parse().unwrap();
        let got = parse(text);
        assert_eq!(got.to_bits(), want.to_bits(), "{text}: {got:e} != {want:e}");
    }

    /// Not a correctness test: how long the slow paths take (`cargo test
    /// --release -- --ignored --nocapture float_speed`).
    #[test]
    #[ignore]
    fn float_speed() {
        for text in
            ["1.5", "3.14159", "1.2345678901234567", "1e300", "1e-300", "4.9e-324", "123456789012345678901234567890"]
        {
            let n = 100_000;
            let t = std::time::Instant::now();
            for _ in 0..n {
                std::hint::black_box(parse(std::hint::black_box(text)));
            }
            let ours = t.elapsed().as_nanos() / n;
            let t = std::time::Instant::now();
            for _ in 0..n {
                std::hint::black_box(std::hint::black_box(text).parse::<f64>().ok());
            }
            println!("parse {text}: {ours} ns, std {} ns", t.elapsed().as_nanos() / n);
        }
        for v in [1.5, 0.1, std::f64::consts::PI, 1e300, 1e-300, 5e-324, 1.7976931348623157e308] {
            let n = 100_000;
            let t = std::time::Instant::now();
            for _ in 0..n {
                std::hint::black_box(shortest(std::hint::black_box(v)));
            }
            let ours = t.elapsed().as_nanos() / n;
            let t = std::time::Instant::now();
            for _ in 0..n {
                std::hint::black_box(format!("{:e}", std::hint::black_box(v)));
            }
            println!("shortest {v:e}: {ours} ns, std {} ns", t.elapsed().as_nanos() / n);
        }
    }

    #[test]
    fn parsing_rounds_as_the_standard_library() {
        for text in [
            "0",
            "-0",
            "0.0",
            "-0.0",
            "1",
            "1.5",
            "0.1",
            "3.14159",
            "1e10",
            "1E+10",
            "1e-10",
            "123456789012345678901234567890",
            "1e308",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.7976931348623159e308",
            "1e309",
            "2e308",
            "5e-324",
            "4.9406564584124654e-324",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "1e-324",
            "2.2250738585072011e-308",
            "2.2250738585072012e-308",
            "9007199254740993",
            "9007199254740992.5",
            "9007199254740993.0000000000000000000001",
            "0.000000000000000000000000000000000001e36",
            "1e-400",
            "1e400",
            "0e999999999",
            "1e99999999999999",
            "1e-99999999999999",
            "100000000000000000000000.0",
            "0.30000000000000004",
            "7.2057594037927933e16",
            "1e23",
            "8.988465674311579e307",
        ] {
            check_parse(text);
        }
        let mut rng = Rng(0x5eed_f10a);
        // Random digits and exponents, some very long.
        for _ in 0..50_000 {
            let digits = 1 + (rng.next() % 30) as usize;
            let mut s: String = (0..digits).map(|_| char::from(b'0' + (rng.next() % 10) as u8)).collect();
            if s.len() > 1 && s.starts_with('0') {
                s.replace_range(..1, "1");
            }
            if rng.next() % 2 == 0 && digits > 1 {
                let at = 1 + (rng.next() as usize % (digits - 1));
                s.insert(at, '.');
            }
            let e = (rng.next() % 700) as i32 - 350;
            check_parse(&format!("{s}e{e}"));
        }
        // Exactly halfway between two doubles, and just beside: the
        // decimal expansion of the midpoint (exact: at most 767 digits).
        for i in 0..3_000u64 {
            // A quarter subnormal.
            let v =
                f64::from_bits(if i % 4 == 0 { rng.next() % (1 << 53) } else { rng.next() % 0x7FEF_FFFF_FFFF_FFFF });
            let next = f64::from_bits(v.to_bits() + 1);
            let mid = exact_midpoint(v, next);
            check_parse(&mid);
            check_parse(&format!("{mid}1"));
            let below = decrement_last(&mid);
            check_parse(&below);
        }
    }

    /// The exact decimal text of (a + b) / 2 for adjacent positive doubles.
    fn exact_midpoint(a: f64, b: f64) -> String {
        // a = m × 2^e exactly; the midpoint is (2m + 1) × 2^(e-1), that is
        // N × 10^-k with N = (2m + 1) × 5^k when e - 1 = -k < 0.
        assert_eq!(b.to_bits(), a.to_bits() + 1);
        let bits = a.to_bits();
        let biased = ((bits >> 52) & 0x7FF) as i32;
        let fraction = bits & ((1 << 52) - 1);
        let (m, e) = if biased == 0 { (fraction, -1074) } else { (fraction | (1 << 52), biased - 1075) };
        let mut n = Big::from_u64(2 * m + 1);
        let mut exp10 = 0;
        if e > 0 {
            n.mul_pow2((e - 1) as u32);
        } else {
            n.mul_pow5((1 - e) as u32);
            exp10 = e - 1;
        }
        // N in decimal, nine digits at a time.
        let mut chunks = Vec::new();
        while n.len > 0 {
            let mut rem = 0u64;
            for i in (0..n.len).rev() {
                let cur = (rem << 32) | u64::from(n.limbs[i]);
                n.limbs[i] = (cur / 1_000_000_000) as u32;
                rem = cur % 1_000_000_000;
            }
            n.normalize();
            chunks.push(rem);
        }
        let mut digits = chunks.pop().unwrap().to_string();
        while let Some(c) = chunks.pop() {
            digits.push_str(&format!("{c:09}"));
        }
        format!("{digits}e{exp10}")
    }

    /// The same text with its last digit one less (or ...0 → ...9 borrowing).
    fn decrement_last(text: &str) -> String {
        let (mantissa, exp) = text.split_once('e').unwrap();
        let mut bytes = mantissa.as_bytes().to_vec();
        let mut i = bytes.len() - 1;
        loop {
            if bytes[i] == b'.' {
                i -= 1;
                continue;
            }
            if bytes[i] > b'0' {
                bytes[i] -= 1;
                break;
            }
            bytes[i] = b'9';
            i -= 1;
        }
        format!("{}e{exp}", String::from_utf8(bytes).unwrap())
    }
}
