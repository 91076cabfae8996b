//! Sizes: byte counts → the GiB value Cinder stores, and size text → bytes.
//!
//! Cinder never takes a size in a manage request: the driver measures the
//! backend object and `manage_existing_get_size` returns whole GiB
//! (`cinder/volume/flows/manager/manage_existing.py:
//! PrepareForQuotaReservationTask.execute`; `docs/cinder/sizes.md#pipeline`).
//! Most drivers compute `int(math.ceil(float(n_bytes) / units.Gi))` (e.g.
//! `cinder/volume/drivers/rbd.py: RBDDriver.manage_existing_get_size`;
//! `docs/cinder/sizes.md#the-common-rule-and-its-float-edge`).
//! Because `float(n)` rounds to the nearest f64, that is one GiB *low* for some
//! counts above 2^53 bytes (about 8 PiB). This module gives three explicit modes:
//!
//! * [`SizeMode::Exact`]: the true ceiling `(n + 2^30 - 1) >> 30`, computed
//!   without overflow (and on digit strings for counts beyond `u64`);
//! * [`SizeMode::CinderCompatible`]: `((n as f64) / 1073741824.0).ceil()`, the
//!   value a Cinder driver actually stores; the result says when it differs;
//! * [`SizeMode::WholeGibOnly`]: refuse counts that are not a multiple of 1 GiB,
//!   as PowerMax and Dell SC do (`docs/cinder/sizes.md#per-driver-rounding`).
//!
//! Every result carries both the exact and the Cinder value, so a caller never
//! has to run the computation twice to find out whether they disagree.
//!
//! Size *text* (`10G`, `1.5TiB`, `500 MB`) is parsed with integer arithmetic
//! only (u128): no f64 on the byte path, so `1.1 GiB` is refused instead of
//! silently rounded. See [`parse_size_text`] for the grammar and case rules.

use std::fmt;

use serde::{Deserialize, Serialize};

/// 2^30, Cinder's `units.Gi`.
pub const GIB: u64 = 1 << 30;

/// 2^53: every byte count up to here is exact in an f64, so Cinder's float
/// rule equals the exact ceiling for all `n <= 2^53`.
pub const F64_EXACT_LIMIT: u64 = 1 << 53;

/// How bytes become GiB.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SizeMode {
    /// The true integer ceiling of bytes / 2^30.
    Exact,
    /// Cinder's `ceil(float(bytes) / 2^30)`: what most drivers store.
    CinderCompatible,
    /// Reject anything that is not a whole number of GiB (PowerMax, Dell SC).
    WholeGibOnly,
}

/// A non-negative integer that may exceed `u64`.
///
/// Serialized untagged: a JSON number when it fits `u64`, else a decimal
/// string. (JSON numbers above 2^53 lose precision in JavaScript's
/// `JSON.parse`; the wasm layer converts those to `bigint`.)
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Amount {
    /// Fits in 64 bits.
    U64(u64),
    /// Canonical decimal digits (no sign, no leading zeros), larger than `u64::MAX`.
    Decimal(String),
}

impl Amount {
    /// Build from canonical decimal digits, preferring the `U64` form.
    fn from_digits(digits: String) -> Amount {
        match digits.parse::<u64>() {
            Ok(n) => Amount::U64(n),
            Err(_) => Amount::Decimal(digits),
        }
    }

    /// Build from a u128, preferring the `U64` form.
    pub fn from_u128(n: u128) -> Amount {
        match u64::try_from(n) {
            Ok(small) => Amount::U64(small),
            Err(_) => Amount::Decimal(n.to_string()),
        }
    }

    /// The value when it fits in `u64`.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Amount::U64(n) => Some(*n),
            Amount::Decimal(_) => None,
        }
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Amount::U64(n) => write!(f, "{n}"),
            Amount::Decimal(s) => f.write_str(s),
        }
    }
}

/// Stable codes for size warnings (not errors: the computation succeeded).
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SizeWarningCode {
    /// 0 bytes: Cinder stores a 0 GiB volume.
    ZeroBytes,
    /// Cinder's float rule gives one GiB less than the exact ceiling.
    CinderRoundsDown,
    /// The count is too large for an f64: Python's `float(n)` raises
    /// `OverflowError`, so a Cinder driver would fail.
    CinderFloatOverflow,
    /// A bare unit letter (`G`) was read as binary (GiB).
    BareUnitReadAsBinary,
    /// A decimal unit (`GB` = 10^9) was used; Cinder sizes are binary GiB.
    DecimalUnit,
}

