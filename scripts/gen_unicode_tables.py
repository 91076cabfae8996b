#!/usr/bin/env python3
"""Generate the core's Unicode tables and the fixtures that check them.

Why the tables exist
--------------------
Two things a Cinder server prints or decides depend on the Unicode database
of the Python that runs ``cinder-api``:

* the ``description`` rule.  At import time
  ``cinder/api/validation/parameter_types.py`` walks ``range(0xFFFF)`` with
  ``_get_all_chars``, keeps what ``_is_printable`` accepts (the general
  category, from ``unicodedata.category``, is neither C* nor Zl/Zp) and joins
  the runs with ``_build_regex_range`` into ``valid_description_regex``;
* ``repr()`` in jsonschema's error texts, which writes every character that
  ``str.isprintable()`` rejects as an escape.  CPython derives
  ``isprintable`` from the same database: a code point is printable unless its
  category is Cc, Cf, Cs, Co, Cn, Zl, Zp or Zs, except that the space is
  printable (``Tools/unicode/makeunicodedata.py``, ``PRINTABLE_MASK``).

Python 3.11 ships Unicode 14.0.0, 3.12 15.0.0, 3.13 15.1.0 and 3.14 16.0.0;
newer versions only assign code points that were unassigned before.  See
``docs/cinder/description-and-unicode.md`` and ``docs/cinder/schemas.md``.

Where the data comes from
-------------------------
* Unicode 14.0.0: the ``unicodedata`` module of the CPython 3.11 running this
  script (it refuses to run on any other version), and that interpreter's own
  ``str.isprintable()`` and ``repr()``.
* Unicode 15.0.0, 15.1.0 and 16.0.0: ``unicodedata2`` from PyPI at exactly
  that version.  The module has one name whatever its version, so each
  version is installed into its own directory,
  ``pip install --target target/unicode/<version> unicodedata2==<version>``
  (skipped when already there), and read by a separate Python process.

Every table is computed from these categories alone: the description class
with Cinder's own functions (copied below, bound to one version's database),
the printable set with CPython's rule above (checked against this
interpreter's real ``str.isprintable()`` for 14.0, and against each ``--python``
interpreter's for its version).

What it writes
--------------
* ``crates/os-volume-manage/src/python/unicode_tables.rs``:
  ``DESCRIPTION_14_0`` (BMP ranges of the description class in 14.0),
  ``ADDED_15_0``/``ADDED_15_1``/``ADDED_16_0`` (what each version adds to the
  class), ``PRINTABLE_ASTRAL_14_0`` (astral code points printable in 14.0)
  and ``PRINTABLE_ASTRAL_ADDED_*`` (what each version adds to them).  Below
  U+FFFF the printable set is the version's description class minus the Zs
  characters other than the space, so it needs no table of its own (checked
  here for every version and code point).
* ``tests/fixtures/unicode/description-patterns.json``: for each version, the
  exact pattern string ``_build_regex_range`` builds and its ``repr()`` as
  that version's Python prints it (jsonschema quotes it in a ``pattern``
  error).
* ``tests/fixtures/unicode/repr-samples.json``: strings of characters whose
  printability changes between versions (the first and last of every run,
  joined by ``-``),
  plus fixed tricky ones (quotes, controls, separators, format characters,
  lone surrogates, private use, noncharacters, astral), each with its
  ``repr()`` in every version, and per version the count of printable code
  points and of their ranges.

The reprs are written by ``py_repr`` below (CPython's ``unicode_repr`` with
the version's printable set); for 14.0 each is asserted equal to this
interpreter's real ``repr()``, and for the version of each ``--python``
interpreter to that interpreter's ``repr()``.

Other checks: the Cf, Cs, Co, Zl, Zp and Zs code points of the BMP (lists
the Rust code names rejected characters with) are the same in every version;
every version only adds to the previous one's class and printable set; the
pattern rebuilt from the ranges equals what ``_build_regex_range`` printed;
the compiled pattern matches exactly the class for every code point.

How to run it
-------------
A developer's tool, not part of CI (CI runs the Rust unit tests, which check
the committed tables against the committed fixtures).  From the repository
root, with CPython 3.11 and PyPI reachable on the first run::

    python3.11 scripts/gen_unicode_tables.py            # writes the three files
    python3.11 scripts/gen_unicode_tables.py --check    # fails if any is stale
    python3.11 scripts/gen_unicode_tables.py --check \\
        --python /path/to/python3.12 --python /path/to/python3.13

``--python`` (repeatable) cross-checks against another CPython's own
``unicodedata``, ``str.isprintable()``, ``repr()`` and Cinder's pattern built
by it; its Unicode version must be one of the four.  The cross-checks never
change what is written.  ``target/unicode/`` is a cache; delete it to
reinstall.
"""

