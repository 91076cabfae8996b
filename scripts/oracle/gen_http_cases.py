#!/usr/bin/env python3
"""Seeded generator of request-level cases (whole HTTP requests) for
http_oracle.py.

    python3 gen_http_cases.py [--seed S] [--random N] [--no-fixed] > cases.jsonl

Each line: {"id", "endpoint", "headers", "max_request_body_size"?,
"body_text" | "body_b64", "tags"}.  `headers` is the whole header set as the
client sends it (nothing is added later): Content-Length is written out
whenever the body is sent with one; `"Transfer-Encoding": "chunked"` means
a chunked body (then there is no Content-Length); a list value is a header
name sent several times.  Every case carries `X-Auth-Token:
admin:<project>` unless it is about that header (tag "auth").

The fixed part (edge-dense, the same for every seed) comes first; then
--random N cases drawn with --seed.  Output is deterministic.
"""

import argparse
import base64
import json
import random
import sys

PROJECT = "0123456789abcdef0123456789abcdef"
TOKEN = "admin:" + PROJECT
UUID = "1df34919-aba7-4a1b-a614-3b409d71ac03"
DEFAULT_LIMIT = 114688
ENDPOINTS = ["os-volume-manage", "manageable_volumes", "os-snapshot-manage",
             "manageable_snapshots"]

VALID = {
    "volume": '{"volume": {"host": "h@b#p", "ref": {"source-name": "v1"}}}',
    "snapshot": '{"snapshot": {"volume_id": "%s", "ref": {"source-name":'
                ' "s1"}}}' % UUID,
}
INVALID = {  # schema/controller rejections (the message depends on version)
    "volume": '{"volume": {"ref": {"source-name": "v1"}}}',
    "snapshot": '{"snapshot": {"ref": {"source-name": "s1"}}}',
}
MALFORMED = '{"volume": {"host": "h@b#p", '

CONTENT_TYPES = [
    None, "application/json", "application/json; charset=utf-8",
    "application/json;charset=UTF-8", "application/json ; charset=utf-8",
    "application/json;", "application/json;v=1;q=2", "Application/JSON",
    "APPLICATION/JSON", "application/JSON", " application/json",
    "application/json ", "\tapplication/json\t", "text/plain;charset=UTF-8",
    "text/plain", "application/x-www-form-urlencoded",
    "application/x-www-form-urlencoded;charset=UTF-8",
    "multipart/form-data; boundary=----x7MA4YWxkTrZu0gW",
    "application/vnd.openstack.volume+json",
    "application/vnd.openstack.volume+json; charset=utf-8",
    "application/json-patch+json", "application/merge-patch+json",
    "application/jsonx", "application/*", "*/*", "json", "garbage",
    "", ";", "application/json,application/json",
    ["application/json", "application/json"],
    ["application/json", "text/plain"],
]
VERSIONS = [
    None, "volume 3.0", "volume 3.7", "volume 3.8", "volume 3.16",
    "volume 3.71", "volume latest", "volume 3.72", "volume 2.0",
    "volume 3.08", "volume 3", "volume", "compute 2.1", "VOLUME 3.16",
    "volume 3.7, volume 3.16", ["volume 3.7", "volume 3.16"],
    ["compute 2.1", "volume 3.16"],
]
ACCEPTS = [
    None, "application/json", "application/vnd.openstack.volume+json",
    "application/vnd.openstack.volume+json;q=0.9, application/json",
    "application/json;q=0.9, application/vnd.openstack.volume+json",
    "text/html", "text/plain", "application/xml", "*/*", "application/*",
    "text/html, application/json", "application/json, text/html",
    "text/html;q=0.5, application/json", "application/json;q=0", "",
    "garbage", "*/*;q=0",
]
LANGUAGES = [None, "ja", "fr-FR", "zh-CN,zh;q=0.9", "de;q=0.5, en;q=0.4",
             "en-US", "*", "", "x-klingon", "ja;q=0"]


def kind_of(endpoint):
    return "snapshot" if "snapshot" in endpoint else "volume"


