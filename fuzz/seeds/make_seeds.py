#!/usr/bin/env python3
"""Regenerates fuzz/seeds/<target>/ from the project's fixtures.

Sources: the api-ref samples (tests/fixtures/api-ref), the demo requests
(tests/fixtures/demo), the request bodies of the spec's section 16 vectors
(raw strings in crates/os-volume-manage/tests/spec_vectors.rs), a deterministic sample of
tests/fixtures/oracle/corpus.jsonl (one case per tag family and kind) and of
the request-level fixtures (requests.jsonl, requests-edge.jsonl: one case per
tag set) for request_headers and raw_request.
Text-target seeds start with the options selector byte the targets read
(fuzz/src/lib.rs: options_from_byte).
Run from anywhere: python3 fuzz/seeds/make_seeds.py
"""
import base64, hashlib, json, pathlib, re, shutil

ROOT = pathlib.Path(__file__).resolve().parents[2]
SEEDS = ROOT / "fuzz" / "seeds"
MV = [None, "3.0", "3.7", "3.8", "3.15", "3.16", "3.17", "3.71", "latest", "2.0",
      "volume 3.16", "compute 2.1, volume 3.8", "3.72", "3.016", "", "volume  latest , x"]
UNICODE = ["14.0", "15.0", "15.1", "16.0"]


def selector(mv=None, endpoint=0, unicode_index=0):
    i = MV.index(mv) if mv in MV else 0
    return bytes([i | (endpoint << 4) | (unicode_index << 6)])


def put(target, data):
    d = SEEDS / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()[:16]).write_bytes(data)


def main():
    for t in ["check_text_volume", "check_text_snapshot", "check_value", "jsonl_line", "size_text", "listing",
              "request_headers", "raw_request"]:
        shutil.rmtree(SEEDS / t, ignore_errors=True)
    bodies = []  # (kind, microversion, text)
    for p in sorted((ROOT / "tests/fixtures/api-ref").glob("*request*.json")) + \
            sorted((ROOT / "tests/fixtures/demo").glob("*.json")):
        text = p.read_text()
        kind = "snapshot" if '"snapshot"' in text else "volume"
        mv = "3.16" if "cluster" in p.name else None
        bodies.append((kind, mv, text))
    spec = (ROOT / "crates/os-volume-manage/tests/spec_vectors.rs").read_text()
    for m in re.finditer(r'r#"(\{.*?\})"#', spec, re.S):
        text = m.group(1)
        kind = "snapshot" if text.lstrip("{ ").startswith('"snapshot"') else "volume"
        bodies.append((kind, "3.16", text))
    seen_tags = set()
    for line in (ROOT / "tests/fixtures/oracle/corpus.jsonl").read_text().splitlines():
        case = json.loads(line)
        tag = (case["kind"], case.get("endpoint"), tuple(sorted(t.split(":")[0] for t in case.get("tags", []))))
        if len(seen_tags) >= 60 or tag in seen_tags or not isinstance(case.get("body_text"), str) or len(case["body_text"]) > 2000:
            continue
        seen_tags.add(tag)
        bodies.append((case["kind"], case.get("microversion"), case["body_text"]))
        put("jsonl_line", b"\x00" + json.dumps({k: case[k] for k in
            ("id", "microversion", "kind", "endpoint", "body_text") if k in case}).encode())
    for kind, mv, text in bodies:
        raw = text.encode()
        put("check_text_" + kind, selector(mv) + raw)
        put("check_text_" + kind, selector("latest", 2, 3) + raw)
    for line in (ROOT / "tests/fixtures/demo/bulk.jsonl").read_text().splitlines():
        if line.strip():
            put("jsonl_line", b"\x00" + line.encode())
    put("jsonl_line", b"\x00" + b'{"id": 1, "body_text": "{\\"volume\\": {\\"host\\": \\"h\\", \\"ref\\": {}}}"}')
    put("jsonl_line", b"\x00" + b'{"id": [1], "kind": "snapshot", "body": {"snapshot": {"volume_id": NaN}}}')
    put("jsonl_line", b"\x00" + b"not json")
    # check_value decodes structure from bytes; a few fixed byte strings.
    for s in [b"\x00\x07\x01" + bytes(range(64)), b"\x01\x00\x01" + bytes(range(255, 0, -3)),
              b"\x00\x05\x02\xff\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00",
              bytes([0, 0x17, 1, 0xFF] + [5, 1] * 40)]:
        put("check_value", s)
    for s in ["10G", "10 GiB", "1.5TiB", "500 MB", "4096 KiB", "512B", "1073741824", "0", " 7 kB ",
              "9007199254740993", "340282366920938463463374607431768211455", "1.1 B", "0.3 KiB",
              "1,000", "-1", "+1", "٣", "5.", ".5", "1.2.3", "10gb", "10 Ei", "1e3",
              "123456789012345678901234567890123456789012345678901234567890"]:
        put("size_text", s.encode())
    for p in sorted((ROOT / "tests/fixtures/api-ref").glob("*list*.json")):
        put("listing", b"\x00" + p.read_bytes())
        put("listing", b"\x01" + p.read_bytes())
    # command_line: byte 0 picks the server maximum (bits 0-2) and a volume
    # list (bit 3); three commands of each family of the client fixtures.
    server_max = {"3.71": 0, "3.0": 1, "3.7": 2, "3.8": 3, "3.15": 4, "3.16": 5, "3.27": 6, "3.80": 7}
    for name in ("cinder-9.10.0.jsonl", "openstack-10.5.0.jsonl"):
        families = {}
        for line in (ROOT / "tests/fixtures/clients" / name).read_text().split("\n"):
            if not line:
                continue
            case = json.loads(line)
            family = case["id"].rsplit("-", 1)[0]
            families[family] = families.get(family, 0) + 1
            if families[family] <= 3:
                sel = server_max.get(case.get("server_max", "3.71"), 0) | 8
                put("command_line", bytes([sel]) + case["command"].encode())
    for raw in [b"cinder manage 'h@b#p", b'openstack volume create "--remote-source source-name=x --host h',
                b"cinder manage h v --name $'\\x01\\u00e9' --description \"a\\\\\"b\"",
                b"cinder manage h \xff\xfe v", b"cinder manage h v " + b"--metadata k=v " * 2000,
                b"openstack volume create --remote-source a=b --host h " + b"--property k=v " * 2000,
                b"OS_VOLUME_API_VERSION=3.16 env -u OS_PASSWORD cinder manage h v # comment",
                b"cinder manage \\\n h v | tee x", b"openstack", b"cinder --os-volume-api-version 3.1_6 manage -- -h -v"]:
        put("command_line", b"\x00" + raw)
    requests()


