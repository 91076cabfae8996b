#!/usr/bin/env python3
"""Record, byte for byte, the request a real OpenStack client sends for a
"manage existing" command line, or the client's own refusal.

Dev tool only (CI replays the committed fixtures). Runs inside the venv made
by scripts/clients/setup-venv.sh; see tests/fixtures/clients/README.md.

    capture.py [cases.jsonl] [-o captured.jsonl] [--only ID]

Input, one JSON object a line:
    {"id": "...", "command": "cinder manage h@b#p vol1",
     "server_max": "3.71",            (optional, default 3.71)
     "env": {"OS_VOLUME_API_VERSION": "3.5"}}   (optional, added to the auth
                                                 env; null removes a variable)

The command is split with shlex (POSIX rules); its first word must be
`cinder` or `openstack`, the rest goes unchanged to the client's real entry
point (cinderclient.shell.main / openstackclient.shell.main) as argv. Auth
comes from OS_* environment variables (a fixed set, below), so no argument of
the command has to change.

Nothing of the clients is patched. Only HTTP is faked, with requests-mock
(every request through `requests` is answered by FakeCloud below; a request
it does not know gets a 404 and is flagged). Each case runs in a forked child
so no state leaks between cases; the child's file descriptors 1 and 2 are
files, so everything the client prints (print, logging, argparse) is kept
exactly.

The cases of each client run in one worker process (started with
PYTHONHASHSEED=0) that has imported only that client's entry module, as its
console script would; the worker forks once per case.

Output, one JSON object a line, in input order (see the README for fields).
Exit status 1 when any case had a harness problem (an unanswered request, a
traceback in the harness, a manage request sent but a failing exit code).
"""

import argparse
import json
import os
import re
import shlex
import shutil
import sys
import tempfile
import traceback
import urllib.parse

import subprocess
from importlib.metadata import version as pkg_version

import requests_mock

IDENTITY = "https://identity.example.test"
VOLUME = "https://volume.example.test"
PROJECT_ID = "0d2a3f6ee1ab4a7f9f1a7e5c6b4d3c21"
USER_ID = "5b1c2f6a9e0d4c8b8a7f6e5d4c3b2a10"
TOKEN = "gAAAAABfaketoken0000000000000000"
REGION = "RegionOne"
NEW_VOLUME_ID = "9f0c4a2e-6d1b-4c3e-8a5f-0b1c2d3e4f50"
NEW_SNAPSHOT_ID = "7e1d2c3b-4a59-4687-9a8b-c1d2e3f4a5b6"
SERVER_MIN = "3.0"
DEFAULT_SERVER_MAX = "3.71"

# The auth environment every case gets (a case's "env" is added on top).
BASE_ENV = {
    "OS_AUTH_URL": IDENTITY + "/v3",
    "OS_USERNAME": "admin",
    "OS_PASSWORD": "secret",
    "OS_PROJECT_NAME": "admin",
    "OS_USER_DOMAIN_NAME": "Default",
    "OS_PROJECT_DOMAIN_NAME": "Default",
    "OS_IDENTITY_API_VERSION": "3",
    "OS_REGION_NAME": REGION,
    "OS_INTERFACE": "public",
}

# The volumes the fake cloud knows (snapshot manage looks its volume up).
VOLUMES = [
    {"id": "11111111-2222-4333-8444-555555555555", "name": "vol1"},
    {"id": "22222222-3333-4444-8555-666666666666", "name": "Data Volume"},
    {"id": "33333333-4444-4555-8666-777777777777", "name": "dup"},
    {"id": "44444444-5555-4666-8777-888888888888", "name": "dup"},
    {"id": "55555555-6666-4777-8888-999999999999", "name": "12345"},
    {"id": "66666666-7777-4888-8999-aaaaaaaaaaaa", "name": "donn\u00e9es"},
    {"id": "77777777-8888-4999-8aaa-bbbbbbbbbbbb", "name": None},
]

# Request headers kept in the output; every other header name is listed in
# "headers_dropped" (values of dropped headers are never recorded).
KEPT_HEADERS = (
    "openstack-api-version",
    "x-openstack-volume-api-version",
    "content-type",
    "content-length",
    "accept",
    "content-encoding",
    "transfer-encoding",
)

MANAGE_PATHS = ("/os-volume-manage", "/manageable_volumes",
                "/os-snapshot-manage", "/manageable_snapshots")