class Gen(object):
    def __init__(self):
        self.cases = []

    def add(self, tags, endpoint, body, headers=None, ctype=None,
            version=None, accept=None, language=None, transfer="length",
            limit=None, token=True, extra=None):
        """transfer: "length" (Content-Length), "chunked", or "none" (no
        framing header; only for empty bodies)."""
        if isinstance(body, str):
            raw = body.encode("utf-8", "surrogatepass")
        else:
            raw = body
        h = {}
        if token:
            h["X-Auth-Token"] = TOKEN
        if ctype is not None:
            h["Content-Type"] = ctype
        if version is not None:
            h["OpenStack-API-Version"] = version
        if accept is not None:
            h["Accept"] = accept
        if language is not None:
            h["Accept-Language"] = language
        for k, v in (extra or {}).items():
            h[k] = v
        if transfer == "chunked":
            h["Transfer-Encoding"] = "chunked"
        elif transfer == "length":
            h["Content-Length"] = str(len(raw))
        else:
            assert not raw
        case = {"id": "h%05d" % len(self.cases), "endpoint": endpoint,
                "headers": headers if headers is not None else h}
        if limit is not None:
            case["max_request_body_size"] = limit
        try:
            case["body_text"] = raw.decode("utf-8")
        except UnicodeDecodeError:
            case["body_b64"] = base64.b64encode(raw).decode("ascii")
        case["tags"] = tags
        self.cases.append(case)

    # ------------------------------------------------------------ fixed
    def fixed(self):
        # 1. Content-Type x version header x endpoint x valid/invalid body
        for ct in CONTENT_TYPES:
            for mv in VERSIONS:
                for ep in ENDPOINTS:
                    k = kind_of(ep)
                    for name, body in (("valid", VALID[k]),
                                       ("invalid", INVALID[k])):
                        self.add(["matrix", "body:" + name], ep, body,
                                 ctype=ct, version=mv)
        # 2. empty bodies with each content type (with Content-Length: 0,
        #    chunked with no data, and no framing header at all)
        for ct in CONTENT_TYPES:
            for ep in ENDPOINTS:
                for tr in ("length", "chunked", "none"):
                    self.add(["empty", "transfer:" + tr], ep, "", ctype=ct,
                             version="volume 3.16", transfer=tr)
        # 3. malformed, non-UTF-8, BOM and lone-surrogate bodies
        odd = [("malformed", MALFORMED),
               ("not-utf8", b'{"volume": {"host": "h\xe9", "ref": {}}}'),
               ("bom", "\ufeff" + VALID["volume"]),
               ("surrogate-host", '{"volume": {"host": "h\\udce9",'
                                  ' "ref": {}}}'),
               ("surrogate-description", '{"volume": {"host": "h@b#p",'
                ' "description": "caf\\udce9", "ref": {}}}'),
               ("surrogate-key", '{"volume": {"host": "h@b#p",'
                                 ' "\\ud800": 1, "ref": {}}}'),
               ("surrogate-ref", '{"volume": {"host": "h@b#p",'
                                 ' "ref": {"source-name": "\\udfff"}}}')]
        for name, body in odd:
            for ep in ("os-volume-manage", "manageable_volumes"):
                for ct in (None, "application/json", "text/plain"):
                    for tr in ("length", "chunked"):
                        self.add(["body:" + name], ep, body, ctype=ct,
                                 version="volume 3.16", transfer=tr)
        # 4. size limit: custom small limits around the body length, bytes
        #    vs characters, Content-Length vs chunked
        for ep in ENDPOINTS:
            body = VALID[kind_of(ep)]
            n = len(body.encode())
            for lim in (n - 1, n, n + 1):
                for tr in ("length", "chunked"):
                    for ct in ("application/json", "text/plain", None):
                        for mv in ("volume 3.16", "volume 3.99"):
                            self.add(["size", "limit:custom"], ep, body,
                                     ctype=ct, version=mv, transfer=tr,
                                     limit=lim)
        for unit in ("\u00e9", "\u4e2d", "\U0001F600"):
            body = ('{"volume": {"host": "h@b#p", "ref": {"source-name": "%s"}}}'
                    % (unit * 20))
            nb, nc = len(body.encode()), len(body)
            for lim in (nc - 1, nc, nc + 1, nb - 1, nb, nb + 1):
                for tr in ("length", "chunked"):
                    self.add(["size", "multibyte"], "os-volume-manage", body,
                             ctype="application/json", transfer=tr, limit=lim)
        for lim in (0, 1, -1, -114688, 2 ** 31 - 1, 2 ** 40):
            for body in ("", VALID["volume"]):
                for tr in ("length", "chunked", "none"):
                    if tr == "none" and body:
                        continue
                    for ct in ("application/json", "text/plain"):
                        self.add(["size", "limit:odd"], "os-volume-manage",
                                 body, ctype=ct, transfer=tr, limit=lim)
        # 5. the default limit: bodies of limit-1, limit, limit+1 bytes
        for n in (DEFAULT_LIMIT - 1, DEFAULT_LIMIT, DEFAULT_LIMIT + 1):
            head = '{"volume": {"host": "h@b#p", "ref": {"source-name": "'
            tail = '"}}}'
            body = head + "x" * (n - len(head) - len(tail)) + tail
            assert len(body) == n
            for tr in ("length", "chunked"):
                for ct, mv in (("application/json", None),
                               ("application/json", "volume 3.99"),
                               ("text/plain", None), (None, None)):
                    self.add(["size", "limit:default"], "os-volume-manage",
                             body, ctype=ct, version=mv, transfer=tr)
            # multi-byte body straddling the default limit: characters
            # under the limit, bytes over it (or at it)
            unit = "\u00e9"
            m = n - len(head) - len(tail)  # bytes for the string part
            sbody = head + unit * (m // 2) + "x" * (m % 2) + tail
            assert len(sbody.encode()) == n and len(sbody) < DEFAULT_LIMIT
            for tr in ("length", "chunked"):
                self.add(["size", "limit:default", "multibyte"],
                         "os-volume-manage", sbody, ctype="application/json",
                         transfer=tr)
        # 6. Accept x outcome (fault, 413 both forms, 415, 406, 202, 500)
        outcomes = [
            ("fault400", INVALID["volume"], "application/json", None, None,
             "length"),
            ("malformed", MALFORMED, "application/json", None, None,
             "length"),
            ("413-length", VALID["volume"], "application/json", None, 10,
             "length"),
            ("413-chunked", VALID["volume"], "application/json", None, 10,
             "chunked"),
            ("415", VALID["volume"], "text/plain", None, None, "length"),
            ("406", VALID["volume"], "application/json", "volume 3.72", None,
             "length"),
            ("202", VALID["volume"], "application/json", None, None,
             "length"),
            ("500-nobody", "", "application/json", None, None, "length"),
        ]
        for acc in ACCEPTS:
            for name, body, ct, mv, lim, tr in outcomes:
                self.add(["accept", "outcome:" + name], "os-volume-manage",
                         body, ctype=ct, version=mv, accept=acc,
                         transfer=tr, limit=lim)
        for acc in (["application/json", "text/html"],
                    ["text/html", "application/json"]):
            for name, body, ct, mv, lim, tr in outcomes:
                self.add(["accept", "repeated", "outcome:" + name],
                         "os-volume-manage", body, ctype=ct, version=mv,
                         accept=acc, transfer=tr, limit=lim)
        # 7. Accept-Language x outcome
        for lang in LANGUAGES:
            for name, body, ct, mv, lim, tr in outcomes:
                self.add(["accept-language", "outcome:" + name],
                         "os-volume-manage", body, ctype=ct, version=mv,
                         language=lang, transfer=tr, limit=lim)
        # 8. header names in other spellings (names are case-insensitive)
        for spell in ("content-type", "CONTENT-TYPE", "Content-type"):
            for mvname in ("openstack-api-version", "OPENSTACK-API-VERSION"):
                for ep in ENDPOINTS:
                    body = VALID[kind_of(ep)]
                    raw = body.encode()
                    self.add(["header-case"], ep, body, headers={
                        "x-auth-token": TOKEN, spell: "application/json",
                        mvname: "volume 3.16",
                        "content-length": str(len(raw))})
        # 9. legacy / look-alike version header names (not read)
        for name in ("X-OpenStack-Volume-API-Version",
                     "X-OpenStack-Cinder-API-Version",
                     "OpenStack-Volume-API-Version", "X-API-Version",
                     "OpenStack-API-Version-Volume"):
            self.add(["version-legacy"], "manageable_volumes",
                     VALID["volume"], ctype="application/json",
                     extra={name: "volume 3.16"})
        # 10. auth (noauth strategy) and other headers the pipeline reads
        v = VALID["volume"]
        self.add(["auth", "auth:absent"], "os-volume-manage", v,
                 ctype="application/json", token=False)
        self.add(["auth", "auth:absent"], "os-volume-manage", v,
                 ctype="application/json", token=False,
                 extra={"X-Auth-User": "alice",
                        "X-Auth-Project-Id": PROJECT})
        for tok in ("admin:ffffffff", PROJECT, "", "admin:" + PROJECT.upper(),
                    ":" + PROJECT, "admin:" + PROJECT + ":x"):
            self.add(["auth", "auth:token"], "os-volume-manage", v,
                     ctype="application/json", token=False,
                     extra={"X-Auth-Token": tok})
        for cat in ("[]", "{}", "not json", "[{\"type\": \"volumev3\"}]", ""):
            self.add(["auth", "service-catalog"], "os-volume-manage", v,
                     ctype="application/json",
                     extra={"X-Service-Catalog": cat})
            self.add(["auth", "service-catalog"], "os-volume-manage",
                     INVALID["volume"], ctype="application/json",
                     extra={"X-Service-Catalog": cat})
        for name, value in (
                ("X-OpenStack-Request-ID",
                 "req-12345678-1234-1234-1234-123456789abc"),
                ("X-OpenStack-Request-ID", "not-a-request-id"),
                ("X-Roles", "reader"), ("X-Project-Id", "ffff"),
                ("X-User-Id", "bob"), ("X-Is-Admin-Project", "False"),
                ("Origin", "https://dashboard.example"),
                ("X-Forwarded-For", "10.0.0.1"),
                ("X-Forwarded-Proto", "https"),
                ("Forwarded", "for=192.0.2.60;proto=https"),
                ("X-Forwarded-Prefix", "/block"),
                ("X-Trace-Info", "garbage"), ("X-Trace-HMAC", "garbage"),
                ("Expect", "100-continue"), ("Connection", "close"),
                ("Host", "cinder.example:8776"),
                ("User-Agent", "python-cinderclient"),
                ("Accept-Encoding", "gzip, deflate")):
            for body in (v, INVALID["volume"]):
                self.add(["other-header"], "os-volume-manage", body,
                         ctype="application/json", extra={name: value})
        # 11. form content types: routes parses the body for _method
        for ct in ("application/x-www-form-urlencoded",
                   "multipart/form-data", "multipart/form-data; boundary=b"):
            for body in ("_method=GET", "_method=PUT", "_method=DELETE",
                         "_method=POST", "a=1&_method=get", "_method=",
                         '{"volume": {"name": "&_method=PATCH&"}}',
                         "--b\r\nContent-Disposition: form-data; "
                         "name=\"_method\"\r\n\r\nPUT\r\n--b--\r\n",
                         "--b\r\nbroken", "\xff\xfe"):
                for ep in ("os-volume-manage", "manageable_volumes"):
                    self.add(["form"], ep, body, ctype=ct,
                             version="volume 3.16")

    # ------------------------------------------------------------ random
    def random_cases(self, seed, n):
        r = random.Random(seed)
        bodies = {k: [VALID[k], INVALID[k], MALFORMED, "",
                      '{"%s": {}}' % k, '{"%s": null}' % k, "[]", "null",
                      '{"%s": {"host": 1, "ref": {}}}' % k,
                      '{"%s": {"host": "h@b#p", "cluster": "c", "ref": {}}}'
                      % k,
                      '{"%s": {"volume_id": "x", "ref": {}}}' % k,
                      '{"%s": {"host": "h@b#p", "ref": {"x": "%s"}}}'
                      % (k, "\u00e9" * r.randint(0, 40))]
                  for k in ("volume", "snapshot")}
        names = {"Content-Type": ["Content-Type", "content-type",
                                  "CONTENT-TYPE"],
                 "OpenStack-API-Version": ["OpenStack-API-Version",
                                           "openstack-api-version"],
                 "Accept": ["Accept", "accept"],
                 "Accept-Language": ["Accept-Language"]}
        for _ in range(n):
            ep = r.choice(ENDPOINTS)
            body = r.choice(bodies[kind_of(ep)])
            raw = body.encode("utf-8")
            transfer = r.choice(["length"] * 4 + ["chunked"] +
                                (["none"] if not raw else []))
            limit = None
            if r.random() < 0.25:
                limit = r.choice([0, 1, len(raw) - 1, len(raw), len(raw) + 1,
                                  len(body) - 1, len(body), -1, 50, 60, 70])
            h = {"X-Auth-Token": TOKEN}
            picks = [("Content-Type", CONTENT_TYPES, 0.9),
                     ("OpenStack-API-Version", VERSIONS, 0.7),
                     ("Accept", ACCEPTS, 0.4),
                     ("Accept-Language", LANGUAGES, 0.2)]
            r.shuffle(picks)
            for name, pool, p in picks:
                if r.random() < p:
                    val = r.choice(pool)
                    if val is not None:
                        h[r.choice(names[name])] = val
            if transfer == "chunked":
                h["Transfer-Encoding"] = "chunked"
            elif transfer == "length":
                h["Content-Length"] = str(len(raw))
            self.add(["random"], ep, body, headers=h, limit=limit)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=20261201)
    ap.add_argument("--random", type=int, default=1500)
    ap.add_argument("--no-fixed", action="store_true")
    args = ap.parse_args()
    g = Gen()
    if not args.no_fixed:
        g.fixed()
    g.random_cases(args.seed, args.random)
    out = sys.stdout
    for c in g.cases:
        out.write(json.dumps(c, ensure_ascii=True) + "\n")


if __name__ == "__main__":
    main()
