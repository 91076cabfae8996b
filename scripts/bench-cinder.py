#!/usr/bin/env python3
"""Cinder's own request validation speed beside the native library (optional;
not part of `make bench` and not run in CI: it needs the dev-only Cinder 29.0.0
venv of scripts/oracle/).

    target/venvs/oracle/bin/python scripts/bench-cinder.py [--quick]

What is timed, per request, on the benchmark inputs (target/bench-inputs/,
written by `cargo bench --bench callgrind_driver -- write-inputs`):

* per request: what a Cinder API worker does for each POST: the JSON layer
  (`oslo_serialization.jsonutils.loads`, as wsgi.JSONDeserializer) then
  `validators._SchemaValidator(volume_manage_create).validate(body)`, the
  validator built anew for each request exactly as the
  `cinder.api.validation.schema` decorator does;
* built once: the same with one validator built up front;
* native: `check_text` through the callgrind driver's `time` mode (release
  build), run between the Cinder rounds so both see the same machine load.

Ratios are medians of per-round ratios (native requests/s over Cinder's).
"""

import glob
import json
import os
import statistics
import subprocess
import sys
import time
import warnings

warnings.simplefilter("ignore")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INPUTS = os.path.join(ROOT, "target", "bench-inputs")
QUICK = "--quick" in sys.argv

from oslo_serialization import jsonutils  # noqa: E402
from cinder import exception  # noqa: E402
from cinder.api.schemas import volume_manage  # noqa: E402
from cinder.api.validation import validators  # noqa: E402

SCHEMA = volume_manage.volume_manage_create  # microversions 3.0-3.15


def driver():
    subprocess.run(
        ["cargo", "bench", "--quiet", "--bench", "callgrind_driver", "--", "write-inputs", INPUTS],
        cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    exes = [p for p in glob.glob(os.path.join(ROOT, "target", "release", "deps", "callgrind_driver-*"))
            if os.access(p, os.X_OK) and not p.endswith(".d")]
    return max(exes, key=os.path.getmtime)


def cinder_once(text, validator=None):
    body = jsonutils.loads(text)
    try:
        (validator or validators._SchemaValidator(SCHEMA)).validate(body)
        return True
    except exception.ValidationError:
        return False


def rate(fn, seconds):
    n = 0
    t0 = time.perf_counter()
    while True:
        for _ in range(8):
            fn()
        n += 8
        t = time.perf_counter()
        if t - t0 >= seconds:
            return n / (t - t0)


def main():
    exe = driver()
    rounds = 3 if QUICK else 5
    slice_s = 0.5 if QUICK else 1.0
    rows = []
    for name, expect in (("api-ref", True), ("invalid", False), ("worst-valid", True)):
        text = open(os.path.join(INPUTS, name + ".json"), "rb").read()
        built = validators._SchemaValidator(SCHEMA)
        assert cinder_once(text) is expect, name
        per_req, once, native, r_req, r_once = [], [], [], [], []
        n_native = 20000 if name != "worst-valid" else 500
        for _ in range(rounds):
            a = rate(lambda: cinder_once(text), slice_s)
            b = rate(lambda: cinder_once(text, built), slice_s)
            out = subprocess.run([exe, "time", name, str(n_native)], capture_output=True, text=True, check=True)
            c = 1e9 / json.loads(out.stdout)["ns_per_request"]
            per_req.append(a)
            once.append(b)
            native.append(c)
            r_req.append(c / a)
            r_once.append(c / b)
        rows.append((name, statistics.median(per_req), statistics.median(once), statistics.median(native),
                     statistics.median(r_req), statistics.median(r_once)))

    print("load average: %.2f %.2f %.2f" % os.getloadavg())
    print("| input | Cinder per request | Cinder, validator built once | native check_text "
          "| native / Cinder per request | native / Cinder built once |")
    print("|---|---|---|---|---|---|")
    for name, a, b, c, ra, rb in rows:
        print(f"| {name} | {a:,.0f}/s | {b:,.0f}/s | {c:,.0f}/s | {ra:,.0f}× | {rb:,.0f}× |")
    os.makedirs(os.path.join(ROOT, "target", "bench-out"), exist_ok=True)
    with open(os.path.join(ROOT, "target", "bench-out", "bench-cinder.json"), "w") as f:
        json.dump([dict(zip(("input", "cinder_per_request", "cinder_built_once", "native", "ratio_per_request",
                             "ratio_built_once"), r)) for r in rows], f, indent=2)


if __name__ == "__main__":
    main()