def _version_doc(base, server_max):
    """Cinder's version document (cinder/api/versions.py, views/versions.py)."""
    return {
        "id": "v3.0",
        "status": "CURRENT",
        "version": server_max,
        "min_version": SERVER_MIN,
        "updated": "2023-08-31T00:00:00Z",
        "links": [
            {"rel": "describedby", "type": "text/html",
             "href": "https://docs.openstack.org/"},
            {"rel": "self", "href": base + "/v3/"},
        ],
        "media-types": [{
            "base": "application/json",
            "type": "application/vnd.openstack.volume+json;version=3",
        }],
    }


def _volume_view(vol, extra=None):
    v = {
        "id": vol["id"],
        "name": vol["name"],
        "status": "available",
        "size": 1,
        "availability_zone": "nova",
        "created_at": "2026-01-01T00:00:00.000000",
        "updated_at": None,
        "description": None,
        "volume_type": "__DEFAULT__",
        "snapshot_id": None,
        "source_volid": None,
        "metadata": {},
        "bootable": "false",
        "encrypted": False,
        "multiattach": False,
        "attachments": [],
        "user_id": USER_ID,
        "os-vol-tenant-attr:tenant_id": PROJECT_ID,
        "links": [{"rel": "self",
                   "href": "%s/v3/%s/volumes/%s" % (VOLUME, PROJECT_ID,
                                                     vol["id"])}],
    }
    if extra:
        v.update(extra)
    return v


class FakeCloud:
    """Answers every HTTP request the clients make, and records them."""

    def __init__(self, server_max):
        self.server_max = server_max
        self.calls = []          # every request, in order
        self.unknown = []        # requests this fake had no answer for

    # requests-mock matcher: returns a requests.Response or None
    def __call__(self, request):
        resp = self.answer(request)
        return resp

    def _json(self, request, status, body, headers=None):
        return requests_mock.create_response(
            request, status_code=status, json=body, headers=headers or {})

    def _not_found(self, request, what="The resource could not be found."):
        return self._json(request, 404, {"itemNotFound": {
            "code": 404, "message": what}})

    def answer(self, request):
        url = urllib.parse.urlsplit(request.url)
        base = "%s://%s" % (url.scheme, url.netloc)
        path = url.path
        query = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        method = request.method
        self.calls.append(request)

        if base == IDENTITY:
            return self.identity(request, method, path)
        if base != VOLUME:
            self.unknown.append(request)
            return self._not_found(request)

        if method == "GET" and path == "/":
            return self._json(request, 300, {"versions": [
                _version_doc(VOLUME, self.server_max)]})
        if method == "GET" and path in ("/v3", "/v3/"):
            return self._json(request, 200, {"versions": [
                _version_doc(VOLUME, self.server_max)]})
        prefix = "/v3/" + PROJECT_ID
        if not (path == prefix or path.startswith(prefix + "/")):
            self.unknown.append(request)
            return self._not_found(request)
        rest = path[len(prefix):]

        if method == "POST" and rest in ("/os-volume-manage",
                                         "/manageable_volumes"):
            body = json.loads(request.body or "{}").get("volume") or {}
            vol = {"id": NEW_VOLUME_ID,
                   "name": body.get("name") if isinstance(body, dict) else None}
            return self._json(request, 202, {"volume": _volume_view(
                vol, {"status": "creating", "size": 0})})
        if method == "POST" and rest in ("/os-snapshot-manage",
                                         "/manageable_snapshots"):
            body = json.loads(request.body or "{}").get("snapshot") or {}
            return self._json(request, 202, {"snapshot": self._snapshot(body)})
        if method == "GET" and rest == "/volumes/" + NEW_VOLUME_ID:
            return self._json(request, 200, {"volume": _volume_view(
                {"id": NEW_VOLUME_ID, "name": None}, {"status": "creating"})})
        if method == "GET" and rest == "/snapshots/" + NEW_SNAPSHOT_ID:
            return self._json(request, 200, {"snapshot": self._snapshot({})})
        if method == "GET" and rest.startswith("/volumes/") and \
                rest.count("/") == 2 and rest != "/volumes/detail":
            vid = urllib.parse.unquote(rest[len("/volumes/"):])
            for vol in VOLUMES:
                if vol["id"] == vid:
                    return self._json(request, 200,
                                      {"volume": _volume_view(vol)})
            return self._not_found(
                request, "Volume %s could not be found." % vid)
        if method == "GET" and rest in ("/volumes", "/volumes/detail"):
            found = VOLUMES
            for key in ("name", "display_name"):
                if key in query:
                    found = [v for v in found if v["name"] == query[key][0]]
            if "id" in query:
                found = [v for v in found if v["id"] == query["id"][0]]
            return self._json(request, 200, {"volumes": [
                _volume_view(v) for v in found]})

        self.unknown.append(request)
        return self._not_found(request)

    def _snapshot(self, body):
        return {
            "id": NEW_SNAPSHOT_ID,
            "name": body.get("name") if isinstance(body, dict) else None,
            "description": None,
            "status": "creating",
            "size": 1,
            "volume_id": (body.get("volume_id") if isinstance(body, dict)
                          else None) or VOLUMES[0]["id"],
            "metadata": {},
            "created_at": "2026-01-01T00:00:00.000000",
            "updated_at": None,
        }

    def identity(self, request, method, path):
        v3 = {
            "id": "v3.14",
            "status": "stable",
            "updated": "2020-04-07T00:00:00Z",
            "links": [{"rel": "self", "href": IDENTITY + "/v3/"}],
            "media-types": [{
                "base": "application/json",
                "type": "application/vnd.openstack.identity-v3+json"}],
        }
        if method == "GET" and path == "/":
            return self._json(request, 300, {"versions": {"values": [v3]}})
        if method == "GET" and path in ("/v3", "/v3/"):
            return self._json(request, 200, {"version": v3})
        if method == "POST" and path == "/v3/auth/tokens":
            return self._json(request, 201, {"token": self._token()},
                              {"X-Subject-Token": TOKEN})
        self.unknown.append(request)
        return self._not_found(request)

    def _token(self):
        def endpoints(url):
            return [{"id": "%s%d" % (iface[0] * 8, i), "interface": iface,
                     "region": REGION, "region_id": REGION, "url": url}
                    for i, iface in enumerate(("public", "internal", "admin"))]
        vol_url = "%s/v3/%s" % (VOLUME, PROJECT_ID)
        return {
            "methods": ["password"],
            "user": {"id": USER_ID, "name": "admin",
                     "domain": {"id": "default", "name": "Default"},
                     "password_expires_at": None},
            "project": {"id": PROJECT_ID, "name": "admin",
                        "domain": {"id": "default", "name": "Default"}},
            "roles": [{"id": "r0", "name": "admin"},
                      {"id": "r1", "name": "member"},
                      {"id": "r2", "name": "reader"}],
            "is_domain": False,
            "expires_at": "2099-01-01T00:00:00.000000Z",
            "issued_at": "2026-01-01T00:00:00.000000Z",
            "audit_ids": ["fakeaudit000000000000"],
            "catalog": [
                {"id": "c-identity", "type": "identity", "name": "keystone",
                 "endpoints": endpoints(IDENTITY + "/v3")},
                {"id": "c-block-storage", "type": "block-storage",
                 "name": "cinder", "endpoints": endpoints(vol_url)},
                {"id": "c-volumev3", "type": "volumev3", "name": "cinderv3",
                 "endpoints": endpoints(vol_url)},
            ],
        }


