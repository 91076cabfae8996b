#!/usr/bin/env python3
"""Request-level oracle: judge whole HTTP requests to the Cinder 29.0.0
"manage existing" routes through Cinder's real paste pipeline.

Dev tool only; it does not run in CI.  See tests/fixtures/oracle/README.md
("Request-level cases") and docs/cinder/http.md.

    http_oracle.py [--server wsgi|eventlet] [--merge] < cases.jsonl > out.jsonl

Input, one JSON object per line (the shape of tests/fixtures/oracle/
requests.jsonl without "expected"):
  {"id", "endpoint": "os-volume-manage" | "manageable_volumes" |
                     "os-snapshot-manage" | "manageable_snapshots",
   "headers": {"Name": "value" | ["value", "value", ...], ...},
   "max_request_body_size": int            (optional; default: Cinder's),
   "body_text": "<raw body>" | "body_b64": "<base64 raw bytes>",
   "method": "POST", "path": "/v3/..."      (optional, exploration only)}

`headers` is the whole header set as the client sent it, in order; nothing
is added (no Content-Type, no Content-Length, no Host).  A list value is a
header name sent several times.  `Transfer-Encoding: chunked` sends the
body chunked (then the case has no Content-Length); otherwise a
Content-Length header, when present, must equal the body's byte length.

Output, one line per case: {"id", "expected": {...}}, or with --merge the
input case with "expected" added.  "expected" holds
  accepted, http_status, server_error, normalized   (as in corpus.jsonl)
  status        the status line, e.g. "413 Request Entity Too Large"
  content_type  the response Content-Type header (null when absent)
  body_text | body_b64   the exact response body (body_b64 when it is not
                UTF-8); both null for 202, whose body the stubbed view
                builders make up
  headers       the response headers as [name, value] pairs, in order,
                with request ids replaced by "req-<id>"
  layers        the pipeline stages the request entered, outermost first
  raw_error     only when server_error is not the message of a Cinder
                fault body: what the client would have to parse instead
                (see docs/cinder/http.md, "server_error")

How: the app is what cinder-api / cinder-wsgi build: oslo.config parsed
with no config files, `auth_strategy = noauth`, Cinder's
`config.set_middleware_defaults()`, then paste.deploy loads
`osapi_volume` from the api-paste.ini installed with the cinder package
(<venv>/etc/cinder/api-paste.ini): urlmap -> request_id, cors,
http_proxy_to_wsgi, faultwrap, sizelimit, osprofiler, noauth, apiv3
(APIRouter with every standard extension).  The faked server state is
cinder_oracle.Oracle's (policy, types, services, DB rows, RPC cast); the
RPC transport is oslo.messaging's "fake" driver, the database an empty
in-memory SQLite that no manage path touches, and at load time the RPC
clients see no running services (so they use their own versions).

Server layer (what turns bytes on the wire into the WSGI environ):
  --server wsgi      (default) a PEP 3333 container (uWSGI, mod_wsgi):
                     CONTENT_TYPE / CONTENT_LENGTH exist only when the
                     header was sent; a repeated header name is one field
                     whose values are joined with ", " (as Apache httpd
                     does); a chunked body is de-chunked, has no
                     CONTENT_LENGTH and wsgi.input_terminated is true.
  --server eventlet  the real eventlet.wsgi server that `cinder-api`
                     runs (oslo.service wsgi.Server defaults), fed the
                     request bytes over a loopback socket.
"""

import argparse
import base64
import html
import io
import json
import os
import re
import sys
import warnings

warnings.simplefilter("ignore")

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

_real_stdout = sys.stdout
sys.stdout = io.StringIO()
try:
    import cinder_oracle as co  # noqa: E402  (imports Cinder)
    from unittest import mock  # noqa: E402
    from oslo_config import cfg  # noqa: E402
    from oslo_messaging import transport as om_transport  # noqa: E402
    from paste import deploy  # noqa: E402
    from cinder import objects  # noqa: E402
    from cinder import rpc  # noqa: E402
    from cinder.common import config as cinder_config  # noqa: E402
    from cinder.api.openstack import wsgi as cinder_wsgi  # noqa: E402
    from cinder.api.v3 import router as v3_router  # noqa: E402
finally:
    sys.stdout = _real_stdout

CONF = cfg.CONF
PROJECT = co.PROJECT
DEFAULT_PASTE_INI = os.path.join(sys.prefix, "etc", "cinder",
                                 "api-paste.ini")
