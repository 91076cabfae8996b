#!/usr/bin/env python3
"""Seeded generator of Cinder manage-existing request cases for the oracle.

Usage: python3 gen_cases.py [--count N] [--seed S] > cases.jsonl

Each line: {"id", "microversion", "kind", "endpoint", "body_text" | "body_b64",
"tags"}.  "body_b64" (raw bytes, base64) replaces "body_text" (which is then
null) only for bodies that are not valid UTF-8.  body_text never contains a
lone surrogate character: lone surrogates only occur as JSON escapes
(\\udXXX, six ASCII characters) inside the request text.

"tags" says which generators/mutations produced the case; "depth_sensitive"
marks bodies nested deeper than 250 levels, whose verdict depends on the
Python stack depth of the judging process (see the README).

Run it with Python 3.11 (unicodedata 14.0) so that the "unassigned" picks
match the oracle's Unicode version.
"""

import argparse
import base64
import json
import random
import sys
import unicodedata

UUID = "1df34919-aba7-4a1b-a614-3b409d71ac03"
BOOL_ENUM = [True, "True", "TRUE", "true", "1", "ON", "On", "on", "YES",
             "Yes", "yes", "y", "t", False, "False", "FALSE", "false", "0",
             "OFF", "Off", "off", "NO", "No", "no", "n", "f"]
HOST_OK = "abcxyzABCXYZ0189-._#@:/+[]"
META_OK = "abcXYZ019-_:. /"
ASCII_ALL = [chr(i) for i in range(128)]
HOST_BAD_ASCII = [c for c in ASCII_ALL
                  if not (c.isalnum() or c in "-._#@:/+[]")]
META_BAD_ASCII = [c for c in ASCII_ALL
                  if not (c.isalnum() or c in "-_:. /")]
ASTRAL = ["\U0001F600", "\U00010000", "\U0010FFFD", "\U0001D11E",
          "\U00020000", "\U000E0001", "\U000F0000"]
MICROVERSIONS_VALID = ["3.0", "3.1", "3.7", "3.8", "3.9", "3.15", "3.16",
                       "3.17", "3.30", "3.50", "3.63", "3.70", "3.71",
                       "latest"]
MICROVERSIONS_ODD = ["2.0", "3.72", "3.99", "4.0", "2.1", "1.0", "3.08",
                     "03.1", "3", "3.", ".8", "3.8.1", "LATEST", "Latest",
                     "v3.8", "3.-1", "", "3.1000", "10.0",
                     "volume 3.8", "volume 3.16", "volume latest",
                     "volume  3.17", "\tvolume 3.16 ",
                     "volume 3.8 extra", "compute 2.1", "volume",
                     "volume 3.08", "volume 3.72", "Volume 3.8",
                     "xvolume 3.16", "volume-x 3.8",
                     "compute 2.1, volume 3.16", "volume 3.16, compute 2.1",
                     "volume 3.7,volume 3.16", "compute 2.1,image 2.0",
                     "volume 2.0", ",", "volume 3.16,", " , volume 3.8",
                     "volume\t3.16", "volume 3.16 latest"]


def _category_pools():
    pools = {}
    for cp in range(0x110000):
        cat = unicodedata.category(chr(cp))
        pools.setdefault(cat, []).append(cp)
    return pools