SITE_PACKAGES = os.path.dirname(os.path.dirname(requests_mock.__file__))
_ADDRESS = re.compile(r" at 0x[0-9a-f]+>")
# A --timing table (cliff/osc-lib) whose column widths follow the printed
# floats: the whole table is replaced by its URL column.
_TIMING_TABLE = re.compile(
    r"^\+-+\+-+\+\n\| URL +\| +Seconds \|\n\+-+\+-+\+\n"
    r"((?:\|.*\|\n)*)\+-+\+-+\+\n", re.M)


_DEBUG_OUTPUT = re.compile(r"^(DEBUG:|INFO:|START with options:|REQ: curl |"
                           r".*Warning: )", re.M)


def normalize(text, home):
    """Masks what changes from run to run or machine to machine in what a
    client prints (debug and timing output only; ordinary messages hold
    none of it): object addresses, --timing tables (their widths follow the
    elapsed seconds), the venv's site-packages path and the per-case HOME."""
    text = _ADDRESS.sub(" at 0x...>", text)
    text = _TIMING_TABLE.sub(
        lambda m: "<timing table, seconds masked>\n" + "".join(
            "| %s |\n" % row.split("|")[1].strip()
            for row in m.group(1).splitlines()),
        text)
    text = text.replace(SITE_PACKAGES + os.sep, "<site-packages>/")
    text = text.replace(home, "<home>")
    return text


def _text(body):
    if body is None:
        return None
    if isinstance(body, bytes):
        return body.decode("utf-8")
    return body