/// A warning about a successful size computation.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SizeWarning {
    /// Stable machine code.
    pub code: SizeWarningCode,
    /// Human explanation; may be reworded between releases.
    pub message: String,
}

/// Stable codes for size errors.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SizeErrorCode {
    /// `WholeGibOnly` and the count is not a multiple of 2^30.
    NotWholeGib,
    /// `CinderCompatible` and the count does not fit an f64.
    CinderFloatOverflow,
    /// The text is empty (or only whitespace).
    Empty,
    /// A leading `-`.
    Negative,
    /// A leading `+` (refused so that every accepted text has one spelling).
    SignNotAllowed,
    /// No digits before the unit.
    MissingNumber,
    /// More than one `.` in the number.
    MultipleDots,
    /// A `.` with no digit before or after it (`.5`, `5.`).
    MalformedNumber,
    /// A digit that is not ASCII 0-9 (`٣`, `５`).
    NonAsciiDigit,
    /// A digit-group separator (`1,000`, `1_000`, `1 000`).
    DigitSeparator,
    /// A character that belongs neither to the number nor to a unit.
    UnexpectedCharacter,
    /// A unit this parser does not know.
    UnknownUnit,
    /// A unit ending in lowercase `b` (`gb`, `Mb`, `Gib`): bits or bytes?
    AmbiguousUnit,
    /// The fraction does not give a whole number of bytes (`1.1 B`, `0.3 KiB`).
    FractionNotWholeBytes,
    /// More than 38 significant fractional digits (beyond u128 arithmetic).
    FractionTooPrecise,
    /// The byte count exceeds 2^128 - 1.
    Overflow,
}

/// Why a size could not be computed or parsed.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SizeError {
    /// Stable machine code.
    pub code: SizeErrorCode,
    /// Human explanation naming what is wrong.
    pub message: String,
}

impl SizeError {
    fn new(code: SizeErrorCode, message: impl Into<String>) -> SizeError {
        SizeError { code, message: message.into() }
    }
}

impl fmt::Display for SizeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SizeError {}

/// The outcome of a bytes → GiB computation.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SizeResult {
    /// The input byte count.
    pub bytes: Amount,
    /// The mode that chose [`SizeResult::gib`].
    pub mode: SizeMode,
    /// The answer for `mode`.
    pub gib: Amount,
    /// The exact ceiling of bytes / 2^30.
    pub exact_gib: Amount,
    /// Cinder's float result; `None` when the count overflows an f64.
    pub cinder_gib: Option<Amount>,
    /// True when bytes is a multiple of 2^30.
    pub whole_gib: bool,
    /// True when `cinder_gib` differs from `exact_gib` (or is missing).
    pub cinder_differs: bool,
    /// Everything worth telling the user.
    pub warnings: Vec<SizeWarning>,
}

/// GiB for a byte count, per `mode`.
///
/// ```
/// use os_volume_manage::tools::sizes::{gib_from_bytes, SizeMode, Amount};
/// let r = gib_from_bytes(9_007_199_254_740_993, SizeMode::CinderCompatible).unwrap();
/// assert_eq!(r.gib, Amount::U64(8_388_608));
/// assert_eq!(r.exact_gib, Amount::U64(8_388_609));
/// assert!(r.cinder_differs);
/// ```
pub fn gib_from_bytes(bytes: u64, mode: SizeMode) -> Result<SizeResult, SizeError> {
    let remainder = bytes % GIB;
    let exact = bytes / GIB + u64::from(remainder != 0);
    finish(Amount::U64(bytes), Amount::U64(exact), Some(Amount::U64(cinder_gib_u64(bytes))), remainder, mode)
}

/// Cinder's rule on a u64: `u64 as f64` rounds to nearest, ties to even, exactly
/// like Python's `float(int)`; dividing by 2^30 is exact; the result is at most
/// 2^34, so the cast back is lossless.
fn cinder_gib_u64(bytes: u64) -> u64 {
    ((bytes as f64) / 1_073_741_824.0).ceil() as u64
}