ENDPOINTS = ["os-volume-manage", "manageable_volumes", "os-snapshot-manage", "manageable_snapshots"]
LIMITS = [None, 114688, 0, -1, 10, 59, 60, 1000]


def requests():
    """Whole requests: one case per tag set of requests.jsonl and
    requests-edge.jsonl, as raw HTTP/1.1 (raw_request) and as the parts
    format of request_headers (fuzz/src/lib.rs: request_input)."""
    seen = set()
    for name in ("requests.jsonl", "requests-edge.jsonl"):
        for line in (ROOT / "tests/fixtures/oracle" / name).read_text().splitlines():
            case = json.loads(line)
            tag = tuple(sorted(case["tags"]))
            if tag in seen or len(seen) >= 150:
                continue
            seen.add(tag)
            body = (base64.b64decode(case["body_b64"]) if case.get("body_b64") is not None
                    else case["body_text"].encode("utf-8", "surrogatepass"))
            if len(body) > 4000:
                continue
            fields = []
            for n, v in case["headers"].items():
                for one in (v if isinstance(v, list) else [v]):
                    fields.append((n, one.encode("latin-1")))
            chunked = any(n.lower() == "transfer-encoding" for n, _ in fields)
            raw = b"POST /v3/0123456789abcdef0123456789abcdef/%s HTTP/1.1\r\n" % case["endpoint"].encode()
            raw += b"".join(n.encode() + b": " + v + b"\r\n" for n, v in fields) + b"\r\n"
            raw += (b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body) if body else b"0\r\n\r\n") if chunked else body
            put("raw_request", raw)
            limit = case.get("max_request_body_size", 114688)
            sel = (LIMITS.index(limit) if limit in LIMITS else 0) << 1 | ENDPOINTS.index(case["endpoint"]) << 4
            parts = b"".join(n.encode() + b":" + v + b"\n" for n, v in fields) + b"\n" + body
            put("request_headers", bytes([sel]) + parts)
            put("request_headers", bytes([sel | 1]) + parts)


main()
