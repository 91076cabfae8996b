#!/usr/bin/env python3
"""Merge cases.jsonl + oracle results.jsonl into corpus.jsonl.

Usage: merge_corpus.py cases.jsonl results.jsonl tests/fixtures/oracle/corpus.jsonl
"""
import json, sys, collections
cases = [json.loads(l) for l in open(sys.argv[1])]
res = [json.loads(l) for l in open(sys.argv[2])]
assert len(cases) == len(res)
cnt = collections.Counter(); kinds = collections.Counter()
with open(sys.argv[3], 'w') as out:
    for c, r in zip(cases, res):
        assert c['id'] == r['id'], (c['id'], r['id'])
        assert 'oracle_error' not in r, r
        exp = {k: r[k] for k in ('accepted', 'http_status', 'server_error', 'normalized')}
        c['expected'] = exp
        cnt[r['http_status']] += 1
        kinds[(c['kind'], r['http_status'])] += 1
        out.write(json.dumps(c, ensure_ascii=True, allow_nan=True) + '\n')
print(sorted(cnt.items())); print(sorted(kinds.items()))