/// GiB for a byte count written as ASCII decimal digits of any length.
///
/// The exact ceiling is computed by long division on the digit string; the
/// Cinder value parses the digits as a correctly rounded f64, which is what
/// Python's `float()` does for an int or a digit string. Leading zeros are
/// accepted; anything but ASCII digits is refused.
pub fn gib_from_decimal_str(digits: &str, mode: SizeMode) -> Result<SizeResult, SizeError> {
    validate_digit_string(digits)?;
    let canonical = decimal::strip_leading_zeros(digits);
    let (quotient, remainder) = decimal::div_rem(canonical, GIB);
    let exact = if remainder == 0 { quotient } else { decimal::add_one(&quotient) };
    let cinder = cinder_gib_from_digits(canonical);
    finish(Amount::from_digits(canonical.to_string()), Amount::from_digits(exact), cinder, remainder, mode)
}

fn validate_digit_string(digits: &str) -> Result<(), SizeError> {
    if digits.is_empty() {
        return Err(SizeError::new(SizeErrorCode::Empty, "the byte count is empty"));
    }
    if let Some((index, c)) = digits.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        let code = match c {
            '-' if index == 0 => SizeErrorCode::Negative,
            '+' if index == 0 => SizeErrorCode::SignNotAllowed,
            c if c.is_numeric() => SizeErrorCode::NonAsciiDigit,
            _ => SizeErrorCode::UnexpectedCharacter,
        };
        return Err(SizeError::new(
            code,
            format!("a byte count is ASCII digits only; found {c:?} at byte offset {index}"),
        ));
    }
    Ok(())
}

/// `ceil(float(n) / 2^30)` for a digit string; `None` if float(n) overflows.
fn cinder_gib_from_digits(digits: &str) -> Option<Amount> {
    let as_float: f64 = digits.parse().ok()?;
    if !as_float.is_finite() {
        return None;
    }
    let gib = (as_float / 1_073_741_824.0).ceil();
    decimal::integral_f64_to_digits(gib).map(Amount::from_digits)
}

fn finish(
    bytes: Amount,
    exact: Amount,
    cinder: Option<Amount>,
    remainder: u64,
    mode: SizeMode,
) -> Result<SizeResult, SizeError> {
    let whole_gib = remainder == 0;
    let cinder_differs = cinder.as_ref() != Some(&exact);
    let mut warnings = Vec::new();
    if bytes == Amount::U64(0) {
        warnings.push(SizeWarning {
            code: SizeWarningCode::ZeroBytes,
            message: "0 bytes gives 0 GiB: Cinder has no lower bound and stores a volume of size 0. \
                      It reserves no gigabytes quota, and anything sized from it (clones, snapshots, \
                      backups, images) is 0 GiB too; extend the volume before using it, or check \
                      that the right backend object was measured"
                .to_string(),
        });
    }
    match &cinder {
        Some(c) if cinder_differs => warnings.push(SizeWarning {
            code: SizeWarningCode::CinderRoundsDown,
            message: format!(
                "Cinder computes ceil(float(bytes) / 2^30) = {c} GiB, one less than the exact {exact} GiB: \
                 the byte count is above 2^53 and float() rounded its remainder away"
            ),
        }),
        Some(_) => {}
        None => warnings.push(SizeWarning {
            code: SizeWarningCode::CinderFloatOverflow,
            message: "the byte count is too large for a float: Python's float() raises OverflowError, \
                      so a Cinder driver would fail and the volume would go to error"
                .to_string(),
        }),
    }
    let gib = match mode {
        SizeMode::Exact => exact.clone(),
        SizeMode::CinderCompatible => match &cinder {
            Some(c) => c.clone(),
            None => {
                return Err(SizeError::new(
                    SizeErrorCode::CinderFloatOverflow,
                    format!(
                        "{bytes} bytes does not fit a float: Python's float() raises OverflowError, \
                         so Cinder cannot compute a size"
                    ),
                ))
            }
        },
        SizeMode::WholeGibOnly => {
            if !whole_gib {
                return Err(SizeError::new(
                    SizeErrorCode::NotWholeGib,
                    format!(
                        "{bytes} bytes is not a whole number of GiB ({remainder} bytes past a GiB boundary; \
                         the exact ceiling is {exact} GiB). Drivers that take only whole GiB refuse it: \
                         PowerMax with \"…only whole GB sizes are supported…\" and Dell SC with \
                         \"Volume size must multiple of 1 GB.\". Extend the backend object to {exact} GiB first"
                    ),
                ));
            }
            exact.clone()
        }
    };
    Ok(SizeResult { bytes, mode, gib, exact_gib: exact, cinder_gib: cinder, whole_gib, cinder_differs, warnings })
}

