#!/usr/bin/env python3
"""Generate src/unicode_tables.rs: the Unicode data behind Cinder's
``description`` pattern (spec 3.4) and Python's ``repr()`` (spec 4.2, 15.9).

Usage (from the crate root, /work/main):

    python3 scripts/gen_unicode_tables.py            # writes src/unicode_tables.rs
    python3 scripts/gen_unicode_tables.py --check    # fails if the file is stale

Must run on CPython 3.11 (``unicodedata.unidata_version == "14.0.0"``): the
14.0 tables are recomputed from this interpreter and cross-checked against
``shared/spec/description-accepted-bmp-ranges.json``, and the printable table
is Python 3.11's own ``str.isprintable()``.

What is generated
-----------------
* ``DESCRIPTION_{14_0,15_0,15_1,16_0}``: inclusive BMP ranges accepted by the
  character class of Cinder's ``valid_description_regex``.  The JSON file is
  the authority for every version (it was built from the UCD of each version);
  the 14.0 set is recomputed here with Cinder's own ``_is_printable`` over
  ``range(0xFFFF)`` and the script aborts if the two disagree.
* ``PRINTABLE_14_0``: inclusive ranges of all code points (0..=0x10FFFF) for
  which Python 3.11's ``chr(cp).isprintable()`` is true.  ``repr()`` escapes
  every other code point.
* ``DESCRIPTION_PATTERN_*``: the exact pattern string Cinder builds,
  ``'^[' + ranges + ']*$'``.  For 14.0 it is produced by literally running
  Cinder's ``_build_regex_range`` with this interpreter's ``re.escape`` and
  asserted equal to the string rebuilt from the JSON ranges; the other
  versions are rebuilt from the JSON ranges with the same escaping.
* ``DESCRIPTION_PATTERN_REPR_*``: ``repr()`` of each pattern, as jsonschema
  prints it in ``... does not match '<repr>'``.  For 14.0 this is Python's
  real ``repr()``.  For 15.0/15.1/16.0 it is what the server's *own* Python
  (3.12/3.13/3.14) prints: ``repr()`` keeps a pattern character literal iff
  that interpreter's ``isprintable()`` is true, and for the characters of the
  class (never C*, Zl, Zp) that is "not a Zs other than U+0020" -- the Zs set is
  identical in 14.0-16.0 (spec 3.4).  The script reimplements ``repr()`` with a
  pluggable ``isprintable`` and asserts that, given Python 3.11's table, it
  reproduces the real ``repr()`` of every pattern byte for byte.  (Python
  3.11's own ``repr()`` of the 15.0+ patterns would differ only by escaping
  the range endpoints that were unassigned in 14.0, e.g. U+0CF3; the script
  prints how many such endpoints there are.)

The output is pure ASCII: every non-ASCII character of a string is written
as a ``\\u{XXXX}`` escape, and long strings are split with ``concat!``.
Every item carries ``#[rustfmt::skip]`` so ``cargo fmt`` leaves the compact
layout (several ranges per line) alone.
"""

import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
CRATE = os.path.dirname(HERE)
OUT = os.path.join(CRATE, "src", "unicode_tables.rs")
JSON_CANDIDATES = [
    os.path.join(CRATE, "..", "shared", "spec", "description-accepted-bmp-ranges.json"),
    "/work/shared/spec/description-accepted-bmp-ranges.json",
]

VERSIONS = [("14.0.0", "14_0"), ("15.0.0", "15_0"), ("15.1.0", "15_1"), ("16.0.0", "16_0")]

# Spec 3.4: the excluded BMP code points that are not Cn, identical for
# Unicode 14.0-16.0.  Checked against unicodedata below; src/unicode.rs
# hard-codes the same lists to name rejected characters.
SPEC_EXCLUDED_NON_CN = {
    "Cc": [(0x0000, 0x001F), (0x007F, 0x009F)],
    "Cf": [(0x00AD, 0x00AD), (0x0600, 0x0605), (0x061C, 0x061C), (0x06DD, 0x06DD),
           (0x070F, 0x070F), (0x0890, 0x0891), (0x08E2, 0x08E2), (0x180E, 0x180E),
           (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x2064), (0x2066, 0x206F),
           (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB)],
    "Cs": [(0xD800, 0xDFFF)],
    "Co": [(0xE000, 0xF8FF)],
    "Zl": [(0x2028, 0x2028)],
    "Zp": [(0x2029, 0x2029)],
}
SPEC_ZS = [0x0020, 0x00A0, 0x1680] + list(range(0x2000, 0x200B)) + [0x202F, 0x205F, 0x3000]


def die(msg):
    sys.stderr.write("gen_unicode_tables.py: error: %s\n" % msg)
    sys.exit(1)


