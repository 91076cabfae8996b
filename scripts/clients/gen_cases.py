#!/usr/bin/env python3
"""Deterministic generator of the client command lines captured into
tests/fixtures/clients/. No randomness: the same script always prints the
same cases in the same order.

    gen_cases.py cinder    > cinder-cases.jsonl     # cinder manage / snapshot-manage
    gen_cases.py openstack > openstack-cases.jsonl  # openstack volume [snapshot] create

Each line: {"id", "command", "server_max"?, "env"?}. Commands are POSIX
shell text split with Python's shlex (posix=True, no comments): `$` is kept
literally, so where a `$` appears it is inside single quotes, where bash and
shlex agree.
"""

import json
import shlex
import sys

SERVER_MAXES = ["3.0", "3.7", "3.8", "3.15", "3.16", "3.27", "3.71"]
# Every microversion the requested-version sweeps walk through.
ALL_MICRO = ["3.%d" % i for i in range(0, 72)]
# Requested versions that are not plain 3.N within the client's range.
ODD_VERSIONS = ["latest", "3.latest", "3", "2", "2.0", "1", "3.72", "3.80",
                "3.100", "4", "4.0", "3.01", "3.016", "03.16", "3.", ".16",
                "abc", "3.16.1", " 3.16", "3.16 ", "v3.16", "3,16", "-3.16",
                "3.0.0", "volume 3.16", "3.1_6", "3.5e0", "+3.16", ""]


class Cases:
    def __init__(self):
        self.rows = []
        self.ids = set()
        self.counters = {}

    def add(self, family, command, server_max=None, env=None):
        if isinstance(command, list):
            command = shlex.join(command)
        shlex.split(command)                     # must split
        n = self.counters.get(family, 0) + 1
        self.counters[family] = n
        cid = "%s-%03d" % (family, n)
        assert cid not in self.ids
        self.ids.add(cid)
        row = {"id": cid, "command": command}
        if server_max is not None:
            row["server_max"] = server_max
        if env:
            row["env"] = env
        self.rows.append(row)


# ---------------------------------------------------------------- texts ---
NAMES = [
    "vol-managed", "my volume", "donn\u00e9es-\u00e9t\u00e9", "\u540d\u524d",
    "emoji \U0001F600", "", " lead and trail ", "quote\"d", "it's",
    "back\\slash", "dollar$sign", "tab\there", "new\nline", "-dash-first",
    "--double-dash", "a=b", "x" * 256,
]
DESCRIPTIONS = [
    "plain description", "line one\nline two", "trailing newline\n",
    "say \"hi\"", "it's here", "C:\\path\\to", "cost $5 or $HOME",
    "tab\tinside", "\u00fcnic\u00f6de \u2713", "emoji \U0001F4BE", "",
    "   ", "{\"json\": true}", "back\\\\two", "cr\rlf", "nul-free \x7f del",
    "\u2028 line sep", "\ud7ff edge",
]
HOSTS = ["h", "host@backend", "host@backend#pool", "node-1.example.com@lvm#pool_a",
         "ctrl:8776@rbd-1#ssd", "[::1]@b#p", "h@b#p+x/y", "bad host", "h@b#",
         "", "\u00fcber@b#p", "-h@b"]
IDENTIFIERS = ["vol1", "volume-0f3a9c2e", "00000000-0000-4000-8000-000000000001",
               "with space", "donn\u00e9es", "", "a=b", "x" * 300, "-starts-dash"]