/// Unit families.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitSystem {
    /// No unit or `B`.
    Bytes,
    /// Powers of 1024 (`KiB`…`EiB`, `Ki`…`Ei`, bare `K`…`E`).
    Binary,
    /// Powers of 1000 (`kB`/`KB`…`EB`).
    Decimal,
}

/// The GiB value of a parsed size in each mode.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GibByMode {
    /// Exact ceiling.
    pub exact: Amount,
    /// Cinder's float rule; `None` if the count overflows an f64.
    pub cinder_compatible: Option<Amount>,
    /// The GiB count when the size is whole; `None` when PowerMax/Dell SC would refuse it.
    pub whole_gib_only: Option<Amount>,
}

/// A size text, understood.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParsedSize {
    /// The text as given.
    pub input: String,
    /// The number as written (`1.5`).
    pub number: String,
    /// The unit as written (`""` when absent).
    pub unit_written: String,
    /// Canonical spelling of the unit (`B`, `GiB`, `MB`…).
    pub unit: String,
    /// Which family the unit belongs to.
    pub unit_system: UnitSystem,
    /// Bytes per unit.
    pub multiplier: u64,
    /// The byte count (a decimal string beyond `u64`).
    pub bytes: Amount,
    /// GiB per mode.
    pub gib: GibByMode,
    /// Readings worth confirming (bare letters, decimal units, rounding, zero).
    pub warnings: Vec<SizeWarning>,
}

struct UnitSpec {
    canonical: &'static str,
    system: UnitSystem,
    multiplier: u64,
}

const BINARY_UNITS: [&str; 6] = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
const DECIMAL_UNITS: [&str; 6] = ["kB", "MB", "GB", "TB", "PB", "EB"];
const PREFIXES: [char; 6] = ['K', 'M', 'G', 'T', 'P', 'E'];

/// Resolve a unit.
///
/// Case rules (documented contract):
/// * empty or `B`: bytes. A lone lowercase `b` is refused (bits?).
/// * Any unit ending in lowercase `b` (`kb`, `gb`, `Mb`, `Gib`) is refused as
///   ambiguous: by SI/IEC convention a lowercase `b` means *bits*.
/// * The prefix letter `K M G T P E` is case-insensitive (`10g` is 10 GiB, as
///   in LVM's `lvcreate -L 10g`).
/// * `<P>iB` / `<P>IB` / `<P>i` / `<P>I` and the bare letter `<P>` are binary
///   (2^10k). Bare letters are binary because OpenStack and Linux tools read
///   `10G` as GiB; the result carries a `bare_unit_read_as_binary` warning.
/// * `<P>B` is decimal (10^3k), including `KB`: the conventional JEDEC reading
///   of `KB` as 1024 is not applied, to keep one rule for every `xB`.
fn lookup_unit(unit: &str) -> Result<(UnitSpec, bool), SizeError> {
    if unit.is_empty() || unit == "B" {
        return Ok((UnitSpec { canonical: "B", system: UnitSystem::Bytes, multiplier: 1 }, false));
    }
    if unit.ends_with('b') {
        return Err(SizeError::new(
            SizeErrorCode::AmbiguousUnit,
            format!(
                "unit {unit:?} ends in a lowercase 'b', which conventionally means bits; \
                 write B for bytes (e.g. GiB for 2^30 bytes, GB for 10^9 bytes)"
            ),
        ));
    }
    let mut chars = unit.chars();
    let prefix = chars.next().map(|c| c.to_ascii_uppercase());
    let Some(index) = prefix.and_then(|p| PREFIXES.iter().position(|&q| q == p)) else {
        return Err(unknown_unit(unit));
    };
    // index < 6, so power is 1..=6 and the shifts/powers below cannot overflow u64.
    let power = index as u32 + 1;
    let (system, bare) = match chars.as_str() {
        "" => (UnitSystem::Binary, true),
        "i" | "I" | "iB" | "IB" => (UnitSystem::Binary, false),
        "B" => (UnitSystem::Decimal, false),
        _ => return Err(unknown_unit(unit)),
    };
    let (canonical, multiplier) = match system {
        UnitSystem::Binary => (BINARY_UNITS.get(index), 1u64.checked_shl(10 * power)),
        _ => (DECIMAL_UNITS.get(index), 10u64.checked_pow(3 * power)),
    };
    match (canonical, multiplier) {
        (Some(canonical), Some(multiplier)) => Ok((UnitSpec { canonical, system, multiplier }, bare)),
        _ => Err(unknown_unit(unit)),
    }
}