# --- Cinder's code, verbatim in substance (cinder/api/validation/parameter_types.py)

def _is_printable(char):
    category = unicodedata.category(char)
    return (not category.startswith("C")
            and (not category.startswith("Z") or category == "Zs"))


def _get_all_chars():
    for i in range(0xFFFF):
        yield chr(i)


def _build_regex_range(ws=True, invert=False, exclude=None):
    if exclude is None:
        exclude = []
    regex = ""
    in_range = False
    last = None
    last_added = None

    def valid_char(char):
        if char in exclude:
            result = False
        elif ws:
            result = _is_printable(char)
        else:
            result = (_is_printable(char) and unicodedata.category(char) != "Zs")
        if invert is True:
            return not result
        return result

    c = None
    for c in _get_all_chars():
        if valid_char(c):
            if not in_range:
                regex += re.escape(c)
                last_added = c
            in_range = True
        else:
            if in_range and last != last_added:
                regex += "-" + re.escape(last)
            in_range = False
        last = c
    else:
        if in_range:
            regex += "-" + re.escape(c)
    return regex


# --- helpers

def to_ranges(codepoints):
    """Sorted iterable of ints -> list of inclusive (lo, hi) maximal runs."""
    out = []
    for cp in codepoints:
        if out and out[-1][1] == cp - 1:
            out[-1][1] = cp
        else:
            out.append([cp, cp])
    return [tuple(r) for r in out]


def pattern_from_ranges(ranges):
    parts = []
    for lo, hi in ranges:
        if lo == hi:
            parts.append(re.escape(chr(lo)))
        else:
            parts.append(re.escape(chr(lo)) + "-" + re.escape(chr(hi)))
    return "^[" + "".join(parts) + "]*$"


def py_repr(s, isprintable):
    """CPython's unicode_repr (Objects/unicodeobject.c) with a pluggable
    isprintable predicate."""
    quote = "'"
    if "'" in s and '"' not in s:
        quote = '"'
    out = [quote]
    for ch in s:
        cp = ord(ch)
        if ch == quote or ch == "\\":
            out.append("\\" + ch)
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif cp < 0x20 or cp == 0x7F:
            out.append("\\x%02x" % cp)
        elif cp < 0x7F:
            out.append(ch)
        elif isprintable(cp):
            out.append(ch)
        elif cp <= 0xFF:
            out.append("\\x%02x" % cp)
        elif cp <= 0xFFFF:
            out.append("\\u%04x" % cp)
        else:
            out.append("\\U%08x" % cp)
    out.append(quote)
    return "".join(out)


def rust_str_body(s):
    """Escape one string for a Rust "..." literal, ASCII only."""
    out = []
    for ch in s:
        cp = ord(ch)
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif 0x20 <= cp <= 0x7E:
            out.append(ch)
        else:
            if 0xD800 <= cp <= 0xDFFF:
                die("surrogate U+%04X cannot appear in a Rust string" % cp)
            out.append("\\u{%04X}" % cp)
    return out  # list of escaped pieces, one per char (never split inside an escape)


def emit_str(name, doc, s, width=88):
    pieces = rust_str_body(s)
    lines = []
    cur = ""
    for p in pieces:
        if len(cur) + len(p) > width and cur:
            lines.append(cur)
            cur = ""
        cur += p
    if cur or not lines:
        lines.append(cur)
    body = "\n".join('    "%s",' % line for line in lines)
    return "%s\n#[rustfmt::skip]\npub(crate) static %s: &str = concat!(\n%s\n);\n" % (doc, name, body)


def emit_ranges(name, doc, ty, ranges, per_line):
    fmt = "(0x%04X, 0x%04X)" if ty == "u16" else "(0x%06X, 0x%06X)"
    items = [fmt % r for r in ranges]
    lines = []
    for i in range(0, len(items), per_line):
        lines.append("    " + ", ".join(items[i:i + per_line]) + ",")
    return "%s\n#[rustfmt::skip]\npub(crate) static %s: &[(%s, %s)] = &[\n%s\n];\n" % (
        doc, name, ty, ty, "\n".join(lines))


def check(cond, msg):
    if not cond:
        die(msg)


FIXTURE = os.path.join(os.path.dirname(OUT), "..", "tests", "fixtures", "unicode", "description-patterns.json")