def _request_record(request):
    url = urllib.parse.urlsplit(request.url)
    path = url.path
    service = "identity" if url.netloc.startswith("identity") else "volume"
    prefix = "/v3/" + PROJECT_ID
    if service == "volume" and (path == prefix or
                                path.startswith(prefix + "/")):
        path = path[len(prefix):]
    return {"service": service, "method": request.method,
            "path": path + ("?" + url.query if url.query else "")}


def run_client(client, argv):
    """Runs the client's real entry point the way its console script does;
    returns the process exit code."""
    try:
        if client == "cinder":
            import cinderclient.shell
            sys.argv = ["cinder"] + argv
            sys.exit(cinderclient.shell.main())
        import openstackclient.shell
        sys.argv = ["openstack"] + argv
        sys.exit(openstackclient.shell.main())
    except SystemExit as e:
        code = e.code
        if code is None:
            return 0
        if isinstance(code, int):
            return code
        print(code, file=sys.stderr)
        return 1


def child(case, home, result_path):
    """Runs one case in a forked child; writes its record to result_path."""
    words = shlex.split(case["command"])
    client, argv = words[0], words[1:]
    env = dict(BASE_ENV)
    for key, value in (case.get("env") or {}).items():
        if value is None:
            env.pop(key, None)       # null removes a variable of BASE_ENV
        else:
            env[key] = value
    env.update({"HOME": home, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
                "LC_ALL": "C.UTF-8", "COLUMNS": "80", "LINES": "25",
                "TERM": "dumb"})
    os.environ.clear()
    os.environ.update(env)
    os.chdir(home)

    out_f = open(os.path.join(home, "stdout"), "wb")
    err_f = open(os.path.join(home, "stderr"), "wb")
    sys.stdout.flush()
    sys.stderr.flush()
    os.dup2(out_f.fileno(), 1)
    os.dup2(err_f.fileno(), 2)
    sys.stdout.reconfigure(encoding="utf-8")
    sys.stderr.reconfigure(encoding="utf-8")
    stdin = open(os.devnull)
    os.dup2(stdin.fileno(), 0)

    cloud = FakeCloud(case.get("server_max") or DEFAULT_SERVER_MAX)
    harness_error = None
    with requests_mock.Mocker(real_http=False) as m:
        m.add_matcher(cloud)
        try:
            code = run_client(client, argv)
        except BaseException:  # noqa: the harness must report, not die
            code = None
            harness_error = traceback.format_exc()
    sys.stdout.flush()
    sys.stderr.flush()
    with open(os.path.join(home, "stdout"), "rb") as f:
        stdout = normalize(f.read().decode("utf-8", "surrogateescape"), home)
    with open(os.path.join(home, "stderr"), "rb") as f:
        stderr = normalize(f.read().decode("utf-8", "surrogateescape"), home)

    manage = [r for r in cloud.calls if r.method == "POST" and
              _request_record(r)["path"] in MANAGE_PATHS]
    rec = {
        "exit_code": code,
        "stdout": stdout,
        "stderr": stderr,
        "calls": [_request_record(r) for r in cloud.calls],
        "unknown_calls": [_request_record(r) for r in cloud.unknown],
        "harness_error": harness_error,
        "manage": None,
    }
    if manage:
        r = manage[0]
        headers, dropped = {}, []
        for name, value in r.headers.items():
            if name.lower() in KEPT_HEADERS:
                headers[name] = value
            else:
                dropped.append(name)
        rec["manage"] = {
            "count": len(manage),
            "method": r.method,
            "path": _request_record(r)["path"],
            "headers": headers,
            "headers_dropped": sorted(dropped, key=str.lower),
            "body_text": _text(r.body),
        }
    with open(result_path, "w", encoding="utf-8") as f:
        json.dump(rec, f)


def capture(case):
    home = tempfile.mkdtemp(prefix="capture-home-")
    result_path = os.path.join(home, "result.json")
    pid = os.fork()
    if pid == 0:
        try:
            child(case, home, result_path)
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
    text = ""
    if os.path.exists(result_path):
        with open(result_path, encoding="utf-8") as f:
            text = f.read()
    shutil.rmtree(home)
    if not text:
        raise RuntimeError("case %s: child wrote no result" % case["id"])
    return json.loads(text)


def client_version(client):
    if client == "cinder":
        return "python-cinderclient " + pkg_version("python-cinderclient")
    return "python-openstackclient %s; openstacksdk %s" % (
        pkg_version("python-openstackclient"), pkg_version("openstacksdk"))