fn unknown_unit(unit: &str) -> SizeError {
    SizeError::new(
        SizeErrorCode::UnknownUnit,
        format!(
            "unknown unit {unit:?}; use B, KiB MiB GiB TiB PiB EiB (or K M G T P E, read as binary), \
             or kB MB GB TB PB EB (decimal)"
        ),
    )
}

/// Parse a size such as `1073741824`, `10G`, `10 GiB`, `1.5TiB`, `500 MB`,
/// `4096 KiB` or `512B` into bytes, then GiB in every mode.
///
/// Grammar: optional surrounding ASCII whitespace, ASCII digits with at most
/// one `.` that has digits on both sides, optional spaces or tabs, optional
/// unit (case rules in the unit table below). Fractions are computed exactly
/// in u128 and must give whole bytes. Signs, digit separators, exponents and
/// non-ASCII digits are refused with a specific code.
///
/// Units: bytes `B`; binary `KiB MiB GiB TiB PiB EiB`, `Ki`…`Ei`, bare
/// `K`…`E` (binary, with a warning); decimal `kB`/`KB MB GB TB PB EB`. The
/// prefix letter is case-insensitive; any unit ending in lowercase `b` is
/// refused as ambiguous (bits).
pub fn parse_size_text(text: &str) -> Result<ParsedSize, SizeError> {
    if let Some((index, c)) = text.char_indices().find(|(_, c)| !c.is_ascii() && c.is_numeric()) {
        return Err(SizeError::new(
            SizeErrorCode::NonAsciiDigit,
            format!("{c:?} at byte offset {index} is not an ASCII digit 0-9"),
        ));
    }
    let trimmed = text.trim_matches(|c: char| c.is_ascii_whitespace());
    if trimmed.is_empty() {
        return Err(SizeError::new(SizeErrorCode::Empty, "the size text is empty"));
    }
    if trimmed.starts_with('-') {
        return Err(SizeError::new(SizeErrorCode::Negative, format!("{trimmed:?} is negative; a size cannot be")));
    }
    if trimmed.starts_with('+') {
        return Err(SizeError::new(
            SizeErrorCode::SignNotAllowed,
            format!("{trimmed:?} has a '+' sign; write the number without it"),
        ));
    }
    let number_end = trimmed.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(trimmed.len());
    let (number, after) = trimmed.split_at(number_end);
    let unit = after.trim_start_matches([' ', '\t']);
    if !number.bytes().any(|b| b.is_ascii_digit()) {
        return Err(SizeError::new(SizeErrorCode::MissingNumber, format!("{trimmed:?} has no number before the unit")));
    }
    if let Some(c) = unit.chars().next() {
        if matches!(c, ',' | '_' | '\'') || (c.is_ascii_digit() && after.len() != unit.len()) {
            return Err(SizeError::new(
                SizeErrorCode::DigitSeparator,
                format!("{trimmed:?} uses a digit separator ({c:?} or a space); write the digits together"),
            ));
        }
        if !c.is_ascii_alphabetic() {
            return Err(SizeError::new(
                SizeErrorCode::UnexpectedCharacter,
                format!("unexpected character {c:?} after the number in {trimmed:?}"),
            ));
        }
    }
    let (integer_digits, fraction_digits) = split_number(number)?;
    let (spec, bare) = lookup_unit(unit)?;
    let bytes = exact_bytes(integer_digits, fraction_digits, spec.multiplier, number, spec.canonical)?;

    let mut warnings = Vec::new();
    if bare {
        warnings.push(SizeWarning {
            code: SizeWarningCode::BareUnitReadAsBinary,
            message: format!(
                "{unit:?} was read as {} (2^{} bytes), as OpenStack and Linux tools do; \
                 write {}B for powers of 1000",
                spec.canonical,
                spec.multiplier.trailing_zeros(),
                unit.to_ascii_uppercase(),
            ),
        });
    }
    if spec.system == UnitSystem::Decimal {
        warnings.push(SizeWarning {
            code: SizeWarningCode::DecimalUnit,
            message: format!(
                "{} is a decimal unit ({} bytes); Cinder sizes are binary GiB (2^30 bytes)",
                spec.canonical, spec.multiplier
            ),
        });
    }
    let result = match u64::try_from(bytes) {
        Ok(small) => gib_from_bytes(small, SizeMode::Exact)?,
        Err(_) => gib_from_decimal_str(&bytes.to_string(), SizeMode::Exact)?,
    };
    warnings.extend(result.warnings);
    Ok(ParsedSize {
        input: text.to_string(),
        number: number.to_string(),
        unit_written: unit.to_string(),
        unit: spec.canonical.to_string(),
        unit_system: spec.system,
        multiplier: spec.multiplier,
        bytes: result.bytes,
        gib: GibByMode {
            whole_gib_only: result.whole_gib.then(|| result.exact_gib.clone()),
            exact: result.exact_gib,
            cinder_compatible: result.cinder_gib,
        },
        warnings,
    })
}

