#!/usr/bin/env python3
"""Check docs/cinder/http.md against the request-level oracle.

    check_http_rules.py judged.jsonl      (lines with "expected", from
                                           http_oracle.py --merge)

This is an independent model of the rules written in docs/cinder/http.md
(WSGI-container server model): it predicts http_status and server_error of
every case from the headers and body alone.  For the body-level part, i.e.
JSON parsing, schema and controller, it asks the body-level oracle
(cinder_oracle.py), which has no pipeline.  Every disagreement is printed;
the exit status is 1 if there is one.
"""

import base64
import io
import json
import re
import sys
import os

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
_out = sys.stdout
sys.stdout = io.StringIO()
try:
    import cinder_oracle as co  # noqa: E402
finally:
    sys.stdout = _out

GENERIC_500 = ("The server has either erred or is incapable of performing "
               "the requested operation.")
GENERIC_400 = ("The server could not comply with the request since it is "
               "either malformed or otherwise incorrect.")
TOO_LARGE_CL = "Request is too large. Larger than max_request_body_size (%s)."
VND = "application/vnd.openstack.volume+json"
SUPPORTED = ("application/json", VND)
VERSION_RE = re.compile(r"^([1-9]\d*)\.([1-9]\d*|0)$")


class Crash(Exception):
    pass


def fields(headers):
    out = {}
    for name, value in headers.items():
        values = value if isinstance(value, list) else [value]
        for v in values:
            v = v.strip(" \t")
            k = name.lower()
            out[k] = out[k] + ", " + v if k in out else v
    return out


def accept_prefers_vnd(accept):
    """Request.best_match_content_type: the better of the two supported
    types by q (ties keep the order json, vnd); none -> json."""
    if accept is None:
        return False
    best = None
    for part in accept.split(","):
        bits = [b.strip() for b in part.split(";")]
        mt, q = bits[0].lower(), 1.0
        for b in bits[1:]:
            if b.lower().startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    return False  # invalid header: webob offers json first
        for i, offer in enumerate(SUPPORTED):
            t, s = offer.split("/")
            if mt in (offer, t + "/*", "*/*") and q > 0:
                spec = 2 if mt == offer else (1 if mt != "*/*" else 0)
                key = (q, spec, -i)
                if best is None or key > best[0]:
                    best = (key, offer)
    return best is not None and best[1] == VND


def parse_version(value):
    """-> ("ok", "3.16") | ("http", status, message)."""
    if value is None:
        return ("ok", None)
    piece = None
    for hdr in value.split(","):
        if "volume" in hdr:
            piece = hdr
            break
    if piece is None:
        return ("http", 400, GENERIC_400)
    words = piece.split()
    if len(words) != 2:
        return ("http", 500, GENERIC_500)
    v = words[1]
    if v == "latest":
        return ("ok", "3.71")
    m = VERSION_RE.match(v)
    if not m:
        return ("http", 400, "API Version String %s is of invalid format. "
                "Must be of format MajorNum.MinorNum." % v)
    major, minor = int(m.group(1)), int(m.group(2))
    if not (3, 0) <= (major, minor) <= (3, 71):
        return ("http", 406, "Version %d.%d is not supported by the API. "
                "Minimum is 3.0 and maximum is 3.71." % (major, minor))
    return ("ok", "%d.%d" % (major, minor))


class Model(object):
    def __init__(self):
        sys.stdout = io.StringIO()
        try:
            self.body_oracle = co.Oracle()
        finally:
            sys.stdout = _out

    def predict(self, case):
        h = fields(case["headers"])
        if case.get("body_b64") is not None:
            body = base64.b64decode(case["body_b64"])
        else:
            body = case["body_text"].encode("utf-8", "surrogatepass")
        limit = case.get("max_request_body_size", 114688)
        vnd = accept_prefers_vnd(h.get("accept"))
        try:
            return self._predict(case, h, body, limit, vnd)
        except Crash:
            return (500, None)

    def fault(self, vnd, status, msg):
        if vnd:
            raise Crash()
        return (status, msg)

    def _predict(self, case, h, body, limit, vnd):
        cl = h.get("content-length")
        # sizelimit, Content-Length form
        if cl is not None and int(cl) > limit:
            return (413, TOO_LARGE_CL)
        read_limited = cl is None  # LimitingReader wraps the stream

        def read():
            if read_limited and len(body) > limit or \
                    read_limited and limit < 0:
                return (413, "Request is too large. Larger than %d." % limit)
            return None

        # noauth
        token = h.get("x-auth-token")
        if token is None:
            return (204, None)
        if "x-service-catalog" in h:
            try:
                json.loads(h["x-service-catalog"])
            except ValueError:
                return (500, "Invalid service catalog json.")
        ct = h.get("content-type")
        # routes: a form POST is parsed for _method before routing
        if ct is not None and ct.lower().split(";")[0] in (
                "application/x-www-form-urlencoded", "multipart/form-data"):
            r = read()
            if r:
                return r
            return ("form", None)  # not modelled further: skip
        # Resource: version header first
        v = parse_version(h.get("openstack-api-version"))
        if v[0] == "http":
            return self.fault(vnd, v[1], v[2])
        r = read()
        if r:
            return r
        has_body = bool(body) and ct is not None
        if body and ct is not None and ct.split(";", 1)[0] not in SUPPORTED:
            return self.fault(vnd, 415, "Unsupported Content-Type")
        user, _, project = token.partition(":")
        project = project or user
        if not has_body:
            if project != co.PROJECT:
                return self.fault(vnd, 400, "Malformed request url")
            return self.fault(vnd, 500, GENERIC_500)
        # JSON, project check, controller: ask the body-level oracle
        res = self.body_oracle.judge({
            "id": case["id"], "endpoint": case["endpoint"],
            "kind": "snapshot" if "snapshot" in case["endpoint"]
            else "volume",
            "microversion": v[1], "body_b64":
            base64.b64encode(body).decode()})
        if project != co.PROJECT and res["server_error"] != \
                "Malformed request body":
            return self.fault(vnd, 400, "Malformed request url")
        if res["http_status"] == 202:
            return (202, None)
        return self.fault(vnd, res["http_status"], res["server_error"])


def main():
    model = Model()
    bad = n = skipped = 0
    for line in open(sys.argv[1]):
        case = json.loads(line)
        exp = case["expected"]
        got = model.predict(case)
        if got[0] == "form":
            skipped += 1
            continue
        n += 1
        if got != (exp["http_status"], exp["server_error"]):
            bad += 1
            if bad <= 20:
                print("DIFF", case["id"], case["tags"], case["headers"],
                      "model:", got, "oracle:",
                      (exp["http_status"], exp["server_error"]))
    print("%d cases checked, %d disagree, %d form cases not modelled"
          % (n, bad, skipped))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