ENDPOINTS = ("os-volume-manage", "manageable_volumes", "os-snapshot-manage",
             "manageable_snapshots")
REQ_ID_RE = re.compile(
    r"req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
FAULT_NAMES = set(cinder_wsgi.Fault._fault_names.values()) | {"computeFault"}


class _Stream(object):
    """A request body stream as a server hands it over: read-only, not
    seekable, EOF after the last byte."""

    def __init__(self, data):
        self._b = io.BytesIO(data)

    def read(self, size=-1):
        return self._b.read(-1 if size is None else size)

    def readline(self, size=-1):
        return self._b.readline(size)

    def readlines(self, hint=-1):
        return self._b.readlines(hint)

    def __iter__(self):
        return iter(self._b)


def header_items(headers):
    """[(name, value)] in the order sent; a list value is a repeated name."""
    items = []
    for name, value in (headers or {}).items():
        for v in (value if isinstance(value, list) else [value]):
            items.append((name, v))
    return items


class HttpOracle(object):
    def __init__(self, paste_ini=DEFAULT_PASTE_INI, server="wsgi"):
        self.server = server
        CONF([], project="cinder", default_config_files=[],
             default_config_dirs=[])
        cinder_config.set_middleware_defaults()
        CONF.register_opts(om_transport._transport_opts)
        CONF.set_override("transport_url", "fake:/")
        CONF.set_override("connection", "sqlite://", group="database")
        CONF.set_override("auth_strategy", "noauth")
        rpc.init(CONF)
        self.oracle = co.Oracle(build_apps=False)

        routers = []
        real_init = v3_router.APIRouter.__init__

        def init(router, *a, **k):
            routers.append(router)
            real_init(router, *a, **k)

        no_services = dict(get_minimum_obj_version=lambda *a, **k: None,
                           get_minimum_rpc_version=lambda *a, **k: None)
        sys.stdout = io.StringIO()
        try:
            with self.oracle.bare_volume_api(), \
                    mock.patch.object(v3_router.APIRouter, "__init__", init), \
                    mock.patch.multiple(objects.Service, **no_services):
                self.app = deploy.loadapp("config:" + paste_ini,
                                          name="osapi_volume")
        finally:
            sys.stdout = _real_stdout
        (self.router,) = routers
        for name in ENDPOINTS:
            self.oracle.instrument(self.router.resources[name].controller)
        self._resource_names = {id(r): n
                                for n, r in self.router.resources.items()}
        self.trace = []
        self._wrap_layers()
        if server == "eventlet":
            self._start_eventlet()

    # ---- which stages a request entered ----
    def _wrap_layers(self):
        """Put a recording pass-through in front of each stage of the /v3
        pipeline (a plain WSGI call; nothing else changes)."""
        v3 = dict((path, app) for (_, path), app in self.app.applications)
        layer = v3["/v3"]
        names = []
        while layer is not None:
            name = type(layer).__name__
            names.append(name)
            if hasattr(layer, "_application"):  # cinder RequestId
                attr = "_application"
            elif hasattr(layer, "application"):
                attr = "application"
            else:
                break
            inner = getattr(layer, attr)
            setattr(layer, attr, self._recorder(type(inner).__name__, inner))
            layer = inner
        self.pipeline = names
        outer = v3["/v3"]
        self.app.applications = [
            (k, self._recorder(type(outer).__name__, a)
             if a is outer else a) for k, a in self.app.applications]

    def _recorder(self, name, inner):
        trace = self.trace

        oracle = self

        def app(environ, start_response):
            trace.append(name)
            oracle.environ = environ
            return inner(environ, start_response)
        return app

    # ---- server layers ----
    def _environ(self, method, path, items, body):
        env = {
            "REQUEST_METHOD": method, "SCRIPT_NAME": "", "PATH_INFO": path,
            "QUERY_STRING": "", "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8776", "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1", "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http", "wsgi.input": _Stream(body),
            "wsgi.errors": io.StringIO(), "wsgi.multithread": False,
            "wsgi.multiprocess": False, "wsgi.run_once": False,
            "wsgi.input_terminated": True,
        }
        for name, value in items:
            value = value.strip(" \t")  # a field value has no outer OWS
            key = name.upper().replace("-", "_")
            if key not in ("CONTENT_TYPE", "CONTENT_LENGTH"):
                key = "HTTP_" + key
            env[key] = env[key] + ", " + value if key in env else value
        return env

    def _call_wsgi(self, env):
        status_headers = []

        def start_response(status, headers, exc_info=None):
            status_headers[:] = [status, list(headers)]

        try:
            it = self.app(env, start_response)
            try:
                body = b"".join(it)
            finally:
                if hasattr(it, "close"):
                    it.close()
        except Exception as e:  # escaped the whole app: the server's 500
            return None, None, None, "%s: %s" % (type(e).__name__, e)
        return status_headers[0], status_headers[1], body, None

    def _start_eventlet(self):
        import eventlet
        import eventlet.wsgi
        import logging
        from oslo_service import _options as os_opts
        CONF.register_opts(os_opts.wsgi_opts)
        eventlet.wsgi.MAX_HEADER_LINE = CONF.max_header_line
        self._eventlet = eventlet
        self._listener = eventlet.listen(("127.0.0.1", 0))
        self._addr = self._listener.getsockname()
        log = logging.getLogger("eventlet.wsgi.server")
        log.disabled = True
        self._server = eventlet.spawn(
            eventlet.wsgi.server, self._listener, self.app, log=log,
            log_output=False, debug=CONF.wsgi_server_debug,
            keepalive=CONF.wsgi_keep_alive,
            socket_timeout=CONF.client_socket_timeout)

    def _call_eventlet(self, method, path, items, body, chunked):
        head = ["%s %s HTTP/1.1" % (method, path)]
        head += ["%s: %s" % (n, v) for n, v in items]
        raw = ("\r\n".join(head) + "\r\n\r\n").encode("latin-1")
        if chunked:
            parts = [body[i:i + 16384] for i in range(0, len(body), 16384)]
            for p in parts:
                raw += b"%x\r\n" % len(p) + p + b"\r\n"
            raw += b"0\r\n\r\n"
        else:
            raw += body
        sock = self._eventlet.connect(self._addr)
        sock.sendall(raw)
        sock.shutdown(1)  # no further requests on this connection
        data = b""
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
        sock.close()
        while data.startswith(b"HTTP/1.1 100 "):  # interim (Expect)
            data = data.partition(b"\r\n\r\n")[2]
        head, _, rbody = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = lines[0].split(" ", 1)[1]
        headers = [tuple(x.split(": ", 1)) for x in lines[1:]]
        if any(n.lower() == "transfer-encoding" and v.lower() == "chunked"
               for n, v in headers):
            rbody = _dechunk(rbody)
        return status, headers, rbody, None

    # ---- one case ----
    def judge(self, case):
        self.oracle.captured = {}
        del self.trace[:]
        self.environ = None
        endpoint = case["endpoint"]
        kind = "snapshot" if "snapshot" in endpoint else "volume"
        if case.get("body_b64") is not None:
            body = base64.b64decode(case["body_b64"])
        else:
            body = case["body_text"].encode("utf-8", "surrogatepass")
        items = header_items(case.get("headers"))
        lower = [(n.lower(), v) for n, v in items]
        chunked = ("transfer-encoding", "chunked") in [
            (n, v.lower()) for n, v in lower]
        for n, v in lower:
            if n == "content-length" and (chunked or v != str(len(body))):
                raise ValueError("Content-Length %r does not frame a body of"
                                 " %d bytes" % (v, len(body)))
        if body and not chunked and "content-length" not in dict(lower):
            raise ValueError("a body needs Content-Length or chunked")
        method = case.get("method", "POST")
        path = case.get("path", "/v3/%s/%s" % (PROJECT, endpoint))

        limit = case.get("max_request_body_size")
        if limit is None:
            CONF.clear_override("max_request_body_size",
                                group="oslo_middleware")
        else:
            CONF.set_override("max_request_body_size", limit,
                              group="oslo_middleware")

        if self.server == "eventlet":
            status, headers, rbody, escaped = self._call_eventlet(
                method, path, items, body, chunked)
        else:
            status, headers, rbody, escaped = self._call_wsgi(
                self._environ(method, path, items, body))
        return self._verdict(kind, status, headers, rbody, escaped)

    def _verdict(self, kind, status, headers, rbody, escaped):
        layers = list(self.trace)
        env = getattr(self, "environ", None) or {}
        match = (env.get("wsgiorg.routing_args") or ((), {}))[1] or {}
        if id(match.get("controller")) in self._resource_names:
            layers.append("Resource:%s.%s" % (
                self._resource_names[id(match["controller"])],
                match.get("action")))
        if "volume_call" in self.oracle.captured or \
                "snapshot_call" in self.oracle.captured:
            layers.append("volume.API")
        exp = {"accepted": False, "http_status": None, "server_error": None,
               "normalized": None, "status": status, "content_type": None,
               "body_text": None, "body_b64": None, "headers": None,
               "layers": layers}
        if escaped is not None:
            # Nothing answered inside Cinder; the server sends its own 500.
            exp.update(http_status=500, status=None,
                       raw_error="app-exception: " + escaped)
            return exp
        code = int(status.split()[0])
        exp["http_status"] = code
        exp["accepted"] = code == 202
        hdrs = [[n, REQ_ID_RE.sub("req-<id>", v)] for n, v in headers]
        exp["headers"] = hdrs
        ctype = [v for n, v in headers if n.lower() == "content-type"]
        exp["content_type"] = ctype[0] if ctype else None
        if code == 202:
            exp["normalized"] = self.oracle._normalized(kind, None)
            return exp
        try:
            exp["body_text"] = rbody.decode("utf-8")
        except UnicodeDecodeError:
            exp["body_b64"] = base64.b64encode(rbody).decode("ascii")
        if code >= 400:
            exp["server_error"], raw = server_error(exp["content_type"],
                                                    rbody)
            if raw is not None:
                exp["raw_error"] = raw
        return exp


def _dechunk(data):
    out = b""
    while data:
        size, _, data = data.partition(b"\r\n")
        n = int(size.split(b";")[0], 16)
        if n == 0:
            break
        out += data[:n]
        data = data[n + 2:]
    return out


# webob.exc.WSGIHTTPException's default body template is
#   "${explanation}<br /><br />\n${detail}\n${html_comment}\n"
# and every webob error in this pipeline has an explanation and no detail
# or comment.  json_body keeps the template as it is; plain_body runs
# strip_tags (newlines -> spaces, <br /> -> newline) and puts
# "<status>\n\n" in front; html_body puts it inside a fixed page.
WEBOB_JSON_TAIL = "<br /><br />\n\n\n"
WEBOB_PLAIN_TAIL = "\n\n   "
WEBOB_HTML_TAIL = "<br /><br />\n\n\n\n </body>\n</html>"


def server_error(content_type, body):
    """(server_error, raw_error).  A Cinder fault body
    {"<faultName>": {"code": n, "message": m}} gives m and no raw_error.
    A body rendered by webob's WSGIHTTPException gives its explanation
    (the text between webob's fixed head and tail) and raw_error names the
    rendering.  See docs/cinder/http.md, "server_error"."""
    if not body:
        return None, "empty-body"
    base = (content_type or "").split(";")[0]
    text = body.decode("utf-8", "surrogateescape")
    if base == "application/json":
        try:
            doc = json.loads(text)
        except ValueError:
            doc = None
        if isinstance(doc, dict) and len(doc) == 1:
            (name, inner), = doc.items()
            if name in FAULT_NAMES and isinstance(inner, dict) and \
                    "message" in inner:
                return inner["message"], None
        if isinstance(doc, dict) and list(doc) == ["message", "code",
                                                   "title"]:
            msg = doc["message"]
            if msg.endswith(WEBOB_JSON_TAIL):
                return msg[:-len(WEBOB_JSON_TAIL)], "webob-json"
    elif base == "text/plain":
        head, sep, rest = text.partition("\n\n")
        if sep and rest.endswith(WEBOB_PLAIN_TAIL):
            return rest[:-len(WEBOB_PLAIN_TAIL)], "webob-plain"
    elif base == "text/html":
        m = re.search(r"<h1>[^<]*</h1>\n  (.*)$", text, re.S)
        if m and m.group(1).endswith(WEBOB_HTML_TAIL):
            return (html.unescape(m.group(1)[:-len(WEBOB_HTML_TAIL)]),
                    "webob-html")
    raise ValueError("unrecognised error body %r (%s)" % (body[:200],
                                                         content_type))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", choices=("wsgi", "eventlet"), default="wsgi")
    ap.add_argument("--merge", action="store_true")
    ap.add_argument("--paste-ini", default=DEFAULT_PASTE_INI)
    args = ap.parse_args()
    oracle = HttpOracle(args.paste_ini, args.server)
    out = sys.stdout
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        case = json.loads(line)
        try:
            exp = oracle.judge(case)
        except Exception as e:  # oracle bug or bad case, not a verdict
            exp = {"oracle_error": repr(e)}
        if args.merge:
            case["expected"] = exp
            res = case
        else:
            res = {"id": case.get("id"), "expected": exp}
        out.write(json.dumps(res, ensure_ascii=True, allow_nan=True) + "\n")
    out.flush()


if __name__ == "__main__":
    main()