def cinder_cases():
    c = Cases()
    M = ["cinder", "manage"]
    S = ["cinder", "snapshot-manage"]

    # -- cinder manage: plain hosts and identifiers
    for h in HOSTS:
        c.add("cm-host", M + [h, "vol1"])
    for i in IDENTIFIERS:
        c.add("cm-ident", M + ["h@b#p", i])
    c.add("cm-ident", "cinder manage h@b#p -- -starts-dash")
    c.add("cm-ident", "cinder manage -- h@b#p vol1")
    c.add("cm-ident", "cinder manage h@b#p vol1 --")
    c.add("cm-ident", "cinder manage h@b#p -- vol1")
    # -- names
    for n in NAMES:
        c.add("cm-name", M + ["h@b#p", "vol1", "--name", n])
    c.add("cm-name", M + ["h@b#p", "vol1", "--name=-dash-first"])
    c.add("cm-name", M + ["--name", "first", "h@b#p", "vol1", "--name", "second"])
    c.add("cm-name", "cinder manage h@b#p vol1 --name \"double \\\"quoted\\\" \\\\ back\"")
    c.add("cm-name", "cinder manage h@b#p vol1 --name 'single $HOME `x`'")
    c.add("cm-name", "cinder manage h@b#p vol1 --name \"multi\nline\"")
    c.add("cm-name", "cinder manage h@b#p vol1 --name")
    # -- descriptions
    for d in DESCRIPTIONS:
        c.add("cm-desc", M + ["h@b#p", "vol1", "--description", d])
    c.add("cm-desc", M + ["h@b#p", "vol1", "--description=a=b=c"])
    c.add("cm-desc", "cinder manage h@b#p vol1 --description 'first line\nsecond \"line\" $X \\ end'")
    c.add("cm-desc", "cinder manage h@b#p vol1 --description \"it's \\\"q\\\" and \\\\\"")
    # -- metadata
    meta = [
        ["--metadata", "k=v"],
        ["--metadata", "k=v", "k2=v2"],
        ["--metadata", "k=v=w"],
        ["--metadata", "k="],
        ["--metadata", "=v"],
        ["--metadata", "key with space=value with space"],
        ["--metadata", "k"],
        ["--metadata=k"],
        ["--metadata=k=v"],
        ["--metadata", "k=v", "k=v2"],
        ["--metadata"],
        ["--metadata", "\u00e9=\u00fc"],
        ["--metadata", "k=line\nbreak"],
        ["--metadata", "a=1", "--metadata", "b=2"],
        ["--metadata", "k=v", "--name", "n"],
        ["--metadata", "k=v", "--bootable"],
    ]
    for m in meta:
        c.add("cm-meta", M + ["h@b#p", "vol1"] + m)
    c.add("cm-meta", M + ["--metadata", "k=v", "h@b#p", "vol1"])
    c.add("cm-meta", M + ["--metadata", "k=v", "h=1", "vol1"])
    c.add("cm-meta", M + ["--metadata", "k=v", "k2", "h@b#p", "vol1"])
    c.add("cm-meta", M + ["h@b#p", "vol1", "--metadata", "k=v", "k2"])
    c.add("cm-meta", M + ["h@b#p", "vol1", "--metadata", "k=v", "--", "x"])
    c.add("cm-meta", M + ["h@b#p", "vol1", "--meta", "k=v"])
    c.add("cm-meta", M + ["h@b#p", "vol1", "--metadata", "k=v", "-d"])
    c.add("cm-meta", M + ["--metadata", "k=v", "--", "h@b#p", "vol1"])
    c.add("cm-meta", M + ["--name", "--metadata", "h@b#p", "vol1"])
    c.add("cm-meta", M + ["--name=--metadata", "h@b#p", "vol1", "--metadata", "a=1"])
    c.add("cm-meta", M + ["h@b#p", "vol1", "--description", "x", "--metadata", "k=v",
                          "--description", "y"])
    # -- bootable
    for b in (["--bootable"], ["--bootable", "--bootable"], ["--bootable=true"],
              ["--bootable", "true"], ["--boot"], ["--b"], ["--non-bootable"],
              ["--bootable=False"], ["--no-bootable"]):
        c.add("cm-boot", M + ["h@b#p", "vol1"] + b)
    c.add("cm-boot", M + ["--bootable", "h@b#p", "vol1"])
    # -- id types
    for t in ("source-name", "source-id", "other", "", "name", "source-name ",
              "\u00e9", "source_id"):
        c.add("cm-idtype", M + ["h@b#p", "vol1", "--id-type", t])
    c.add("cm-idtype", M + ["h@b#p", "vol1", "--id-type=source-id"])
    c.add("cm-idtype", M + ["h@b#p", "vol1", "--id", "source-id"])
    c.add("cm-idtype", M + ["h@b#p", "vol1", "--id-type"])
    c.add("cm-idtype", M + ["h@b#p", "vol1", "--id-type", "a", "--id-type", "b"])
    c.add("cm-idtype", M + ["--id-type", "source-id", "h@b#p", "vol1"])
    c.add("cm-idtype", M + ["h@b#p", "vol1", "--source-name", "x"])
    c.add("cm-idtype", M + ["h@b#p", "vol1", "--source-id", "x"])
    # -- volume type, availability zone
    for opt in ("--volume-type", "--availability-zone"):
        for v in ("lvm", "", "t\u00ffpe", "with space", "x" * 300):
            c.add("cm-typeaz", M + ["h@b#p", "vol1", opt, v])
    c.add("cm-typeaz", M + ["h@b#p", "vol1", "--volume-type=lvm",
                            "--availability-zone=nova"])
    # -- everything at once
    c.add("cm-all", M + ["h@b#p", "vol1", "--id-type", "source-id", "--name", "n",
                         "--description", "d", "--volume-type", "t",
                         "--availability-zone", "az", "--metadata", "a=1", "b=2",
                         "--bootable"])
    c.add("cm-all", M + ["--bootable", "--metadata", "a=1", "--availability-zone", "az",
                         "--volume-type", "t", "--description", "d", "--name", "n",
                         "--id-type", "source-id", "--", "h@b#p", "vol1"])
    # -- cluster
    for v in (None, "3.15", "3.16", "3.17", "3.71"):
        g = ["--os-volume-api-version", v] if v else []
        for cl in (["--cluster", "c1"], ["--cluster", ""], ["--cluster=c@b#p"],
                   ["--cluster", "c1", "--cluster", "c2"]):
            c.add("cm-cluster", ["cinder"] + g + ["manage", "h@b#p", "vol1"] + cl)
    c.add("cm-cluster", M + ["--cluster", "c1", "vol1"])
    c.add("cm-cluster", M + ["--cluster", "c1"])
    c.add("cm-cluster", M + ["--clu", "c1", "h", "vol1"])
    c.add("cm-cluster", ["cinder", "--os-volume-api-version", "3.15"] + M[1:] +
          ["--clu", "c1", "h", "vol1"])
    c.add("cm-cluster", ["cinder", "--os-volume-api-version", "3.15"] + M[1:] +
          ["h", "vol1", "--cluster"])
    for sm in SERVER_MAXES + ["3.80"]:
        c.add("cm-cluster", M + ["h@b#p", "vol1", "--cluster", "c1"], server_max=sm)
    c.add("cm-cluster", M + ["h@b#p", "vol1", "--cluster", "c1"],
          env={"OS_VOLUME_API_VERSION": "3.15"})
    # -- requested versions (flag) x default server
    for v in ALL_MICRO + ODD_VERSIONS:
        c.add("cm-ver", ["cinder", "--os-volume-api-version", v, "manage", "h@b#p",
                         "vol1", "--name", "n"])
    # -- requested versions x server max
    for sm in SERVER_MAXES + ["3.80"]:
        for v in (None, "3.0", "3.7", "3.8", "3.16", "3.71", "latest", "3.72"):
            g = ["--os-volume-api-version", v] if v else []
            c.add("cm-server", ["cinder"] + g + ["manage", "h@b#p", "vol1"],
                  server_max=sm)
    # -- environment variable
    for v in ("3.0", "3.16", "3.5", "latest", "3.72", "abc", "3", ""):
        c.add("cm-env", M + ["h@b#p", "vol1"], env={"OS_VOLUME_API_VERSION": v})
    c.add("cm-env", ["cinder", "--os-volume-api-version", "3.16", "manage", "h@b#p",
                     "vol1"], env={"OS_VOLUME_API_VERSION": "3.5"})
    c.add("cm-env", M + ["h@b#p", "vol1"], env={"OS_PASSWORD": None})
    c.add("cm-env", M + ["h@b#p", "vol1"], env={"OS_AUTH_URL": None})
    # -- global option spellings and positions
    c.add("cm-global", ["cinder", "--os-volume-api-version=3.16", "manage", "h", "v"])
    c.add("cm-global", ["cinder", "--os_volume_api_version", "3.16", "manage", "h", "v"])
    c.add("cm-global", ["cinder", "--os-volume", "3.16", "manage", "h", "v"])
    c.add("cm-global", ["cinder", "--os-vol", "3.16", "manage", "h", "v"])
    c.add("cm-global", ["cinder", "manage", "h", "v", "--os-volume-api-version", "3.16"])
    c.add("cm-global", ["cinder", "manage", "--os-volume-api-version", "3.16",
                        "--cluster", "c", "h", "v"])
    c.add("cm-global", ["cinder", "-d", "manage", "h", "v"])
    c.add("cm-global", ["cinder", "--debug", "manage", "h", "v"])
    c.add("cm-global", ["cinder", "manage", "h", "v", "--d", "desc?"])
    c.add("cm-global", ["cinder", "manage", "h", "v", "--de", "desc?"])
    c.add("cm-global", ["cinder", "manage", "h", "v", "--des", "desc"])
    c.add("cm-global", ["cinder", "manage", "h", "v", "--vol", "lvm"])
    c.add("cm-global", ["cinder", "manage", "h", "v", "--volume", "lvm"])
    c.add("cm-global", ["cinder", "manage", "h", "v", "--volume-t", "lvm"])
    c.add("cm-global", ["cinder", "--retries", "2", "manage", "h", "v"])
    c.add("cm-global", ["cinder", "--service-type", "volumev3", "manage", "h", "v"])
    c.add("cm-global", ["cinder", "--service-type", "block-storage", "manage", "h", "v"])
    c.add("cm-global", ["cinder", "manage", "--help"])
    c.add("cm-global", ["cinder", "help", "manage"])
    c.add("cm-global", ["cinder", "manage", "-h", "h", "v"])
    c.add("cm-global", ["cinder", "--version"])
    c.add("cm-global", ["cinder", "mange", "h", "v"])
    c.add("cm-global", ["cinder", "Manage", "h", "v"])
    c.add("cm-global", ["cinder"])
    c.add("cm-global", ["cinder", "manage", "h@b#p", "help"])
    c.add("cm-global", ["cinder", "manage", "h@b#p", "--", "-h"])
    c.add("cm-global", ["cinder", "manage", "h@b#p", "--name", "--help"])
    c.add("cm-global", ["cinder", "--os-volume-api-version", "3.16", "manage", "--help"])
    # -- abbreviations of manage's options
    for a, v in (("--desc", "d"), ("--descr", "d"), ("--na", "n"), ("--n", "n"),
                 ("--avail", "az"), ("--a", "az"), ("--volume-ty", "t"),
                 ("--id-t", "source-id"), ("--i", "source-id"), ("--c", "c"),
                 ("--met", "k=v"), ("--m", "k=v"), ("--bo", None)):
        c.add("cm-abbrev", M + ["h@b#p", "vol1", a] + ([v] if v is not None else []))
    # -- unknown options, missing and extra positionals
    for args in ([], ["h@b#p"], ["h@b#p", "vol1", "extra"], ["h@b#p", "vol1", "--bogus"],
                 ["h@b#p", "vol1", "--bogus=1"], ["h@b#p", "vol1", "-x"],
                 ["h@b#p", "vol1", "--size", "1"], ["h@b#p", "vol1", "--host", "h2"],
                 ["h@b#p", "vol1", "--name"], ["--name", "n"],
                 ["h@b#p", "vol1", "-"], ["-", "vol1"]):
        c.add("cm-args", M + args)
    # -- --opt=value vs --opt value everywhere
    c.add("cm-eq", M + ["h@b#p", "vol1", "--name=n", "--description=d",
                        "--volume-type=t", "--availability-zone=az",
                        "--id-type=source-id", "--metadata=a=1"])
    c.add("cm-eq", M + ["h@b#p", "vol1", "--name=", "--description="])
    c.add("cm-eq", M + ["h@b#p", "vol1", "--name==x"])
    c.add("cm-eq", M + ["h@b#p", "vol1", "--name", "--description"])
    c.add("cm-eq", M + ["h@b#p", "vol1", "--name", "-d"])
    c.add("cm-eq", M + ["h@b#p", "vol1", "--name=-d"])
    c.add("cm-eq", M + ["h@b#p", "vol1", "--name", "-1"])
    c.add("cm-eq", M + ["h@b#p", "vol1", "--name", "-1x"])
    c.add("cm-eq", M + ["h@b#p", "-1"])

    # -- cinder snapshot-manage
    for vol in ("vol1", "11111111-2222-4333-8444-555555555555", "Data Volume",
                "data-volume", "dup", "33333333-4444-4555-8666-777777777777",
                "12345", "55555555-6666-4777-8888-999999999999", "donn\u00e9es",
                "missing", "00000000-0000-4000-8000-00000000dead", "", "VOL1",
                "77777777-8888-4999-8aaa-bbbbbbbbbbbb", "11111111222243338444555555555555"):
        c.add("cs-volume", S + [vol, "snap-on-backend"])
    for i in IDENTIFIERS:
        c.add("cs-ident", S + ["vol1", i])
    for t in ("source-name", "source-id", "other", ""):
        c.add("cs-idtype", S + ["vol1", "s1", "--id-type", t])
    c.add("cs-idtype", S + ["vol1", "s1", "--id-type=source-id"])
    for n in NAMES:
        c.add("cs-name", S + ["vol1", "s1", "--name", n])
    for d in DESCRIPTIONS:
        c.add("cs-desc", S + ["vol1", "s1", "--description", d])
    for m in meta:
        c.add("cs-meta", S + ["vol1", "s1"] + m)
    c.add("cs-meta", S + ["--metadata", "k=v", "vol1", "s1"])
    c.add("cs-all", S + ["vol1", "s1", "--id-type", "source-id", "--name", "n",
                         "--description", "d", "--metadata", "a=1", "b=2"])
    for args in ([], ["vol1"], ["vol1", "s1", "extra"], ["vol1", "s1", "--bootable"],
                 ["vol1", "s1", "--cluster", "c"], ["vol1", "s1", "--volume-type", "t"],
                 ["vol1", "s1", "--bogus"], ["vol1", "s1", "--desc", "d"],
                 ["vol1", "s1", "--na", "n"], ["vol1", "s1", "--d", "d"],
                 ["vol1", "s1", "--m", "k=v"], ["--", "vol1", "s1"],
                 ["vol1", "s1", "--name=n", "--description=d"]):
        c.add("cs-args", S + args)
    for sm in SERVER_MAXES + ["3.80"]:
        for v in (None, "3.0", "3.8", "latest"):
            g = ["--os-volume-api-version", v] if v else []
            c.add("cs-server", ["cinder"] + g + ["snapshot-manage", "vol1", "s1"],
                  server_max=sm)
    for v in ("3.0", "3.7", "3.8", "3.65", "3.66", "3.71", "latest", "3.72", "abc", "2"):
        c.add("cs-ver", ["cinder", "--os-volume-api-version", v, "snapshot-manage",
                         "vol1", "s1"])
    c.add("cs-env", S + ["vol1", "s1"], env={"OS_VOLUME_API_VERSION": "3.8"})
    return c.rows