def main(argv):
    check_only = "--check" in argv[1:]
    check(sys.version_info[:2] == (3, 11), "run with CPython 3.11 (got %s)" % sys.version.split()[0])
    check(unicodedata.unidata_version == "14.0.0",
          "unicodedata %s, need 14.0.0" % unicodedata.unidata_version)

    json_path = next((p for p in JSON_CANDIDATES if os.path.exists(p)), None)
    check(json_path is not None, "description-accepted-bmp-ranges.json not found")
    with open(json_path, encoding="utf-8") as f:
        data = json.load(f)

    tables = {}
    for key, suffix in VERSIONS:
        entry = data["versions"][key]
        ranges = [tuple(r) for r in entry["ranges"]]
        # Well-formed: sorted, disjoint, non-adjacent (maximal), inside 0..0xFFFE.
        for (lo, hi) in ranges:
            check(0 <= lo <= hi <= 0xFFFE, "%s: bad range %r" % (key, (lo, hi)))
        for (a, b) in zip(ranges, ranges[1:]):
            check(a[1] + 1 < b[0], "%s: ranges not sorted/maximal at %r %r" % (key, a, b))
        count = sum(hi - lo + 1 for lo, hi in ranges)
        check(count == entry["accepted_count"],
              "%s: count %d != accepted_count %d" % (key, count, entry["accepted_count"]))
        tables[suffix] = ranges

    # 14.0: recompute with Cinder's predicate and compare to the JSON.
    accepted14 = [cp for cp in range(0xFFFF) if _is_printable(chr(cp))]
    check(to_ranges(accepted14) == tables["14_0"],
          "Cinder's algorithm under unicodedata 14.0.0 disagrees with the JSON 14.0.0 ranges")

    # The spec's non-Cn exclusions and Zs list (identical for all versions).
    for cat, rs in SPEC_EXCLUDED_NON_CN.items():
        actual = to_ranges(cp for cp in range(0xFFFF) if unicodedata.category(chr(cp)) == cat)
        check(actual == rs, "spec 3.4 %s list disagrees with unicodedata: %r" % (cat, actual))
    zs = [cp for cp in range(0x110000) if unicodedata.category(chr(cp)) == "Zs"]
    check(zs == SPEC_ZS, "spec 3.4 Zs list disagrees with unicodedata")
    # Every version excludes all of them (so only Cn differs between versions).
    for suffix, ranges in tables.items():
        acc = set()
        for lo, hi in ranges:
            acc.update(range(lo, hi + 1))
        for rs in SPEC_EXCLUDED_NON_CN.values():
            for lo, hi in rs:
                check(not acc.intersection(range(lo, hi + 1)), "%s accepts a C*/Zl/Zp code point" % suffix)
        check(all(cp in acc for cp in SPEC_ZS), "%s rejects a Zs code point" % suffix)

    # Python 3.11 str.isprintable over all code points.
    printable = to_ranges(cp for cp in range(0x110000) if chr(cp).isprintable())
    # Sanity: it is exactly "not C*, not Z*, or U+0020".
    expected = to_ranges(cp for cp in range(0x110000)
                         if cp == 0x20 or unicodedata.category(chr(cp))[0] not in "CZ")
    check(printable == expected, "str.isprintable is not 'not C*/Z* or space' on this Python")
    printable_set = set()
    for lo, hi in printable:
        printable_set.update(range(lo, hi + 1))

    cmd = "python3 scripts/gen_unicode_tables.py"
    # Patterns.
    patterns = {}
    for _, suffix in VERSIONS:
        patterns[suffix] = pattern_from_ranges(tables[suffix])
    cinder14 = "^[%s]*$" % _build_regex_range()
    check(cinder14 == patterns["14_0"], "Cinder's _build_regex_range differs from the JSON-built 14.0 pattern")
    compiled = re.compile(cinder14)
    for cp in range(0x110000):
        ch = chr(cp)
        want = cp < 0xFFFF and _is_printable(ch)
        # '\n' alone matches thanks to '$' before a final newline; test "a"+ch+"a".
        got = compiled.search("a" + ch + "a") is not None
        check(got == want, "compiled 14.0 pattern disagrees with the predicate at U+%04X" % cp)

    # Reprs.
    zs_non_space = set(SPEC_ZS) - {0x20}
    reprs = {}
    for _, suffix in VERSIONS:
        pat = patterns[suffix]
        # Check the reimplementation against the real repr() of this interpreter.
        check(py_repr(pat, lambda cp: cp in printable_set) == repr(pat),
              "py_repr reimplementation differs from repr() for %s" % suffix)
        acc = set()
        for lo, hi in tables[suffix]:
            acc.add(lo)
            acc.add(hi)
        # Every non-ASCII character of the pattern is a range endpoint of that
        # version; its own interpreter prints it literally unless it is Zs.
        own = py_repr(pat, lambda cp, acc=acc: cp in acc and cp not in zs_non_space)
        if suffix == "14_0":
            check(own == repr(pat), "14.0 version-accurate repr differs from repr()")
        else:
            diff = sum(1 for ch in pat if ord(ch) > 0x7F and ord(ch) not in printable_set
                       and ord(ch) not in zs_non_space)
            sys.stderr.write("%s: %d endpoint(s) that Python 3.11's repr() would escape "
                             "but the %s server prints literally\n" % (suffix, diff, suffix.replace("_", ".")))
        reprs[suffix] = own

    # Emit.
    out = []
    out.append("//! Unicode tables for the description pattern and Python `repr()` (spec 3.4, 4.2).\n")
    out.append("//!\n")
    out.append("//! @generated by `%s` (CPython %s, unicodedata %s),\n"
               % (cmd, "%d.%d" % sys.version_info[:2], unicodedata.unidata_version))
    out.append("//! run from the crate root. DO NOT EDIT: change the script and rerun it.\n")
    out.append("//! Sources: `shared/spec/description-accepted-bmp-ranges.json` (the description\n")
    out.append("//! ranges; 14.0 is recomputed with Cinder's own algorithm and checked) and this\n")
    out.append("//! Python's `str.isprintable()`, `re.escape()` and `repr()`. See the script's docstring.\n\n")
    # Later versions only add code points: store 14.0 and each step's additions
    # (a few ranges) instead of four full tables.
    prev = set()
    for lo, hi in tables["14_0"]:
        prev.update(range(lo, hi + 1))
    added = {}
    for key, suffix in VERSIONS[1:]:
        cur = set()
        for lo, hi in tables[suffix]:
            cur.update(range(lo, hi + 1))
        check(prev <= cur, "%s removes code points accepted before" % key)
        added[suffix] = to_ranges(sorted(cur - prev))
        prev = cur
    ranges = tables["14_0"]
    doc = ("/// Inclusive BMP ranges accepted by the description pattern under Unicode 14.0.0\n"
           "/// (%d ranges, %d code points)." % (len(ranges), sum(h - l + 1 for l, h in ranges)))
    out.append(emit_ranges("DESCRIPTION_14_0", doc, "u16", ranges, 5))
    for key, suffix in VERSIONS[1:]:
        out.append("\n")
        doc = ("/// Code points the description pattern accepts from Unicode %s on, beyond\n"
               "/// the previous version (%d ranges)." % (key, len(added[suffix])))
        out.append(emit_ranges("ADDED_" + suffix, doc, "u16", added[suffix], 5))
    # Below U+FFFF, Python's isprintable is the 14.0 description set minus the
    # Zs characters other than the space; only astral ranges need a table.
    zs_non_space = set(SPEC_ZS) - {0x20}
    for cp in range(0x10000):
        in14 = cp < 0xFFFF and any(lo <= cp <= hi for lo, hi in tables["14_0"] if lo <= cp)
        check((cp in printable_set) == (in14 and cp not in zs_non_space), "BMP printable rule fails at U+%04X" % cp)
    astral = [(lo, hi) for lo, hi in printable if lo >= 0x10000]
    check(all(hi < 0x10000 for lo, hi in printable if lo < 0x10000), "a printable range crosses U+10000")
    out.append("\n")
    doc = ("/// Inclusive ranges of astral code points for which Python 3.11 `str.isprintable()`\n"
           "/// is true (Unicode 14.0: not C*/Z*); %d ranges." % len(astral))
    out.append(emit_ranges("PRINTABLE_ASTRAL_14_0", doc, "u32", astral, 4))
    # The patterns and their reprs are built at run time from these tables;
    # the tests compare them with what Python builds, kept as a fixture.
    fixture = {
        "generated_by": cmd,
        "python": "%d.%d" % sys.version_info[:2],
        "versions": {key: {"pattern": patterns[suffix], "repr": reprs[suffix]} for key, suffix in VERSIONS},
    }
    fixture_text = json.dumps(fixture, ensure_ascii=True, indent=1) + "\n"
    text = "".join(out)
    check(all(ord(c) < 0x80 for c in text), "generated text is not ASCII")

    if check_only:
        with open(OUT, encoding="ascii") as f:
            check(f.read() == text, "%s is stale; rerun %s" % (OUT, cmd))
        with open(FIXTURE, encoding="ascii") as f:
            check(f.read() == fixture_text, "%s is stale; rerun %s" % (FIXTURE, cmd))
        sys.stderr.write("%s is up to date\n" % OUT)
        return 0
    with open(OUT, "w", encoding="ascii", newline="\n") as f:
        f.write(text)
    os.makedirs(os.path.dirname(FIXTURE), exist_ok=True)
    with open(FIXTURE, "w", encoding="ascii", newline="\n") as f:
        f.write(fixture_text)
    sys.stderr.write("wrote %s (%d bytes)\n" % (OUT, len(text)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
