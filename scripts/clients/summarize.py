#!/usr/bin/env python3
"""Counts what a captured fixture holds: cases sent vs refused, per family
(the id without its number), with the exit codes of the refusals.

    summarize.py tests/fixtures/clients/cinder-9.10.0.jsonl [...]
"""
import collections
import json
import sys


def main():
    for path in sys.argv[1:]:
        fam = collections.OrderedDict()
        total = collections.Counter()
        for line in open(path, encoding="utf-8"):
            rec = json.loads(line)
            family = rec["id"].rsplit("-", 1)[0]
            c = fam.setdefault(family, collections.Counter())
            if rec["refused"] is None:
                c["sent"] += 1
                total["sent"] += 1
            else:
                key = "refused(exit %s)" % rec["refused"]["exit_code"]
                c[key] += 1
                total["refused"] += 1
                total[key] += 1
        print("%s: %d cases, %d sent, %d refused" % (
            path, total["sent"] + total["refused"], total["sent"],
            total["refused"]))
        print("  refusals by exit code: %s" % ", ".join(
            "%s %d" % (k, v) for k, v in sorted(total.items())
            if k.startswith("refused(")))
        for family, c in fam.items():
            print("  %-12s %s" % (family, ", ".join(
                "%s %d" % (k, v) for k, v in sorted(c.items()))))


if __name__ == "__main__":
    main()
