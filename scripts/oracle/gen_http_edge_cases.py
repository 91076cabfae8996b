#!/usr/bin/env python3
"""Edge cases for the request-level oracle, beyond gen_http_cases.py: the
corners of each rule in docs/cinder/http.md where a re-implementation is
most likely to go wrong.  Same line format as gen_http_cases.py (tag "edge"
plus one tag per family).

    python3 gen_http_edge_cases.py > edge.jsonl

Families:
  accept      webob's Accept grammar (valid and invalid values, parameters,
              qvalues, extensions, quoted strings, obs-text) x the outcomes
              that render it (webob 413, Cinder fault, 202)
  version     OpenStack-API-Version values with Python whitespace, commas,
              ISO-8859-1 characters, huge numbers, legacy-looking versions
  ctype       Content-Type values around the exact comparison
  form-url    urlencoded bodies: percent escapes, '+', repeated and empty
              _method, characters whose upper() is ASCII, charsets
  form-multi  multipart bodies: boundaries, part headers (continuations,
              CR-only and LF-only line ends, 'From ' lines), filenames,
              transfer encodings, part charsets, nested parts, part
              Content-Length, long lines, preambles, missing final boundary
  repeat      repeated Accept / version / Content-Type fields
  size        limits around form bodies and empty bodies

Deterministic (no randomness).  Header names never hold '_' (the servers
differ on those; see docs/cinder/http.md).
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_http_cases import Gen, VALID, INVALID, MALFORMED  # noqa: E402

URL = "application/x-www-form-urlencoded"


def multipart(boundary, parts, end=True, crlf="\r\n", preamble=""):
    out = preamble
    for headers, value in parts:
        out += "--" + boundary + crlf
        for h in headers:
            out += h + crlf
        out += crlf + value + crlf
    if end:
        out += "--" + boundary + "--" + crlf
    return out


def disp(name, extra=""):
    return 'Content-Disposition: form-data; name="%s"%s' % (name, extra)


def main():
    g = Gen()

    def add(family, body, ctype=None, version="volume 3.16", accept=None,
            transfer="length", limit=None, extra=None,
            endpoint="os-volume-manage"):
        g.add(["edge", family], endpoint, body, ctype=ctype, version=version,
              accept=accept, transfer=transfer, limit=limit, extra=extra)

    # ---- accept ----------------------------------------------------------
    accepts = [
        "application/json;q=0.5, application/vnd.openstack.volume+json;q=0.6",
        "application/vnd.openstack.volume+json;q=0.5, application/json;q=0.5",
        "application/vnd.openstack.volume+json, application/json;q=1.0",
        "APPLICATION/VND.OPENSTACK.VOLUME+JSON", "Application/Json",
        "application/json;v=1", "application/json;v=1, */*;q=0.1",
        "application/vnd.openstack.volume+json;v=1",
        "*/*, application/json;q=0.5", "*/*;q=0.5, application/json;q=0.4",
        "application/*;q=0.2, application/vnd.openstack.volume+json;q=0.3",
        "text/*", "text/*;q=0.1, application/json;q=0.1", "text/html;level=1",
        "text/html;q=0.001", "text/html;q=0.000", "text/html;Q=1",
        "text/html;q=1.000", "text/html;q=1.0001", "text/html;q=0.1234",
        "text/html;q=2", "text/html;q=", "text/html ;q=0.5",
        "text/html; q=0.5", "text/html;q =0.5", "text/html;q=0.5;ext",
        "text/html;q=0.5;ext=\"a,b\"", "text/html;x=\"q\\\"\";q=0.5",
        "text/html;x=\"unterminated", "text/html;q=0.5;", ",text/html",
        ",,text/html", "text/html,", "text/html, ,application/json",
        "text/html,,application/json", "text/html , application/json",
        "text/html\t,\tapplication/json", "text/html, ", "*", "*/json",
        "application", "text/html;x=\xe9", "text/html;x=\"\xe9\"",
        "\xe9/html", "text/html;q=0, text/html", "text/html, text/html;q=0",
        "application/json;q=0, application/*", "application/*, application/json;q=0",
        "application/json;q=0.0, */*",
    ]
    outcomes = [
        ("413", VALID["volume"], "application/json", None, 10, "length"),
        ("415", VALID["volume"], "text/plain", None, None, "length"),
        ("400", INVALID["volume"], "application/json", None, None, "length"),
        ("202", VALID["volume"], "application/json", None, None, "length"),
    ]
    for acc in accepts:
        for _, body, ct, mv, lim, tr in outcomes:
            add("accept", body, ctype=ct, version=mv, accept=acc,
                transfer=tr, limit=lim)

    # ---- version ---------------------------------------------------------
    versions = [
        "volume\t3.16", "volume\xa03.16", "volume\x853.16", "volume\x1c3.16",
        "\xa0volume 3.16", "volume 3.16\xa0", "volume  3.16", ",volume 3.16",
        "volume 3.16,", "volume 3.16, volume 3.99", "compute 2.1,volume 3.8",
        "xvolume 3.8", "volumes 3.8", "volume 3.8x", "volume 03.8",
        "volume 3.80", "volume 3.0", "volume 3.00", "volume 3.10",
        "volume 11.0", "volume 12.0", "volume 1.0", "volume 1.05",
        "volume 21.0", "volume 4.0", "volume 3.-1", "volume -3.1",
        "volume 3.99999999999999999999", "volume 99999999999999999999.0",
        "volume latest ", "volume LATEST", "volume latest,volume 3.0",
        "volume 3.\xb2", "", " ", "volume=3.8", "volume:3.8",
    ]
    for mv in versions:
        for body in (VALID["volume"], INVALID["volume"]):
            add("version", body, ctype="application/json", version=mv)
    for mv in ("volume 3.7", "volume 3.8", "volume 3.10", "volume 11.0"):
        add("version", VALID["volume"], ctype="application/json", version=mv,
            endpoint="manageable_volumes")

    # ---- ctype -----------------------------------------------------------
    ctypes = [
        "application/json;charset=\"utf-8\"", "application/json;\tx",
        "application/json\t;x", "application/json,", "application/json;;",
        "application/json; charset=latin-1", "application/json\xa0",
        "\xa0application/json", "application/vnd.openstack.volume+JSON",
        "application/vnd.openstack.volume+json;", "APPLICATION/json",
        "application/json\x0b", "application/x-json", "text/json",
        "application/json;charset=utf-8;charset=x", "a;application/json",
        "application/x-www-form-urlencoded ", "Application/X-WWW-Form-Urlencoded",
        "multipart/Form-Data; boundary=b", "multipart/form-data ; boundary=b",
        "multipart/mixed; boundary=b", "application/x-www-form-urlencoded;",
    ]
    for ct in ctypes:
        for body in (VALID["volume"], "_method=PUT", ""):
            add("ctype", body, ctype=ct)

    # ---- form-url --------------------------------------------------------
    bodies = [
        "_method=put", "_method=%50UT", "%5fmethod=PUT", "_method+=PUT",
        "_method=PUT+", "_method=+POST", "_method=P%4FST", "_method=p%C5%BFst",
        "_method=po%EF%AC%85", "_method=GE%C5%A6", "_method=%C3%9F",
        "_method=get&_method=", "_method=&_method=GET", "_method=PUT&_method",
        "_method", "&&_method=PUT&&", "_method=PUT;x=1", "a=%ZZ&_method=PUT",
        "_method=%FF", "_method=%C3", "\xe9=1&_method=DELETE",
        "_method=HEAD", "_method=OPTIONS", "_method=POST", "_method=GET",
        "_method=Post", "_method=gEt", "_method=\u0131", "x=1",
        '{"volume": {"host": "h@b#p", "ref": {"source-name": "v1"}}}',
        '{"volume": {"host": "h", "ref": {}}}&_method=get',
    ]
    for body in bodies:
        add("form-url", body, ctype=URL)
    for ct in (URL + "; charset=UTF-8", URL + ";charset=utf8",
               URL + "; charset=\"UTF-8\"", URL + "; Charset=UTF-8",
               URL + ";charset=latin-1", URL + "; charset=ascii",
               URL + "; charset= utf-8", URL + "; charset=\" utf-8\"",
               URL + "; charset=utf-8 ", URL + ";  charset=utf_8",
               URL + "; xcharset=latin-1", URL + ";charset=\xe9"):
        add("form-url", "_method=PUT", ctype=ct)
        add("form-url", "x=1", ctype=ct)
    for ep in ("os-snapshot-manage", "manageable_snapshots",
               "manageable_volumes"):
        for body in ("_method=GET", "_method=PUT", "_method=post"):
            add("form-url", body, ctype=URL, endpoint=ep)
    for mv in ("volume 3.99", "volume 3.0", "compute 2.1"):
        add("form-url", "_method=GET", ctype=URL, version=mv)
        add("form-url", "_method=PUT", ctype=URL, version=mv)

    # ---- form-multi -----------------------------------------------------
    mp = "multipart/form-data; boundary="
    put = [([disp("_method")], "PUT")]
    multi = [
        (mp + "b", multipart("b", put)),
        (mp + "b", multipart("b", put, crlf="\n")),
        (mp + "b", multipart("b", put, crlf="\r")),
        (mp + "b", multipart("b", put, end=False)),
        (mp + "b", multipart("b", put, preamble="junk\r\n")),
        (mp + "b", multipart("b", put, preamble="junk")),
        (mp + "b", "--b\r\n" + disp("_method") + "\r\n\r\nPUT"),
        (mp + "b", "  --b  \r\n" + disp("_method") + "\r\n\r\nPUT\r\n--b--"),
        (mp + '"b"', multipart("b", put)),
        (mp + '"b c"', multipart("b c", put)),
        (mp + "b ", multipart("b", put)),
        (mp + "b;", multipart("b", put)),
        (mp + "", multipart("", put)),
        (mp + "x" * 200, multipart("x" * 200, put)),
        (mp + "x" * 201, multipart("x" * 201, put)),
        (mp + "x" * 202, multipart("x" * 202, put)),
        (mp + "\xe9", multipart("\xe9", put)),
        ("multipart/form-data; BOUNDARY=b", multipart("b", put)),
        ("multipart/form-data;boundary=b;boundary=c", multipart("c", put)),
        ("multipart/form-data; charset=latin-1; boundary=b",
         multipart("b", put)),
        (mp + "b", multipart("b", [([disp("_method"), "X: y"], "PUT")])),
        (mp + "b", multipart("b", [(["Content-Disposition: form-data;",
                                     ' name="_method"'], "PUT")])),
        (mp + "b", multipart("b", [([" " + disp("_method")], "PUT")])),
        (mp + "b", multipart("b", [(["From x", disp("_method")], "PUT")])),
        (mp + "b", multipart("b", [([disp("_method"), "From x"], "PUT")])),
        (mp + "b", multipart("b", [([":x", disp("_method")], "PUT")])),
        (mp + "b", multipart("b", [(["content-disposition: form-data; "
                                     "NAME=_method"], "PUT")])),
        (mp + "b", multipart("b", [(['Content-Disposition : form-data; '
                                     'name="_method"'], "PUT")])),
        (mp + "b", multipart("b", [(["Content-Disposition: form-data; "
                                     "name= _method "], "PUT")])),
        (mp + "b", multipart("b", [(["Content-Disposition: form-data; "
                                     'name="_met;hod"'], "PUT")])),
        (mp + "b", multipart("b", [([disp("_method", "; filename=\"\"")],
                                    "GET")])),
        (mp + "b", multipart("b", [([disp("_method", "; filename=\"\"")],
                                    "")])),
        (mp + "b", multipart("b", [([disp("_method", "; filename=x")],
                                    "")])),
        (mp + "b", multipart("b", [([disp("x", "; filename=\"a\"")], "1"),
                                   ([disp("_method")], "PUT")])),
        (mp + "b", multipart("b", [([disp("_method"),
                                     "Content-Transfer-Encoding: base64"],
                                    "UF VU")])),
        (mp + "b", multipart("b", [([disp("_method"),
                                     "Content-Transfer-Encoding: base64"],
                                    "UFVUIA==")])),
        (mp + "b", multipart("b", [([disp("_method"),
                                     "Content-Transfer-Encoding: base64"],
                                    "UA=")])),
        (mp + "b", multipart("b", [([disp("_method"),
                                     "Content-Transfer-Encoding: base64"],
                                    "/w==")])),
        (mp + "b", multipart("b", [([disp("_method"),
                                     "Content-Transfer-Encoding: Base64"],
                                    "UFVU")])),
        (mp + "b", multipart("b", [([disp("_method"),
                                     "Content-Transfer-Encoding: "
                                     "quoted-printable"], "P=55T")])),
        (mp + "b", multipart("b", [([disp("_method"),
                                     "Content-Transfer-Encoding: "
                                     "quoted-printable"], "P=\r\nUT")])),
        (mp + "b", multipart("b", [([disp("_method"),
                                     "Content-Transfer-Encoding: "
                                     "quoted-printable"], "=C3=28")])),
        (mp + "b", multipart("b", [([disp("x"), "Content-Type: text/plain;"
                                     " charset=utf-8"], "1"),
                                   ([disp("_method")], "PUT")])),
        (mp + "b", multipart("b", [([disp("_method"), "Content-Type: "
                                     "text/plain; charset=latin-1"],
                                    "PUT")])),
        (mp + "b", multipart("b", [([disp("_method"), "Content-Type: "
                                     "text/plain; charset=UTF-8"], "PUT")])),
        (mp + "b", multipart("b", [([disp("_method"), "Content-Type: "
                                     "text/plain; charset=us-ascii"],
                                    "PUT")])),
        (mp + "b", multipart("b", [([disp("x"), "Content-Type: text/plain;"
                                     " charset=ascii"], "\xe9"),
                                   ([disp("_method")], "PUT")])),
        (mp + "b", multipart("b", [([disp("_method"), "Content-Length: 3"],
                                    "PUT")])),
        (mp + "b", multipart("b", [([disp("_method"), "Content-Type: "
                                     "multipart/mixed; boundary=c"],
                                    "--c\r\n" + disp("y") + "\r\n\r\n1\r\n"
                                    "--c--")])),
        (mp + "b", multipart("b", [([disp("x"), "Content-Type: "
                                     "multipart/mixed; boundary=c"],
                                    "--c\r\n" + disp("_method") +
                                    "\r\n\r\nPUT\r\n--c--")])),
        (mp + "b", multipart("b", [([disp("x", '; filename="f"'),
                                     "Content-Type: multipart/mixed; "
                                     "boundary=c"],
                                    "--c\r\n" + disp("y") +
                                    "\r\nContent-Length: 1\r\n\r\n1\r\n"
                                    "--c--")])),
        (mp + "b", multipart("b", [([disp("_method"), "Content-Type: "
                                     + URL], "")])),
        (mp + "b", multipart("b", [([disp("x"), "Content-Type: " + URL],
                                    "_method=PUT")])),
        (mp + "b", multipart("b", [([disp("_method")], "x" * 70000)])),
        (mp + "b", multipart("b", [([disp("_method")], "x" * 65534 + "\r")]
                             )),
        (mp + "b", multipart("b", [([disp("_method")], "PUT\r\n--bx")])),
        (mp + "b", multipart("b", [([disp("_method")], "P\rUT")])),
        (mp + "b", multipart("b", [([disp("_method")], "PUT"),
                                   ([disp("_method")], "GET")])),
        (mp + "b", multipart("b", [([disp("_method")], "GET"),
                                   ([disp("_method")], "")])),
        (mp + "b", multipart("b", [([], "PUT")])),
        (mp + "b", multipart("b", [([disp("_method")], "\xe9")])),
        (mp + "b", "--b\r\n\r\n\r\n--b--\r\n"),
        (mp + "b", "--b--\r\n"),
        (mp + "b", "--b\r\n"),
        (mp + "b", "--b"),
        (mp + "b", "\r\n--b\r\n" + disp("_method") + "\r\n\r\nPUT\r\n--b--"),
    ]
    for ct, body in multi:
        add("form-multi", body, ctype=ct)
    for ct, body in multi[:6]:
        add("form-multi", body, ctype=ct, transfer="chunked")

    # ---- repeat ---------------------------------------------------------
    for name, values in (
            ("Accept", ["application/json", "application/vnd.openstack."
                        "volume+json"]),
            ("Accept", ["text/html;q=0.1", "application/json"]),
            ("Accept", ["", "text/html"]),
            ("Accept", ["garbage", "application/json"]),
            ("OpenStack-API-Version", ["", "volume 3.16"]),
            ("OpenStack-API-Version", ["volume 3.16", ""]),
            ("OpenStack-API-Version", ["volume", "3.16"]),
            ("Content-Type", ["application/json", "application/json",
                              "application/json"]),
            ("Content-Type", ["text/plain", "application/json"]),
            ("Content-Type", ["", "application/json"]),
            ("Content-Type", [URL, "application/json"]),
            ("Content-Type", ["application/json", URL])):
        for body in (VALID["volume"], "_method=PUT", ""):
            add("repeat", body, ctype=None if name == "Content-Type" else
                "application/json", extra={name: values})

    # ---- size ------------------------------------------------------------
    for lim in (0, 5, 10, 11, 12, -1):
        for tr in ("length", "chunked", "none"):
            for body, ct in (("_method=PUT", URL), ("", URL),
                             ("", "application/json"), ("", None),
                             ("x=1", "multipart/form-data")):
                if tr == "none" and body:
                    continue
                add("size", body, ctype=ct, transfer=tr, limit=lim)

    out = sys.stdout
    for c in g.cases:
        c["id"] = "e" + c["id"][1:]
        out.write(json.dumps(c, ensure_ascii=True) + "\n")


if __name__ == "__main__":
    main()