import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
OUT = os.path.join(REPO, "crates", "os-volume-manage", "src", "python", "unicode_tables.rs")
FIXTURES = os.path.join(REPO, "tests", "fixtures", "unicode")
PATTERNS_FIXTURE = os.path.join(FIXTURES, "description-patterns.json")
REPR_FIXTURE = os.path.join(FIXTURES, "repr-samples.json")
CACHE = os.path.join(REPO, "target", "unicode")
CMD = "python3.11 scripts/gen_unicode_tables.py"

# (unidata_version, Rust suffix); the first is this interpreter's own.
VERSIONS = [("14.0.0", "14_0"), ("15.0.0", "15_0"), ("15.1.0", "15_1"), ("16.0.0", "16_0")]

# The BMP code points the description class refuses although they are
# assigned, by category; the Rust code (cinder/description.rs) names rejected
# characters with these lists, so they must not move between versions.
EXCLUDED_NON_CN = {
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
# Every Zs code point (all in the BMP): python/unicode.rs: is_zs_non_space.
ZS = [0x0020, 0x00A0, 0x1680] + list(range(0x2000, 0x200B)) + [0x202F, 0x205F, 0x3000]
ZS_NON_SPACE = set(ZS) - {0x20}


def die(msg):
    sys.stderr.write("gen_unicode_tables.py: error: %s\n" % msg)
    sys.exit(1)


def check(cond, msg):
    if not cond:
        die(msg)


# --- Cinder's code (cinder/api/validation/parameter_types.py), unchanged in
# substance; only bound to a given `unicodedata` so that each Unicode version
# runs the very same algorithm.

def cinder_functions(unicodedata):
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

    return _is_printable, _build_regex_range


# --- worker modes: run in a separate process, under this or another Python

def to_ranges(codepoints):
    """Sorted iterable of ints -> list of inclusive (lo, hi) maximal runs."""
    out = []
    for cp in codepoints:
        if out and out[-1][1] == cp - 1:
            out[-1][1] = cp
        else:
            out.append([cp, cp])
    return [tuple(r) for r in out]


def worker_dump(source):
    """Print this process's view of one Unicode version as JSON.

    `source` is "stdlib" (this interpreter's `unicodedata`, real
    `str.isprintable()` and Cinder's pattern built with it) or a directory
    holding `unicodedata2`."""
    if source == "stdlib":
        import unicodedata as ud
    else:
        sys.path.insert(0, source)
        import unicodedata2 as ud
    runs = []
    prev = None
    for cp in range(0x110000):
        cat = ud.category(chr(cp))
        if cat != prev:
            runs.append([cp, cat])
            prev = cat
    out = {
        "python": sys.version.split()[0],
        "module": ud.__name__,
        "unidata_version": ud.unidata_version,
        "categories": runs,
    }
    if source == "stdlib":
        out["isprintable"] = to_ranges(cp for cp in range(0x110000) if chr(cp).isprintable())
        _, build = cinder_functions(ud)
        out["pattern"] = "^[%s]*$" % build()
    sys.stdout.write(json.dumps(out, ensure_ascii=True))
    return 0


def worker_repr():
    """Read a JSON list of code point lists; print the repr() of each."""
    samples = json.load(sys.stdin)
    sys.stdout.write(json.dumps([repr("".join(map(chr, s))) for s in samples], ensure_ascii=True))
    return 0


def run_worker(python, args, stdin=None):
    proc = subprocess.run([python, os.path.abspath(__file__)] + args, input=stdin,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    check(proc.returncode == 0, "%s %s failed:\n%s" % (python, " ".join(args), proc.stderr))
    return json.loads(proc.stdout)


def ensure_unicodedata2(version):
    """target/unicode/<version>, with unicodedata2==<version> installed in it."""
    target = os.path.join(CACHE, version)
    marker = os.path.join(target, "unicodedata2-%s.dist-info" % version)
    if not os.path.isdir(marker):
        sys.stderr.write("installing unicodedata2==%s into %s\n" % (version, os.path.relpath(target, REPO)))
        proc = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                               "--no-deps", "--upgrade", "--target", target, "unicodedata2==%s" % version])
        check(proc.returncode == 0 and os.path.isdir(marker), "pip could not install unicodedata2==%s" % version)
    return target