def record(case):
    client = client_of(case)
    got = capture(case)
    out = {
        "id": case["id"],
        "command": case["command"],
        "server_max": case.get("server_max") or DEFAULT_SERVER_MAX,
    }
    if case.get("env"):
        out["env"] = case["env"]
    out["client"] = client
    out["client_version"] = client_version(client)
    m = got["manage"]
    refused = None
    if m is None:
        refused = {"exit_code": got["exit_code"], "stdout": got["stdout"],
                   "stderr": got["stderr"]}
    out["refused"] = refused
    out["method"] = m["method"] if m else None
    out["path"] = m["path"] if m else None
    out["headers"] = m["headers"] if m else None
    out["body_text"] = m["body_text"] if m else None
    if m:
        out["exit_code"] = got["exit_code"]
        out["stderr"] = got["stderr"]
        out["headers_dropped"] = m["headers_dropped"]
    out["calls"] = got["calls"]
    # Output of --debug / -v / --timing (logging, curl lines, timing
    # tables): kept, but marked so that a reader can skip comparing it.
    if (_DEBUG_OUTPUT.search(got["stderr"])
            or "<timing table, seconds masked>" in got["stdout"]):
        out["debug_output"] = True
    problems = []
    if got["harness_error"]:
        problems.append("harness error:\n" + got["harness_error"])
    if got["unknown_calls"]:
        problems.append("unanswered requests: %s" % got["unknown_calls"])
    if m and m["count"] != 1:
        problems.append("%d manage requests" % m["count"])
    if m and got["exit_code"] != 0:
        problems.append("manage request sent but exit code %s"
                        % got["exit_code"])
    if problems:
        out["harness_problems"] = problems
    return out


def worker(client):
    """Runs the cases of one client, read as JSONL from stdin. Only that
    client's entry module is imported (as its console script does), so the
    other client's import-time side effects (cinderclient configures the root
    logger) cannot leak in; each case then runs in a forked child."""
    # argv[0] as the console script sets it: cliff takes the program name
    # shown in usage texts from sys.argv[0] when openstackclient is imported.
    sys.argv = [client]
    if client == "cinder":
        import cinderclient.shell  # noqa: F401
    else:
        import openstackclient.shell  # noqa: F401
    for line in sys.stdin:
        if not line.strip():
            continue
        rec = record(json.loads(line))
        sys.stdout.write(json.dumps(rec, ensure_ascii=False) + "\n")
        sys.stdout.flush()


def client_of(case):
    words = shlex.split(case["command"])
    if not words or words[0] not in ("cinder", "openstack"):
        raise ValueError("case %s: first word must be cinder or openstack"
                         % case.get("id"))
    return words[0]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("input", nargs="?", help="cases JSONL (default stdin)")
    ap.add_argument("-o", "--output", help="output JSONL (default stdout)")
    ap.add_argument("--only", help="run only the case with this id")
    ap.add_argument("--worker", choices=("cinder", "openstack"),
                    help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker(args.worker)
        return
    src = open(args.input, encoding="utf-8") if args.input else sys.stdin
    cases = [json.loads(line) for line in src if line.strip()]
    if args.only:
        cases = [c for c in cases if c["id"] == args.only]
    ids = [c["id"] for c in cases]
    if len(set(ids)) != len(ids):
        sys.exit("capture: duplicate case ids")
    results = {}
    for client in ("cinder", "openstack"):
        mine = [c for c in cases if client_of(c) == client]
        if not mine:
            continue
        # A fixed string-hash seed: some texts the clients print come from
        # iterating sets of strings (openstackclient's global usage lists
        # keystoneauth's auth options that way; keystoneauth's debug log
        # names content types that way), so they differ between runs of
        # the real clients unless the seed is fixed.
        env = dict(os.environ, PYTHONHASHSEED="0")
        proc = subprocess.run(
            [sys.executable, os.path.abspath(__file__), "--worker", client],
            env=env,
            input="".join(json.dumps(c, ensure_ascii=False) + "\n"
                          for c in mine),
            capture_output=True, text=True, encoding="utf-8")
        if proc.returncode != 0:
            sys.stderr.write(proc.stderr)
            sys.exit("capture: %s worker failed" % client)
        for line in proc.stdout.split("\n"):
            if not line:
                continue
            rec = json.loads(line)
            results[rec["id"]] = rec
    out = open(args.output, "w", encoding="utf-8") if args.output \
        else sys.stdout
    bad = 0
    for case in cases:
        rec = results[case["id"]]
        if "harness_problems" in rec:
            bad += 1
            print("capture: %s: %s" % (rec["id"], rec["harness_problems"]),
                  file=sys.stderr)
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    out.flush()
    if bad:
        print("capture: %d case(s) with harness problems" % bad,
              file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