/// Split `12.5` into ("12", "5"); refuse `1.2.3`, `.5` and `5.`.
fn split_number(number: &str) -> Result<(&str, &str), SizeError> {
    let mut parts = number.split('.');
    let integer = parts.next().unwrap_or("");
    let fraction = parts.next();
    if parts.next().is_some() {
        return Err(SizeError::new(SizeErrorCode::MultipleDots, format!("{number:?} has more than one '.'")));
    }
    match fraction {
        None => Ok((integer, "")),
        Some(f) if !integer.is_empty() && !f.is_empty() => Ok((integer, f)),
        Some(_) => Err(SizeError::new(
            SizeErrorCode::MalformedNumber,
            format!("{number:?} needs digits on both sides of the '.' (write 0.5, not .5 or 5.)"),
        )),
    }
}

/// integer.fraction × multiplier, exactly, in u128.
///
/// The fraction f/10^d is reduced to p/q first; it yields whole bytes iff q
/// divides the multiplier, and then contributes p × (multiplier / q) < multiplier,
/// so nothing overflows however long the fraction is (up to 38 digits).
fn exact_bytes(integer: &str, fraction: &str, multiplier: u64, number: &str, unit: &str) -> Result<u128, SizeError> {
    let overflow = || SizeError::new(SizeErrorCode::Overflow, format!("{number} {unit} exceeds 2^128 - 1 bytes"));
    let integer_value = decimal::parse_u128(integer).ok_or_else(overflow)?;
    let mut bytes = integer_value.checked_mul(u128::from(multiplier)).ok_or_else(overflow)?;
    let fraction = fraction.trim_end_matches('0');
    if fraction.is_empty() {
        return Ok(bytes);
    }
    let too_precise = || {
        SizeError::new(
            SizeErrorCode::FractionTooPrecise,
            format!("{number:?} has more than 38 significant fractional digits"),
        )
    };
    let digits = u32::try_from(fraction.len()).map_err(|_| too_precise())?;
    let denominator = 10u128.checked_pow(digits).ok_or_else(too_precise)?;
    let numerator = decimal::parse_u128(fraction).ok_or_else(too_precise)?;
    let divisor = gcd(numerator, denominator);
    let (p, q) = (numerator / divisor.max(1), denominator / divisor.max(1));
    let multiplier = u128::from(multiplier);
    if multiplier % q != 0 {
        return Err(SizeError::new(
            SizeErrorCode::FractionNotWholeBytes,
            format!("{number} {unit} is not a whole number of bytes"),
        ));
    }
    bytes = bytes.checked_add(p * (multiplier / q)).ok_or_else(overflow)?;
    Ok(bytes)
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        let t = a % b;
        a = b;
        b = t;
    }
    a
}