def openstack_cases():
    c = Cases()
    V = ["openstack", "volume", "create"]
    R = ["--remote-source", "source-name=vol1", "--host", "h@b#p"]
    SN = ["openstack", "volume", "snapshot", "create"]

    # -- openstack volume create --remote-source: hosts
    for h in HOSTS:
        c.add("ov-host", V + ["--remote-source", "source-name=vol1", "--host", h, "v"])
    c.add("ov-host", V + ["--remote-source", "source-name=vol1", "--host=h@b#p", "v"])
    c.add("ov-host", V + ["--remote-source", "source-name=vol1", "--host", "a",
                          "--host", "b", "v"])
    # -- remote source spellings
    for rs in (["source-name=vol1"], ["source-id=00000000-0000-4000-8000-000000000001"],
               ["source-name=a", "source-id=b"], ["source-name=a", "source-name=b"],
               ["other=x"], ["k=v=w"], ["k="], ["=v"], ["novalue"], [""],
               ["source-name=with space"], ["source-name=donn\u00e9es"],
               ["key with space=v"], ["source-name=line\nbreak"], ["=", ]):
        args = []
        for r in rs:
            args += ["--remote-source", r]
        c.add("ov-remote", V + args + ["--host", "h@b#p", "v"])
    c.add("ov-remote", V + ["--remote-source=source-name=vol1", "--host", "h", "v"])
    c.add("ov-remote", V + ["--remote-source", "--host", "h", "v"])
    c.add("ov-remote", V + ["--host", "h", "v"])
    c.add("ov-remote", V + ["--host", "h", "--size", "1", "v"])
    c.add("ov-remote", V + ["--remote", "source-name=x", "--host", "h", "v"])
    c.add("ov-remote", V + ["--remote-s", "source-name=x", "--host", "h", "v"])
    c.add("ov-remote", V + ["--rem", "source-name=x", "--host", "h", "v"])
    # -- name positional
    for n in NAMES:
        c.add("ov-name", V + R + [n])
    c.add("ov-name", V + R)
    c.add("ov-name", V + ["n"] + R)
    c.add("ov-name", V + R + ["a", "b"])
    c.add("ov-name", V + R + ["--", "-dash-first"])
    c.add("ov-name", V + ["--"] + R)
    c.add("ov-name", "openstack volume create --remote-source source-name=vol1 --host h@b#p \"double \\\"quoted\\\" \\\\ back\"")
    c.add("ov-name", "openstack volume create --remote-source source-name=vol1 --host h@b#p 'single $HOME `x`'")
    # -- descriptions
    for d in DESCRIPTIONS:
        c.add("ov-desc", V + R + ["--description", d, "v"])
    c.add("ov-desc", V + R + ["--description=a=b=c", "v"])
    c.add("ov-desc", "openstack volume create --remote-source source-name=vol1 --host h@b#p --description 'first line\nsecond \"line\" $X \\ end' v")
    # -- properties
    props = [
        ["--property", "k=v"],
        ["--property", "k=v", "--property", "k2=v2"],
        ["--property", "k=v=w"],
        ["--property", "k="],
        ["--property", "=v"],
        ["--property", "k"],
        ["--property", "key with space=value with space"],
        ["--property", "k=v", "--property", "k=v2"],
        ["--property=k=v"],
        ["--property", "\u00e9=\u00fc"],
        ["--property", "k=line\nbreak"],
        ["--property", "b=2", "--property", "a=1"],
        ["--property"],
        ["--prop", "k=v"],
    ]
    for p in props:
        c.add("ov-prop", V + R + p + ["v"])
    # -- bootable
    for b in (["--bootable"], ["--non-bootable"], ["--bootable", "--non-bootable"],
              ["--non-bootable", "--bootable"], ["--bootable", "--bootable"],
              ["--bootable=true"], ["--boot"], ["--non"], ["--non-boot"],
              ["--no-bootable"], ["--bootable", "true"]):
        c.add("ov-boot", V + R + b + ["v"])
    # -- type, az
    for opt in ("--type", "--availability-zone"):
        for v in ("lvm", "", "t\u00ffpe", "with space"):
            c.add("ov-typeaz", V + R + [opt, v, "v"])
    c.add("ov-typeaz", V + R + ["--type=lvm", "--availability-zone=nova", "v"])
    c.add("ov-typeaz", V + R + ["--volume-type", "lvm", "v"])
    # -- everything at once
    c.add("ov-all", V + ["--remote-source", "source-id=abc", "--host", "h@b#p",
                         "--description", "d", "--type", "t", "--availability-zone",
                         "az", "--property", "a=1", "--property", "b=2", "--bootable",
                         "n"])
    c.add("ov-all", V + ["n", "--non-bootable", "--property", "b=2", "--property", "a=1",
                         "--availability-zone", "az", "--type", "t", "--description",
                         "d", "--host", "h@b#p", "--remote-source", "source-id=abc"])
    # -- options not allowed with --remote-source
    for extra in (["--size", "1"], ["--size", "0"], ["--consistency-group", "cg"],
                  ["--hint", "a=b"], ["--read-only"], ["--read-write"],
                  ["--image", "img"], ["--snapshot", "s"], ["--source", "vol1"],
                  ["--backup", "b"], ["--source-replicated", "x"]):
        c.add("ov-conflict", V + R + extra + ["v"])
    c.add("ov-conflict", V + ["--cluster", "c", "--size", "1", "v"])
    # -- cluster
    for v in (None, "3.15", "3.16", "3.71"):
        g = ["--os-volume-api-version", v] if v else []
        for hc in (["--cluster", "c1"], ["--cluster", ""], ["--cluster=c@b#p"],
                   ["--cluster", "c1", "--host", "h@b#p"], ["--host", ""],
                   ["--cluster", "", "--host", ""], ["--cluster", "", "--host", "h"],
                   ["--cluster", "c", "--host", ""]):
            c.add("ov-cluster", ["openstack"] + g + ["volume", "create", "--remote-source",
                                                     "source-name=vol1"] + hc + ["v"])
    for sm in SERVER_MAXES + ["3.80"]:
        c.add("ov-cluster", V + ["--remote-source", "source-name=vol1", "--cluster",
                                 "c1", "v"], server_max=sm)
    c.add("ov-cluster", V + ["--remote-source", "source-name=vol1", "--clu", "c1", "v"])
    c.add("ov-cluster", V + ["--remote-source", "source-name=vol1", "--cluster", "c1",
                             "v"], env={"OS_VOLUME_API_VERSION": "3.15"})
    # -- requested versions x default server
    for v in ALL_MICRO + ODD_VERSIONS:
        c.add("ov-ver", ["openstack", "--os-volume-api-version", v] + V[1:] + R + ["v"])
    # -- requested versions x server max
    for sm in SERVER_MAXES + ["3.80"]:
        for v in (None, "3", "3.0", "3.7", "3.8", "3.16", "3.71", "latest", "3.72"):
            g = ["--os-volume-api-version", v] if v else []
            c.add("ov-server", ["openstack"] + g + V[1:] + R + ["v"], server_max=sm)
    # -- environment variable
    for v in ("3.0", "3.7", "3.16", "latest", "3.72", "abc", "3", "2", ""):
        c.add("ov-env", V + R + ["v"], env={"OS_VOLUME_API_VERSION": v})
    c.add("ov-env", ["openstack", "--os-volume-api-version", "3.16"] + V[1:] + R + ["v"],
          env={"OS_VOLUME_API_VERSION": "3.5"})
    c.add("ov-env", V + R + ["v"], env={"OS_BLOCK_STORAGE_API_VERSION": "3.5"})
    c.add("ov-env", V + R + ["v"], env={"OS_PASSWORD": None})
    # -- global option spellings and positions
    c.add("ov-global", ["openstack", "--os-volume-api-version=3.16"] + V[1:] + R + ["v"])
    c.add("ov-global", ["openstack", "--os-volume", "3.16"] + V[1:] + R + ["v"])
    c.add("ov-global", V + R + ["v", "--os-volume-api-version", "3.7"])
    c.add("ov-global", ["openstack", "volume", "--os-volume-api-version", "3.7",
                        "create"] + R + ["v"])
    c.add("ov-global", V + R + ["--d", "v"])
    c.add("ov-global", V + R + ["--de", "x", "v"])
    c.add("ov-global", V + R + ["--des", "x", "v"])
    c.add("ov-global", V + R + ["--t", "lvm", "v"])
    c.add("ov-global", V + R + ["--ty", "lvm", "v"])
    c.add("ov-global", V + R + ["--v", "v"])
    c.add("ov-global", V + R + ["--ver", "v"])
    c.add("ov-global", V + R + ["-v", "v"])
    c.add("ov-global", V + R + ["-q", "v"])
    c.add("ov-global", V + R + ["--h", "v"])
    c.add("ov-global", V + R + ["--i", "v"])
    c.add("ov-global", V + R + ["-f", "json", "v"])
    c.add("ov-global", ["openstack", "volume", "create", "--help"])
    c.add("ov-global", ["openstack", "volume", "creat"] + R + ["v"])
    c.add("ov-global", ["openstack", "Volume", "create"] + R + ["v"])
    c.add("ov-global", ["openstack", "volume"] + R + ["v"])
    c.add("ov-global", ["openstack", "volume", "cre"] + R + ["v"])
    c.add("ov-global", V + R + ["help"])
    c.add("ov-global", ["openstack", "volume", "cre"] + R + ["v", "--bogus"])
    c.add("ov-global", V + R + ["--", "-h"])
    c.add("ov-global", ["openstack", "volume", "create", "create"] + R)
    c.add("ov-global", ["openstack", "volume", "create", "snap"] + R)
    c.add("ov-global", ["openstack", "vol", "create"] + R + ["v"])
    c.add("ov-global", ["openstack", "volume", "c"] + R + ["v"])
    c.add("ov-global", ["openstack", "--os-volume-api-version", "3.7", "--debug"] + V[1:] + R + ["v"])
    # -- abbreviations of volume create's options
    for a, v in (("--desc", "d"), ("--av", "az"), ("--a", "az"), ("--ho", "h"),
                 ("--hos", "h"), ("--c", "c"), ("--clus", "c"), ("--b", None),
                 ("--s", "1"), ("--ty", "t"), ("--p", "k=v"), ("--pr", "k=v"),
                 ("--n", None), ("--r", "x=y")):
        c.add("ov-abbrev", V + R + [a] + ([v] if v is not None else []) + ["v"])
    # -- unknown options, extra positionals
    for args in (R + ["v", "--bogus"], R + ["v", "--bogus=1"], R + ["v", "-x"],
                 R + ["--name", "n"], R + ["--metadata", "k=v", "v"],
                 R + ["--id-type", "source-id", "v"], R + ["--description"],
                 R + ["--description", "-d", "v"], R + ["--description=-d", "v"],
                 R + ["--description", "-1", "v"], R + ["-1"], R + ["-"]):
        c.add("ov-args", V + args)

    # -- openstack volume snapshot create --remote-source
    for vol in ("vol1", "11111111-2222-4333-8444-555555555555", "Data Volume",
                "data-volume", "dup", "33333333-4444-4555-8666-777777777777",
                "12345", "55555555-6666-4777-8888-999999999999", "donn\u00e9es",
                "missing", "00000000-0000-4000-8000-00000000dead", "", "VOL1",
                "77777777-8888-4999-8aaa-bbbbbbbbbbbb"):
        c.add("os-volume", SN + ["--remote-source", "source-name=s1", "--volume", vol,
                                 "snap"])
    c.add("os-volume", SN + ["--remote-source", "source-name=s1", "vol1"])
    c.add("os-volume", SN + ["--remote-source", "source-name=s1", "missing"])
    c.add("os-volume", SN + ["--remote-source", "source-name=s1", "--volume=vol1", "s"])
    c.add("os-volume", SN + ["--remote-source", "source-name=s1", "--vol", "vol1", "s"])
    c.add("os-volume", SN + ["--remote-source", "source-name=s1", "--volume", "vol1"])
    for rs in (["source-name=s1"], ["source-id=abc"], ["source-name=a", "source-id=b"],
               ["k=v=w"], ["k="], ["=v"], ["novalue"], ["key with space=v"]):
        args = []
        for r in rs:
            args += ["--remote-source", r]
        c.add("os-remote", SN + args + ["--volume", "vol1", "s"])
    c.add("os-remote", SN + ["--rem", "source-name=s1", "--volume", "vol1", "s"])
    c.add("os-remote", SN + ["--remote-source=source-name=s1", "--volume", "vol1", "s"])
    for n in NAMES:
        c.add("os-name", SN + ["--remote-source", "source-name=s1", "--volume", "vol1",
                               "--", n])
    for d in DESCRIPTIONS:
        c.add("os-desc", SN + ["--remote-source", "source-name=s1", "--volume", "vol1",
                               "--description", d, "s"])
    for p in props:
        c.add("os-prop", SN + ["--remote-source", "source-name=s1", "--volume", "vol1"]
              + p + ["s"])
    OR = ["--remote-source", "source-name=s1", "--volume", "vol1"]
    for args in (OR + ["s", "--force"], OR + ["s", "--force", "--force"],
                 OR + ["s", "--bootable"], OR + ["s", "--host", "h"],
                 OR + ["s", "--bogus"], OR + ["s", "extra"], OR,
                 OR + ["s", "--desc", "d"], OR + ["s", "--d"], OR + ["s", "--f"],
                 OR + ["s", "--metadata", "k=v"], OR + ["s", "--type", "t"],
                 OR + ["s", "--name", "n"], OR + ["s", "--description"]):
        c.add("os-args", SN + args)
    c.add("os-all", SN + ["--remote-source", "source-id=abc", "--remote-source",
                          "source-name=xyz", "--volume", "vol1", "--description", "d",
                          "--property", "a=1", "--property", "b=2", "snap"])
    for sm in SERVER_MAXES + ["3.80"]:
        for v in (None, "3.0", "3.8", "3.65", "latest"):
            g = ["--os-volume-api-version", v] if v else []
            c.add("os-server", ["openstack"] + g + SN[1:] + OR + ["s"], server_max=sm)
    for v in ("3.0", "3.7", "3.8", "3.64", "3.65", "3.66", "3.71", "latest", "3.72",
              "abc", "2"):
        c.add("os-ver", ["openstack", "--os-volume-api-version", v] + SN[1:] + OR + ["s"])
    c.add("os-env", SN + OR + ["s"], env={"OS_VOLUME_API_VERSION": "3.7"})
    c.add("os-args", SN + ["--remote-source", "source-name=s1", "--volume", "dup",
                           "--volume", "vol1", "s"])
    c.add("os-args", ["openstack", "volume", "snapshot", "cr"] + OR + ["s"])
    c.add("os-args", ["openstack", "volume", "snap", "create"] + OR + ["s"])
    c.add("os-args", ["openstack", "volume", "snap", "cr"] + OR + ["s", "--bogus"])
    c.add("os-args", SN + ["--volume", "vol1", "s", "--remote-source", "source-name=s1",
                           "--remote-source", "source-name=s2"])
    return c.rows


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in ("cinder", "openstack"):
        sys.exit("usage: gen_cases.py cinder|openstack")
    rows = cinder_cases() if sys.argv[1] == "cinder" else openstack_cases()
    for row in rows:
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