class Gen(object):
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.pools = _category_pools()
        self.cats = sorted(self.pools)
        self.n = 0

    # ------------------------------------------------------------ helpers
    def ch(self, seq):
        return self.r.choice(seq)

    def uchar(self, cat=None):
        cat = cat or self.ch(self.cats)
        return chr(self.ch(self.pools[cat]))

    def word(self, lo=1, hi=12, alphabet="abcdefghijklmnopqrstuvwxyz0123"):
        return "".join(self.ch(alphabet)
                       for _ in range(self.r.randint(lo, hi)))

    def boundary_len(self):
        return self.ch([0, 1, 2, 254, 255, 256, 300])

    def long_text(self, n, unit=None):
        if unit is None:
            unit = self.ch(["x", "\u00e9", "\u4e2d", "\U0001F600",
                            "\u3000", " "])
        return unit * n

    # ------------------------------------------------------------ values
    def text_value(self):
        """A generic string for name/az/volume_type/cluster."""
        k = self.r.random()
        if k < 0.35:
            return self.word(1, 16)
        if k < 0.45:
            return ""
        if k < 0.55:
            n = self.boundary_len()
            s = self.long_text(n)
            if self.r.random() < 0.3 and n:
                s = s[:-1] + "\n"
            return s
        if k < 0.7:
            return " " * self.r.randint(0, 3) + self.word() + \
                self.ch(["", " ", "\t", "\n", "\u3000", "\x1c", "\x85",
                         "\u2028", "  "])
        if k < 0.8:
            return "".join(self.uchar() for _ in range(self.r.randint(1, 6)))
        if k < 0.9:
            return self.ch(["\x00", "\t\x00", "a\nb", "\ud800", "x\udfff",
                            "\U0001F600" * 3, "  ", "\n", "gold", " gold"])
        return self.word() + self.uchar("Cc")

    def description_value(self):
        k = self.r.random()
        if k < 0.25:
            return self.word(1, 30, "abc def ghi-_.,;!?'\"\\/") 
        if k < 0.55:
            # one character from a chosen Unicode category (all of them,
            # including Cn = unassigned in 14.0, Cs, Co, Zl, Zp, Zs)
            cat = self.ch(self.cats + ["Cf", "Co", "Cs", "Zl", "Zp", "Zs",
                                       "Cn", "Cc", "So"])
            c = self.uchar(cat)
            return self.word(0, 4) + c + self.word(0, 4)
        if k < 0.65:
            return self.word(0, 5) + self.ch(ASTRAL) + self.word(0, 3)
        if k < 0.8:
            n = self.boundary_len()
            unit = self.ch(["x", "\u00e9", "\u4e2d", "\u3000", "\ufffd",
                            "\U0001F600", " "])
            s = unit * n
            if n and self.r.random() < 0.4:
                s = s[:-1] + "\n" if self.r.random() < 0.5 else s + "\n"
            return s
        if k < 0.9:
            return self.ch(["abc\n", "\n", "abc\n\n", "a\nb", "abc\r\n",
                            "abc\r", "\t", "a\tb", "\u00a0", "\u3000",
                            "\u2028", "\u2029", "\u00ad", "\u200b",
                            "\ufeff", "\ue000", "\ufffd", "\uffff",
                            "\ud800", "\udbff\udfff", "\u0cf3", "\u0ece",
                            "\u2ffc", "\u0897", "  pad  ", "\x1c x \x1f",
                            "", "\u0085", "\u1680"])
        return "".join(self.uchar() for _ in range(self.r.randint(1, 8)))

    def bootable_value(self):
        k = self.r.random()
        if k < 0.55:
            return self.ch(BOOL_ENUM)
        if k < 0.7:
            v = self.ch([x for x in BOOL_ENUM if isinstance(x, str)])
            return self.ch([v.swapcase(), v.capitalize(), " " + v, v + " ",
                            v + "\n", v.upper(), v.lower()])
        return self.ch([None, 0, 1, 2, 1.0, 0.0, "Y", "T", "N", "F", "",
                        "yes ", "tRue", "ja", [], {}, ["true"], "2",
                        "enabled"])

    def host_value(self):
        k = self.r.random()
        if k < 0.35:
            return self.ch(["h@b#p", "node1@lvm#lvm", "host@backend",
                            "h", "user@host#backend:/vol_path",
                            "h@b#[dead:beef::cafe]:/x",
                            "host@backend#parts+of+pool", "a.b-c_d@e#f"])
        if k < 0.5:
            base = self.ch(["h@b#p", "h@b", "h"])
            i = self.r.randint(0, len(base))
            return base[:i] + self.ch(HOST_BAD_ASCII + ["\u00e9", "\u3000",
                                                        "\U0001F600"]) + \
                base[i:]
        if k < 0.7:
            return self.ch(["h\n", "\n", "h@b#p\n", "h@b\n", "h@b\n#p",
                            "h@b#p\nq", "h\n\n", "h@b#\n", "#p\n", "@\n",
                            "h\r", "h\n@b"])
        if k < 0.8:
            n = self.ch([1, 254, 255, 256])
            s = "".join(self.ch(HOST_OK) for _ in range(n))
            if self.r.random() < 0.3:
                s = s[:-1] + "\n"
            return s
        if k < 0.9:
            return self.ch([None, "", 0, 1.5, True, [], {}, "h b",
                            "#", "@", "[", "host@back#pool#x"])
        return "".join(self.ch(HOST_OK) for _ in range(self.r.randint(1, 20)))

    def metadata_value(self):
        k = self.r.random()
        if k < 0.3:
            return {self.word(1, 8, META_OK): self.word(0, 10)
                    for _ in range(self.r.randint(0, 3))}
        if k < 0.4:
            return self.ch([None, {}, [], "a=b", 1, {"a": "b"}])
        md = {}
        for _ in range(self.r.randint(1, 3)):
            kk = self.r.random()
            if kk < 0.2:
                key = self.word(1, 8, META_OK)
            elif kk < 0.4:
                base = self.word(1, 4, META_OK)
                i = self.r.randint(0, len(base))
                key = base[:i] + self.ch(META_BAD_ASCII) + base[i:]
            elif kk < 0.55:
                n = self.ch([254, 255, 256])
                key = "k" * n
                if self.r.random() < 0.5:
                    key += "\n"
            elif kk < 0.7:
                key = self.ch(["a\n", "\n", "", "a\n\n", "\u00e9", "cl\u00e9",
                               " k2", "a=b", "a\r", "\U0001F600", "ops/team-1",
                               "a\u3000"])
            else:
                key = self.word(1, 6, META_OK)
            vk = self.r.random()
            if vk < 0.6:
                val = self.word(0, 10)
            elif vk < 0.75:
                val = self.long_text(self.ch([254, 255, 256]))
            elif vk < 0.85:
                val = self.ch([None, 1, True, [], {}, 1.5])
            else:
                val = self.ch(["", "\n", "\ud800", "\U0001F600", "a\x00b"])
            md[key] = val
        return md

    def ref_value(self, snapshot=False):
        k = self.r.random()
        if k < 0.35:
            return {"source-name": self.ch(["lv1", "existingLV",
                                            "volume-" + UUID,
                                            "volume-x", "img-01", ""])}
        if k < 0.5:
            return self.ch([{}, {"source-id": "123"},
                            {"source-name": "a", "x": [1, 2, {"y": None}]},
                            {"name": "n"}, {"source-name": "\ud800"},
                            {"source-name": "\U0001F600"}])
        if k < 0.65:
            return self.ch(["", "abc", "lv1", "my-source-name",
                            "source-name", "xsource-namey", "source_name",
                            "SOURCE-NAME", "source-nam", "\ud800",
                            "source-id"])
        if k < 0.75:
            return {"source-name": self.ch([5, None, 1.5, True, [], {},
                                            ["a"], {"a": 1}])}
        if k < 0.9:
            return self.ch([None, 1, 0, [], ["source-name"], True, False,
                            1.5, [{}]])
        return {self.word(): self.ch([1, "x", None, [], {"z": [True]}])}

    def volume_id_value(self):
        k = self.r.random()
        if k < 0.5:
            return UUID
        u = UUID
        h = u.replace("-", "")
        return self.ch([u.upper(), "{" + u + "}", "{{" + u, u + "}}",
                        "urn:uuid:" + u, "uuid:" + u, h, h.upper(),
                        h[:31], h + "a", h[:31] + "g",
                        "1-d-f34919aba74a1ba6143b409d71ac03",
                        u.replace("-", "_"), " " + u, u + " ", "", "zz",
                        None, 1, [], {}, u + "\n", "URN:UUID:" + u,
                        "urn:" + u, "{" + h + "}"])

    # ------------------------------------------------------------ bodies
    def volume_body(self, mv_cluster):
        vol = {}
        if mv_cluster and self.r.random() < 0.35:
            vol["cluster"] = self.ch(["cluster1@rbd", "c", "cl@b#p",
                                      "cluster1@rbd#pool"])
            if self.r.random() < 0.5:
                vol["host"] = None
        else:
            vol["host"] = self.ch(["h@b#p", "node1@lvm#lvm", "host@backend",
                                   "h"])
        vol["ref"] = {"source-name": self.ch(["lv1", "existingLV", "img-01"])}
        for field, p in (("name", 0.4), ("description", 0.35),
                         ("volume_type", 0.25), ("bootable", 0.3),
                         ("availability_zone", 0.2), ("metadata", 0.3)):
            if self.r.random() < p:
                vol[field] = {
                    "name": lambda: self.word(1, 12),
                    "description": lambda: "from " + self.word(),
                    "volume_type": lambda: self.ch([None, "gold", "lvm",
                                                    UUID, ""]),
                    "bootable": lambda: self.ch(BOOL_ENUM),
                    "availability_zone": lambda: self.ch([None, "nova",
                                                          ""]),
                    "metadata": lambda: self.ch([None, {},
                                                 {"owner": "ops/team-1"}]),
                }[field]()
        return {"volume": vol}

    def snapshot_body(self):
        snap = {"volume_id": UUID,
                "ref": self.ch([{"source-name": "lvol0"}, None, "snap1",
                                {}])}
        for field, p in (("name", 0.4), ("description", 0.35),
                         ("metadata", 0.3)):
            if self.r.random() < p:
                snap[field] = {
                    "name": lambda: self.ch([None, self.word(), "", "  x "]),
                    "description": lambda: self.ch([None, "d " + self.word(),
                                                    ""]),
                    "metadata": lambda: self.ch([None, {}, {"k": "v"}]),
                }[field]()
        return {"snapshot": snap}

    # ------------------------------------------------------------ mutations
    def mutate(self, body, kind, tags):
        inner_key = "volume" if kind == "volume" else "snapshot"
        if not isinstance(body, dict):
            return body
        inner = body.get(inner_key)
        vfields = ["description", "availability_zone", "bootable",
                   "volume_type", "name", "host", "ref", "metadata",
                   "cluster"]
        sfields = ["description", "metadata", "name", "volume_id", "ref"]
        m = self.r.random()
        if not isinstance(inner, dict):
            return body
        if m < 0.62:
            field = self.ch(vfields if kind == "volume" else sfields)
            gen = {
                "description": self.description_value,
                "availability_zone": self.text_value,
                "bootable": self.bootable_value,
                "volume_type": self.text_value,
                "name": self.text_value,
                "host": self.host_value,
                "ref": lambda: self.ref_value(kind == "snapshot"),
                "metadata": self.metadata_value,
                "cluster": self.text_value,
                "volume_id": self.volume_id_value,
            }[field]
            if field == "cluster" and self.r.random() < 0.5:
                inner["cluster"] = self.host_value()
            else:
                inner[field] = gen()
            tags.append("field:" + field)
        elif m < 0.70:
            field = self.ch(list(inner) or ["ref"])
            inner.pop(field, None)
            tags.append("drop:" + field)
        elif m < 0.76:
            # extra key inside volume/snapshot
            extra = self.ch(["foo", "cluster", "host", "bootable", "size",
                             "volume_id", "ref ", "Host", "type", "x"])
            inner[extra] = self.ch([1, "x", None, {}])
            tags.append("extra_inner:" + extra)
        elif m < 0.83:
            extra = self.ch(["extra", "type", "volume", "snapshot", "x",
                             "os-unmanage"])
            if extra == inner_key:
                return body
            body[extra] = self.ch([1, "x", None, {}, "object"])
            tags.append("extra_top:" + extra)
        elif m < 0.88:
            body[inner_key] = self.ch([None, [], "x", 1, [inner], True])
            tags.append("inner_type")
        elif m < 0.94:
            # host/cluster combinations
            if kind == "volume":
                inner["host"] = self.ch([None, "h@b#p", "", "h\n"])
                inner["cluster"] = self.ch([None, "c@b", "", "c\n",
                                            "cl@b#p"])
                if self.r.random() < 0.3:
                    inner.pop("host")
                if self.r.random() < 0.3:
                    inner.pop("cluster")
                tags.append("host_cluster")
        else:
            # replace whole body
            tags.append("whole_body")
            return self.ch([{}, [], None, "x", 1, {"volume": {}},
                            {"snapshot": {}}, {"volume": {}, "snapshot": {}},
                            {"os-unmanage": {}}, {"type": "object"}])
        return body

    # ------------------------------------------------------------ raw text
    def to_text(self, body, tags):
        ascii_only = self.r.random() < 0.3 or _has_surrogate(body)
        indent = self.ch([None, None, None, 1])
        return json.dumps(body, ensure_ascii=ascii_only, allow_nan=True,
                          indent=indent)

    def raw_variant(self, kind, tags):
        """Bodies whose interesting part lives in the raw text."""
        U = UUID
        vol_pre = '{"volume": {"host": "h@b#p", "ref": '
        snap_pre = '{"snapshot": {"volume_id": "%s", "ref": ' % U
        pre = vol_pre if kind == "volume" else snap_pre
        k = self.r.randint(0, 13)
        tok = self.ch(["NaN", "Infinity", "-Infinity", "1E400", "-1e999",
                       "123456789012345678901234567890", "1.0", "-0",
                       "1e5", "0.1"])
        if k == 0:
            tags.append("raw:token_in_ref")
            return pre + '{"a": %s}}}' % tok
        if k == 1:
            tags.append("raw:token_in_field")
            f = self.ch(["name", "description", "bootable", "metadata",
                         "availability_zone", "volume_type", "host",
                         "cluster"] if kind == "volume" else
                        ["name", "description", "metadata", "volume_id"])
            return pre + '{}, "%s": %s}}' % (f, tok)
        if k == 2:
            tags.append("raw:token_as_ref")
            return pre + tok + "}}"
        if k == 3:
            tags.append("raw:duplicate_keys")
            if kind == "volume":
                return self.ch([
                    '{"volume": {"host": "", "ref": {}, "host": "h@b#p"}}',
                    '{"volume": {"host": "h@b#p", "ref": {}, "host": ""}}',
                    '{"volume": {"ref": 1, "host": "h", "ref": {}}}',
                    '{"volume": {"host": "h", "ref": {}}, "volume": {}}',
                    '{"volume": {}, "volume": {"host": "h", "ref": {}}}',
                    '{"volume": {"host": "h", "name": 1, "ref": {}, '
                    '"description": 1, "name": "n"}}',
                    '{"volume": {"host": "h", "ref": {"source-name": 1, '
                    '"source-name": "x"}}}',
                ])
            return self.ch([
                snap_pre + '{}, "ref": null}}',
                '{"snapshot": {"volume_id": "zz", "ref": {}, '
                '"volume_id": "%s"}}' % U,
                snap_pre + '{}, "volume_id": "zz"}}',
                snap_pre + '{}}, "type": 1, "type": 2}',
            ])
        if k == 4:
            tags.append("raw:escapes")
            esc = self.ch(["\\ud800", "\\udfff", "\\ud83d\\ude00",
                           "\\ud83d", "\\u0000", "\\n", "\\u2028",
                           "\\uFEFF", "\\/", "\\ud800\\ud800"])
            f = self.ch(["name", "description", "availability_zone",
                         "volume_type"] if kind == "volume" else
                        ["name", "description"])
            return pre + '{"source-name": "a%s"}, "%s": "x%s"}}' % (
                esc, f, esc)
        if k == 5:
            tags.append("raw:whitespace")
            ws = self.ch([" ", "\n", "\t", "\r\n", "\u00a0", "\x0c"])
            return ws + pre + "{}" + ws + "}}" + ws
        if k == 6:
            tags.append("raw:malformed")
            return self.ch(["{bad", "{\"volume\": }", "{'volume': {}}",
                            pre + "{}}}}", pre + "{}}", pre + "{},}}",
                            "[", "nul", "{\"volume\": {\"host\": \"h\","
                            " \"ref\": {}}} x", "\ufeff" + pre + "{}}}",
                            pre + '"\t"}}', pre + '"a\x01"}}', "   ",
                            pre + "{}}} // c", "0x10", "{\"a\" 1}",
                            pre + "[1,]}}", pre + "{\"a\": 01}}}",
                            pre + "{\"a\": .5}}}", pre + "{\"a\": +1}}}",
                            pre + "{\"a\": nan}}}", pre + "{\"a\": True}}}"])
        if k == 7:
            tags.append("raw:empty")
            return ""
        if k == 8:
            tags.append("raw:top_scalar")
            return self.ch(["null", "1", "\"x\"", "[]", "true", "NaN",
                            "{}", "[{}]", "1E400"])
        if k == 9:
            tags.append("raw:big_number_field")
            return pre + '{}, "%s": 1%s}}' % (
                self.ch(["name", "bootable", "metadata"] if kind == "volume"
                        else ["name", "metadata"]), "0" * 400)
        if k == 10:
            tags.append("raw:nan_in_metadata")
            return pre + '{}, "metadata": {"k": %s}}}' % tok
        if k == 11:
            tags.append("raw:unicode_key")
            return pre + '{}, "%s": 1}}' % self.ch(
                ["n\\u0061me", "nam\\u00e9", "\\ud800", "name\\u0000"])
        if k == 12:
            tags.append("raw:nested_extra")
            return pre + '{}}, "extra": [NaN, {"a": Infinity}]}'
        tags.append("raw:ref_text")
        return pre + self.ch(['"source-name"', '"x source-name y"',
                              '{"source-name": "volume-%s"}' % U,
                              '{"source-name": NaN}',
                              '{"source-name": "\\ud800"}']) + "}}"

    def bytes_variant(self, kind, tags):
        tags.append("bytes:invalid_utf8")
        pre = ('{"volume": {"host": "h@b#p", "ref": {}, "name": "'
               if kind == "volume" else
               '{"snapshot": {"volume_id": "%s", "ref": {}, "name": "' % UUID)
        bad = self.ch([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xc0\xaf",
                       b"\xf4\x90\x80\x80", b"\x80", b"\xe2\x82"])
        raw = pre.encode() + bad + b'"}}'
        if self.r.random() < 0.2:
            raw = self.ch([b"\xef\xbb\xbf" + pre.encode() + b'x"}}',
                           b"\xff\xfe{\x00}\x00",
                           "{}".encode("utf-16")])
        return raw

    def deep_variant(self, kind, tags, depth=None):
        depth = depth or self.ch([50, 500, 900, 980, 985, 1000, 2000,
                                  100, 200, 250, 300, 320, 330, 400])
        tags.append("deep:%d" % depth)
        shape = self.r.randint(0, 3)
        if shape == 0:
            inner = '[' * depth + ']' * depth
        elif shape == 1:
            inner = '{"a": ' * depth + '{}' + '}' * depth
        elif shape == 2:
            inner = '[{"a": ' * (depth // 2) + 'null' + '}]' * (depth // 2)
        else:
            inner = '{"source-name": "x", "d": ' + '[' * depth + \
                ']' * depth + '}'
        if kind == "volume":
            where = self.r.randint(0, 3)
            if where == 0:
                text = '{"volume": {"host": "h@b#p", "ref": %s}}' % inner
            elif where == 1:
                text = ('{"volume": {"host": "h@b#p", "ref": %s, '
                        '"x": 1}}' % inner)
            elif where == 2:
                text = ('{"volume": {"host": "h@b#p", "ref": {}, '
                        '"metadata": {"k": %s}}}' % inner)
            else:
                text = ('{"volume": {"ref": %s, "name": 5}}' % inner)
        else:
            where = self.r.randint(0, 2)
            if where == 0:
                text = ('{"snapshot": {"volume_id": "%s", "ref": %s}}'
                        % (UUID, inner))
            elif where == 1:
                text = ('{"snapshot": {"volume_id": "zz", "ref": %s}}'
                        % inner)
            else:
                text = ('{"snapshot": {"volume_id": "%s", "ref": {}}, '
                        '"x": %s}' % (UUID, inner))
        if depth > 250:
            tags.append("depth_sensitive")
        return text

    # ------------------------------------------------------------ case
    def microversion(self):
        k = self.r.random()
        if k < 0.15:
            return None
        if k < 0.88:
            return self.ch(MICROVERSIONS_VALID)
        return self.ch(MICROVERSIONS_ODD)

    def case(self):
        self.n += 1
        tags = []
        kind = "volume" if self.r.random() < 0.65 else "snapshot"
        mv = self.microversion()
        if kind == "volume":
            endpoint = ("manageable_volumes" if self.r.random() < 0.25
                        else "os-volume-manage")
        else:
            endpoint = ("manageable_snapshots" if self.r.random() < 0.25
                        else "os-snapshot-manage")
        ver = _mv_tuple(mv)
        cluster_ok = ver is not None and ver >= (3, 16)
        body_text = None
        body_b64 = None
        k = self.r.random()
        if k < 0.012:
            body_text = self.deep_variant(kind, tags)
        elif k < 0.02:
            body_b64 = base64.b64encode(
                self.bytes_variant(kind, tags)).decode()
        elif k < 0.12:
            body_text = self.raw_variant(kind, tags)
        else:
            body = (self.volume_body(cluster_ok) if kind == "volume"
                    else self.snapshot_body())
            r = self.r.random()
            nmut = 0 if r < 0.30 else (1 if r < 0.80 else
                                       (2 if r < 0.95 else 3))
            for _ in range(nmut):
                body = self.mutate(body, kind, tags)
            if not nmut:
                tags.append("base")
            body_text = self.to_text(body, tags)
        c = {"id": "c%05d" % self.n, "microversion": mv, "kind": kind,
             "endpoint": endpoint, "body_text": body_text}
        if body_b64 is not None:
            c["body_b64"] = body_b64
        c["tags"] = tags
        return c

    def fixed_cases(self):
        """Deterministic cases that must always be present."""
        out = []
        for kind in ("volume", "snapshot"):
            for depth in (50, 500, 900, 980, 985, 1000, 2000):
                for shape in range(4):
                    tags = ["fixed"]
                    self.r.seed(depth * 10 + shape)
                    text = self.deep_variant(kind, tags, depth)
                    out.append((kind, None, text, tags))
        for v in BOOL_ENUM:
            out.append(("volume", None, json.dumps(
                {"volume": {"host": "h@b#p", "ref": {}, "bootable": v}}),
                ["fixed", "bootable_enum"]))
        for c in HOST_BAD_ASCII:
            out.append(("volume", None, json.dumps(
                {"volume": {"host": "h@b" + c + "#p", "ref": {}}}),
                ["fixed", "host_bad_ascii"]))
        for c in META_BAD_ASCII:
            out.append(("volume", None, json.dumps(
                {"volume": {"host": "h", "ref": {}, "metadata": {"a" + c: "v"}}}),
                ["fixed", "meta_bad_ascii"]))
            out.append(("snapshot", None, json.dumps(
                {"snapshot": {"volume_id": UUID, "ref": {},
                              "metadata": {c: "v"}}}),
                ["fixed", "meta_bad_ascii"]))
        for cat in self.cats:
            for _ in range(3):
                c = self.uchar(cat)
                for kind in ("volume", "snapshot"):
                    b = ({"volume": {"host": "h", "ref": {},
                                     "description": "d" + c}}
                         if kind == "volume" else
                         {"snapshot": {"volume_id": UUID, "ref": {},
                                       "description": "d" + c}})
                    out.append((kind, None, json.dumps(b, ensure_ascii=True),
                                ["fixed", "desc_cat:" + cat]))
        for mv in MICROVERSIONS_VALID + MICROVERSIONS_ODD:
            for ep in ("os-volume-manage", "manageable_volumes"):
                out.append(("volume", mv, json.dumps(
                    {"volume": {"host": "h@b#p", "ref": {}}}),
                    ["fixed", "mv", "ep:" + ep]))
                out.append(("volume", mv, json.dumps(
                    {"volume": {"cluster": "c@b", "ref": {}}}),
                    ["fixed", "mv", "ep:" + ep]))
        res = []
        for i, (kind, mv, text, tags) in enumerate(out):
            ep = None
            for t in tags:
                if t.startswith("ep:"):
                    ep = t[3:]
            ep = ep or ("os-volume-manage" if kind == "volume"
                        else "os-snapshot-manage")
            if any(t.startswith("deep:") and int(t[5:]) > 250 for t in tags):
                tags.append("depth_sensitive")
            res.append({"id": "f%04d" % i, "microversion": mv, "kind": kind,
                        "endpoint": ep, "body_text": text, "tags": tags})
        return res


def _has_surrogate(v):
    if isinstance(v, str):
        return any(0xD800 <= ord(c) <= 0xDFFF for c in v)
    if isinstance(v, dict):
        return any(_has_surrogate(k) or _has_surrogate(x)
                   for k, x in v.items())
    if isinstance(v, list):
        return any(_has_surrogate(x) for x in v)
    return False


def _mv_tuple(mv):
    if mv is None or mv == "2.0":
        return (3, 0)
    if mv == "latest":
        return (3, 71)
    try:
        a, b = mv.split(".")
        return (int(a), int(b))
    except Exception:
        return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=30000)
    ap.add_argument("--seed", type=int, default=20240529)
    args = ap.parse_args()
    g = Gen(args.seed)
    fixed = g.fixed_cases()
    g.r.seed(args.seed)
    out = sys.stdout
    cases = fixed + [g.case() for _ in range(max(0, args.count - len(fixed)))]
    for c in cases:
        if c["body_text"] is not None:
            c["body_text"].encode("utf-8")  # no lone surrogate characters
        out.write(json.dumps(c, ensure_ascii=True) + "\n")


if __name__ == "__main__":
    main()