/// Canonical text for a byte count: the largest binary unit that divides it
/// exactly (`1536 MiB`, `10 GiB`), else bytes (`1234 B`). Parsing the result
/// with [`parse_size_text`] gives the same byte count back.
pub fn format_size(bytes: u128) -> String {
    for (index, unit) in BINARY_UNITS.iter().enumerate().rev() {
        let shift = 10 * (index as u32 + 1);
        let size = 1u128 << shift;
        if bytes != 0 && bytes % size == 0 {
            return format!("{} {unit}", bytes >> shift);
        }
    }
    format!("{bytes} B")
}

/// Arithmetic on ASCII decimal digit strings, for byte counts beyond u64.
mod decimal {
    /// `"000123"` → `"123"`, `"000"` → `"0"`.
    pub(super) fn strip_leading_zeros(digits: &str) -> &str {
        let stripped = digits.trim_start_matches('0');
        if stripped.is_empty() {
            "0"
        } else {
            stripped
        }
    }

    /// Long division by a small divisor; returns canonical quotient digits and the remainder.
    pub(super) fn div_rem(digits: &str, divisor: u64) -> (String, u64) {
        let mut quotient = String::with_capacity(digits.len());
        let mut remainder: u64 = 0;
        for b in digits.bytes() {
            // remainder < divisor <= 2^30, so remainder * 10 + 9 fits easily.
            let current = remainder * 10 + u64::from(b.wrapping_sub(b'0'));
            let q = current / divisor;
            remainder = current % divisor;
            if !(quotient.is_empty() && q == 0) {
                quotient.push(char::from(b'0' + (q as u8)));
            }
        }
        if quotient.is_empty() {
            quotient.push('0');
        }
        (quotient, remainder)
    }

    /// Canonical digits + 1.
    pub(super) fn add_one(digits: &str) -> String {
        let mut out: Vec<u8> = digits.bytes().rev().collect();
        let mut carry = true;
        for d in out.iter_mut() {
            if !carry {
                break;
            }
            if *d == b'9' {
                *d = b'0';
            } else {
                *d += 1;
                carry = false;
            }
        }
        if carry {
            out.push(b'1');
        }
        out.reverse();
        String::from_utf8(out).unwrap_or_default()
    }

    /// Parse ASCII digits into u128; `None` on overflow (empty means 0).
    pub(super) fn parse_u128(digits: &str) -> Option<u128> {
        digits.bytes().try_fold(0u128, |acc, b| acc.checked_mul(10)?.checked_add(u128::from(b.wrapping_sub(b'0'))))
    }

    /// The exact decimal digits of a finite, non-negative, integral f64.
    /// (Rust's `Display` prints the shortest round-trip digits, not the exact
    /// value, so `1e30` must be expanded by hand: mantissa × 2^exponent.)
    pub(super) fn integral_f64_to_digits(value: f64) -> Option<String> {
        if !value.is_finite() || value < 0.0 || value.fract() != 0.0 {
            return None;
        }
        if value < 18_446_744_073_709_551_616.0 {
            return Some((value as u64).to_string());
        }
        let bits = value.to_bits();
        let exponent = i32::try_from((bits >> 52) & 0x7ff).ok()? - 1075;
        let mantissa = (bits & ((1u64 << 52) - 1)) | (1u64 << 52);
        // value >= 2^64 with a 53-bit mantissa, so the exponent is positive.
        let mut little_endian: Vec<u8> = mantissa.to_string().bytes().rev().map(|b| b - b'0').collect();
        for _ in 0..exponent {
            let mut carry = 0u8;
            for d in little_endian.iter_mut() {
                let doubled = *d * 2 + carry;
                *d = doubled % 10;
                carry = doubled / 10;
            }
            if carry > 0 {
                little_endian.push(carry);
            }
        }
        Some(little_endian.iter().rev().map(|d| char::from(b'0' + d)).collect())
    }
}