# --- one version's database, as the generator uses it

class Database:
    def __init__(self, dump):
        self.version = dump["unidata_version"]
        self.origin = "%s %s (Python %s)" % (dump["module"], self.version, dump["python"])
        runs = dump["categories"]
        cats = []
        for (start, cat), nxt in zip(runs, runs[1:] + [[0x110000, None]]):
            cats.extend([cat] * (nxt[0] - start))
        check(len(cats) == 0x110000, "%s: categories do not cover every code point" % self.origin)
        self.cats = cats

    def category(self, char):
        return self.cats[ord(char)]

    def printable(self, cp):
        """CPython's str.isprintable() for this version's database."""
        return cp == 0x20 or self.cats[cp] not in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs")


# --- outputs

def pattern_from_ranges(ranges):
    parts = []
    for lo, hi in ranges:
        if lo == hi:
            parts.append(re.escape(chr(lo)))
        else:
            parts.append(re.escape(chr(lo)) + "-" + re.escape(chr(hi)))
    return "^[" + "".join(parts) + "]*$"


def py_repr(s, isprintable):
    """CPython's unicode_repr (Objects/unicodeobject.c) with a given
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


def emit_ranges(name, doc, ty, ranges, per_line):
    fmt = "(0x%04X, 0x%04X)" if ty == "u16" else "(0x%06X, 0x%06X)"
    items = [fmt % r for r in ranges]
    lines = []
    for i in range(0, len(items), per_line):
        lines.append("    " + ", ".join(items[i:i + per_line]) + ",")
    return "%s\n#[rustfmt::skip]\npub(crate) static %s: &[(%s, %s)] = &[\n%s\n];\n" % (
        doc, name, ty, ty, "\n".join(lines))


def count(ranges):
    return sum(hi - lo + 1 for lo, hi in ranges)


def additions(tables, what):
    """{suffix: ranges added over the previous version}; aborts if a
    version drops a code point."""
    added = {}
    prev = set(cp for lo, hi in tables[VERSIONS[0][1]] for cp in range(lo, hi + 1))
    for key, suffix in VERSIONS[1:]:
        cur = set(cp for lo, hi in tables[suffix] for cp in range(lo, hi + 1))
        check(prev <= cur, "%s: %s loses code points of the previous version: %s"
              % (key, what, ", ".join("U+%04X" % cp for cp in sorted(prev - cur)[:10])))
        added[suffix] = to_ranges(sorted(cur - prev))
        prev = cur
    return added


# Fixed samples for repr(): quoting, the escapes, and a character of every
# non-printable kind, each beside a printable neighbour.
FIXED_SAMPLES = [
    "it's", 'say "hi"', "both ' and \"", "back\\slash", "tab\tnl\ncr\r", "\x00\x1f\x7f",
    "\x85\xa0\xad\xe9", "\u1680\u2000\u200a\u202f\u205f\u3000 ", "\u2028\u2029",
    "\u0600\u200b\u200f\u2066\ufeff\ufff9", "\ud800x\udfff", "\ue000\uf8ff", "\u0378\ufdd0\ufffe\uffff",
    "\ufffd\u4e00\uac00", "\U0001f600\U00010000", "\U000e0001\U000e0020\U000e007f",
    "\U000f0000\U0010ffff", "\U0001fffe\U0003134a",
]


def main(argv):
    args = argv[1:]
    if args[:1] == ["--worker-dump"] and len(args) == 2:
        return worker_dump(args[1])
    if args == ["--worker-repr"]:
        return worker_repr()
    check_only = False
    pythons = []
    while args:
        a = args.pop(0)
        if a == "--check":
            check_only = True
        elif a == "--python" and args:
            pythons.append(args.pop(0))
        else:
            die("usage: %s [--check] [--python PYTHON]..." % CMD)

    import unicodedata
    check(sys.version_info[:2] == (3, 11), "run with CPython 3.11 (got %s)" % sys.version.split()[0])
    check(unicodedata.unidata_version == "14.0.0", "unicodedata %s, need 14.0.0" % unicodedata.unidata_version)

    # Each version's database, in its own process.
    dumps = {"14.0.0": run_worker(sys.executable, ["--worker-dump", "stdlib"])}
    for key, _ in VERSIONS[1:]:
        dumps[key] = run_worker(sys.executable, ["--worker-dump", ensure_unicodedata2(key)])
    dbs = {}
    for key, suffix in VERSIONS:
        check(dumps[key]["unidata_version"] == key, "asked for Unicode %s, got %s" % (key, dumps[key]["unidata_version"]))
        dbs[suffix] = Database(dumps[key])
        sys.stderr.write("Unicode %s: %s\n" % (key, dbs[suffix].origin))

    # The description class, the pattern and the printable set per version.
    desc, patterns, printable = {}, {}, {}
    for key, suffix in VERSIONS:
        db = dbs[suffix]
        is_printable, build = cinder_functions(db)
        desc[suffix] = to_ranges(cp for cp in range(0xFFFF) if is_printable(chr(cp)))
        pattern = "^[%s]*$" % build()
        check(pattern == pattern_from_ranges(desc[suffix]), "%s: pattern differs from its ranges" % key)
        compiled = re.compile(pattern)
        accepted = set(cp for lo, hi in desc[suffix] for cp in range(lo, hi + 1))
        for cp in range(0x110000):
            # A lone "\n" matches thanks to '$' before a final newline: test "a"+ch+"a".
            check((compiled.search("a" + chr(cp) + "a") is not None) == (cp in accepted),
                  "%s: the compiled pattern disagrees with _is_printable at U+%04X" % (key, cp))
        patterns[suffix] = pattern
        printable[suffix] = to_ranges(cp for cp in range(0x110000) if db.printable(cp))

        # The lists the Rust code relies on, for every version.
        for cat, rs in EXCLUDED_NON_CN.items():
            actual = to_ranges(cp for cp in range(0xFFFF) if db.cats[cp] == cat)
            check(actual == rs, "%s: the BMP %s code points moved: %r" % (key, cat, actual))
        check([cp for cp in range(0x110000) if db.cats[cp] == "Zs"] == ZS, "%s: the Zs code points moved" % key)
        # Below U+10000, printable = the description class minus the Zs other than space.
        pset = set(cp for lo, hi in printable[suffix] for cp in range(lo, hi + 1))
        for cp in range(0x10000):
            check((cp in pset) == (cp in accepted and cp not in ZS_NON_SPACE),
                  "%s: the BMP printable rule fails at U+%04X" % (key, cp))
        check(all(hi < 0x10000 for lo, hi in printable[suffix] if lo < 0x10000),
              "%s: a printable range crosses U+10000" % key)

    # Python 3.11 itself: its str.isprintable() and Cinder's pattern built by it.
    check(to_ranges(cp for cp in range(0x110000) if chr(cp).isprintable()) == printable["14_0"],
          "str.isprintable() of this Python differs from CPython's rule over its categories")
    check([tuple(r) for r in dumps["14.0.0"]["isprintable"]] == printable["14_0"],
          "the worker's str.isprintable() differs from this process's")
    check(dumps["14.0.0"]["pattern"] == patterns["14_0"], "the worker built another 14.0 pattern")

    def isprintable_of(suffix):
        pset = set(cp for lo, hi in printable[suffix] for cp in range(lo, hi + 1))
        return lambda cp: cp in pset

    printable_fn = {suffix: isprintable_of(suffix) for _, suffix in VERSIONS}

    # Samples for repr(): the first and last code point of every run whose
    # printability changes from one version to the next, and the fixed ones.
    changed = []
    for (_, a), (key, b) in zip(VERSIONS, VERSIONS[1:]):
        runs = to_ranges(cp for cp in range(0x110000) if printable_fn[a](cp) != printable_fn[b](cp))
        sys.stderr.write("Unicode %s: printability changes in %d code points (%d runs)\n"
                         % (key, count(runs), len(runs)))
        changed.extend(runs)
    samples = [[ord(c) for c in s] for s in FIXED_SAMPLES]
    samples += [[lo] if lo == hi else [lo, ord("-"), hi] for lo, hi in changed]
    texts = ["".join(map(chr, s)) for s in samples]
    reprs = {suffix: [py_repr(t, printable_fn[suffix]) for t in texts] for _, suffix in VERSIONS}
    pattern_reprs = {suffix: py_repr(patterns[suffix], printable_fn[suffix]) for _, suffix in VERSIONS}
    check(reprs["14_0"] == [repr(t) for t in texts], "py_repr differs from this Python's repr()")
    check(pattern_reprs["14_0"] == repr(patterns["14_0"]), "py_repr of the 14.0 pattern differs from repr()")

    # Other interpreters: their own database, isprintable, repr and pattern.
    for python in pythons:
        dump = run_worker(python, ["--worker-dump", "stdlib"])
        key = dump["unidata_version"]
        suffix = dict(VERSIONS).get(key)
        check(suffix is not None, "%s has Unicode %s, not one of ours" % (python, key))
        check(Database(dump).cats == dbs[suffix].cats,
              "Python %s's unicodedata differs from %s" % (dump["python"], dbs[suffix].origin))
        check([tuple(r) for r in dump["isprintable"]] == printable[suffix],
              "Python %s's str.isprintable() differs from the rule over %s" % (dump["python"], dbs[suffix].origin))
        check(dump["pattern"] == patterns[suffix], "Python %s builds another pattern" % dump["python"])
        real = run_worker(python, ["--worker-repr"], json.dumps(samples + [[ord(c) for c in patterns[suffix]]]))
        check(real[:-1] == reprs[suffix], "Python %s's repr() differs from py_repr on a sample" % dump["python"])
        check(real[-1] == pattern_reprs[suffix], "Python %s's repr() of its pattern differs" % dump["python"])
        sys.stderr.write("cross-checked Python %s (Unicode %s): categories, str.isprintable(), Cinder's pattern, "
                         "repr() of %d samples and of the pattern\n" % (dump["python"], key, len(samples)))

    # The Rust tables.
    out = []
    out.append("//! Unicode data for Cinder's description pattern and Python's `repr()`\n")
    out.append("//! (`docs/cinder/description-and-unicode.md`, `docs/cinder/schemas.md`).\n")
    out.append("//!\n")
    out.append("//! @generated by `%s` from CPython 3.11's `unicodedata`\n" % CMD)
    out.append("//! (Unicode 14.0.0) and PyPI's `unicodedata2` 15.0.0, 15.1.0 and 16.0.0.\n")
    out.append("//! DO NOT EDIT: change the script and rerun it; its docstring says how.\n\n")
    desc_added = additions(desc, "the description class")
    ranges = desc["14_0"]
    doc = ("/// Inclusive BMP ranges accepted by the description pattern under Unicode 14.0.0\n"
           "/// (%d ranges, %d code points)." % (len(ranges), count(ranges)))
    out.append(emit_ranges("DESCRIPTION_14_0", doc, "u16", ranges, 5))
    for key, suffix in VERSIONS[1:]:
        out.append("\n")
        doc = ("/// Code points the description pattern accepts from Unicode %s on, beyond\n"
               "/// the previous version (%d ranges)." % (key, len(desc_added[suffix])))
        out.append(emit_ranges("ADDED_" + suffix, doc, "u16", desc_added[suffix], 5))
    astral = {suffix: [r for r in printable[suffix] if r[0] >= 0x10000] for _, suffix in VERSIONS}
    astral_added = additions(astral, "the astral printable set")
    out.append("\n")
    doc = ("/// Inclusive ranges of astral code points for which Python 3.11 `str.isprintable()`\n"
           "/// is true (Unicode 14.0: not C*/Z*); %d ranges." % len(astral["14_0"]))
    out.append(emit_ranges("PRINTABLE_ASTRAL_14_0", doc, "u32", astral["14_0"], 4))
    for key, suffix in VERSIONS[1:]:
        out.append("\n")
        doc = ("/// Astral code points printable from Unicode %s on, beyond the previous\n"
               "/// version (%d ranges, %d code points)." % (key, len(astral_added[suffix]), count(astral_added[suffix])))
        out.append(emit_ranges("PRINTABLE_ASTRAL_ADDED_" + suffix, doc, "u32", astral_added[suffix], 4))
    text = "".join(out)
    check(all(ord(c) < 0x80 for c in text), "generated text is not ASCII")

    # The fixtures.
    pattern_fixture = {
        "generated_by": CMD,
        "python": "3.11",
        "versions": {key: {"pattern": patterns[suffix], "repr": pattern_reprs[suffix]} for key, suffix in VERSIONS},
    }
    repr_fixture = {
        "generated_by": CMD,
        "about": "repr() of each string (given as code points) as the Python of each Unicode version prints it",
        "printable": {key[:-2]: {"count": count(printable[suffix]), "ranges": len(printable[suffix])}
                      for key, suffix in VERSIONS},
        "samples": [{"code_points": s, "repr": {key[:-2]: reprs[suffix][i] for key, suffix in VERSIONS}}
                    for i, s in enumerate(samples)],
    }
    files = [
        (OUT, text),
        (PATTERNS_FIXTURE, json.dumps(pattern_fixture, ensure_ascii=True, indent=1) + "\n"),
        (REPR_FIXTURE, json.dumps(repr_fixture, ensure_ascii=True, indent=1) + "\n"),
    ]
    stale = []
    for path, content in files:
        try:
            with open(path, encoding="ascii") as f:
                current = f.read()
        except OSError:
            current = None
        if current == content:
            continue
        stale.append(os.path.relpath(path, REPO))
        if not check_only:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="ascii", newline="\n") as f:
                f.write(content)
    if check_only:
        check(not stale, "stale: %s; rerun %s" % (", ".join(stale), CMD))
        sys.stderr.write("up to date: %s\n" % ", ".join(os.path.relpath(p, REPO) for p, _ in files))
    else:
        sys.stderr.write("wrote %s\n" % (", ".join(stale) if stale else "nothing (all up to date)"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
