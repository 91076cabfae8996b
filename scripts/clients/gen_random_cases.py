#!/usr/bin/env python3
"""Random command lines for a held-out check of the command reader: the
forms operators write (options in any order, abbreviations, `--opt=value`,
several quoting styles, global options, versions, server maximums) and the
mistakes they make (a missing argument, an option of the other client, a
cluster at an old microversion, a metadata list that swallows a
positional). Unlike gen_cases.py the cases are drawn at random, from
`--seed`: a batch made with a seed never used while developing is a fair
test of the reader.

    gen_random_cases.py --seed 7 --count 600 cinder    > cases.jsonl
    gen_random_cases.py --seed 7 --count 600 openstack > cases.jsonl
    capture.py cases.jsonl -o captured.jsonl            # run the real clients
    HELDOUT=captured.jsonl cargo test -p os-volume-manage --test clients -- --ignored

Each line: {"id", "command", "server_max"?, "env"?}, like gen_cases.py. Every
command splits with shlex to the words it was built from; no quoting used
here is read differently by shlex and by a POSIX shell.
"""

import argparse
import json
import random
import shlex
import sys

SERVER_MAXES = ["3.71"] * 8 + ["3.0", "3.7", "3.8", "3.15", "3.16", "3.27", "3.50", "3.60", "3.80"]
VERSIONS = (["3.%d" % i for i in (0, 1, 5, 7, 8, 10, 15, 16, 17, 20, 27, 40, 50, 60, 64, 65, 66, 70, 71)]
            + ["3", "3.72", "3.80", "latest", "3.latest", "2", "3.016", "3.01", "3.", "4", "v3", " 3.16", "3.16 "])

HOSTS = ["node1@lvm#lvm", "cinder-vol-01@rbd#rbd", "ctrl-01.example.com@netapp-nfs#pool_a",
         "host@backend", "h", "stor@pure#pure", "", "node1@lvm", "node 1@lvm#lvm",
         "-h@b#p", "h\u00f6st@b#p", "node1@lvm#", "10.0.0.5@ceph#volumes"]
CLUSTERS = ["cluster1@lvm#lvm", "c1", "cl@rbd#rbd", "", "mycluster"]
IDENTIFIERS = ["volume-0001", "lv_data", "vol1", "00000000-0000-4000-8000-000000000abc",
               "LUN 7", "donn\u00e9es", "", "a=b", "-lv", "snap-01", "x" * 70, "/dev/vg0/lv1",
               "it's", "q\"uote"]
ID_TYPES = ["source-name", "source-id", "source-name", "name", "", "source_id", "lv"]
TEXTS = ["imported", "my volume", "Imported from backend", "d\u00e9j\u00e0 vu", "\u65e5\u672c",
         "emoji \U0001F4BE", "", "  padded  ", "tab\tin", "line1\nline2", "say \"hi\"",
         "it's", "back\\slash", "cost $5", "-dash", "--ddash", "a=b", "x" * 260, "\u2028sep",
         "\u007f del", "{\"json\": 1}", "100%"]
TYPES = ["lvm", "ssd", "rbd-fast", "", "gold tier", "t\u00ffpe"]
ZONES = ["nova", "az1", "", "zone b"]
META_KEYS = ["purpose", "owner", "k", "", "key with space", "\u00e9", "a=b", "env"]
META_VALUES = ["db", "team-a", "", "v=w", "value with space", "\u00fc", "1"]
SNAP_VOLUMES = ["vol1", "Data Volume", "11111111-2222-4333-8444-555555555555", "12345", "dup",
                "missing", "donn\u00e9es", "77777777-8888-4999-8aaa-bbbbbbbbbbbb", "VOL1", ""]


class Gen:
    def __init__(self, rng):
        self.rng = rng

    def p(self, x):
        return self.rng.random() < x

    def pick(self, seq):
        return self.rng.choice(seq)

    def spell(self, option, parser_options, glob=()):
        """The option as typed: exact, an unambiguous or ambiguous prefix."""
        r = self.rng.random()
        if r < 0.8 or len(option) <= 4:
            return option
        cut = self.rng.randint(3, len(option) - 1)
        return option[:cut]

    def opt(self, option, value, parser_options=()):
        name = self.spell(option, parser_options)
        if value is None:
            return [[name]]
        if self.p(0.15):
            return [[name + "=" + value]]
        return [[name, value]]

    def quote(self, words):
        out = []
        for w in words:
            safe = all(c not in w for c in "$`\\\n") and w != ""
            r = self.rng.random()
            if safe and r < 0.15 and any(c in w for c in " '#\"@"):
                out.append('"' + w.replace('"', '\\"') + '"')
            elif safe and r < 0.22 and all(c.isalnum() or c in " -_.@#=" for c in w) and " " in w:
                out.append(w.replace(" ", "\\ "))
            else:
                out.append(shlex.quote(w))
        text = " ".join(out)
        assert shlex.split(text) == words, (words, text)
        return text

    def groups_to_words(self, head, groups, positional_groups, shuffle=True):
        groups = list(groups)
        if shuffle:
            self.rng.shuffle(groups)
        # Positionals before, between or after the options.
        at = self.rng.randint(0, len(groups))
        if self.p(0.7):
            at = len(groups)
        words = list(head)
        for g in groups[:at]:
            words += g
        for g in positional_groups:
            words += g
        for g in groups[at:]:
            words += g
        return words


def cinder_case(g, kind):
    globals_ = []
    version = None
    if g.p(0.3):
        version = g.pick(VERSIONS)
        globals_ += g.pick([["--os-volume-api-version", version], ["--os-volume-api-version=" + version],
                            ["--os-volume", version]])
    if g.p(0.08):
        globals_ += g.pick([["--debug"], ["-d"], ["--insecure"], ["--os-endpoint-type", "internalURL"],
                            ["--retries", "2"], ["--timeout", "30"], ["--service-type", "volumev3"],
                            ["--os-region-name", "RegionOne"], ["--retries", "x"]])
    groups = []
    if kind == "manage":
        sub = "manage"
        positionals = [[g.pick(HOSTS)], [g.pick(IDENTIFIERS)]]
        if g.p(0.3):
            groups += g.opt("--id-type", g.pick(ID_TYPES))
        if g.p(0.6):
            groups += g.opt("--name", g.pick(TEXTS))
        if g.p(0.3):
            groups += g.opt("--description", g.pick(TEXTS))
        if g.p(0.3):
            groups += g.opt("--volume-type", g.pick(TYPES))
        if g.p(0.2):
            groups += g.opt("--availability-zone", g.pick(ZONES))
        if g.p(0.25):
            groups += [["--bootable"]]
        if g.p(0.12):
            groups += g.opt("--cluster", g.pick(CLUSTERS))
    else:
        sub = "snapshot-manage"
        positionals = [[g.pick(SNAP_VOLUMES)], [g.pick(IDENTIFIERS)]]
        if g.p(0.3):
            groups += g.opt("--id-type", g.pick(ID_TYPES))
        if g.p(0.6):
            groups += g.opt("--name", g.pick(TEXTS))
        if g.p(0.3):
            groups += g.opt("--description", g.pick(TEXTS))
    metadata = None
    if g.p(0.3):
        n = g.rng.randint(0, 3)
        metadata = ["--metadata"] + ["%s=%s" % (g.pick(META_KEYS), g.pick(META_VALUES)) for _ in range(n)]
        if g.p(0.1):
            metadata = ["--metadata=%s=%s" % (g.pick(META_KEYS), g.pick(META_VALUES))]
    # Mistakes.
    if g.p(0.06):
        positionals = positionals[:1]
    if g.p(0.04):
        positionals = positionals + [["extra"]]
    if g.p(0.06):
        groups += [g.pick([["--size", "10"], ["--source-name", "x"], ["--host", "h2"], ["--bootable", "true"],
                           ["--non-bootable"], ["--volume-type"], ["-x"], ["--os-volume-api-version", "3.16"],
                           ["--name"], ["--d", "desc"], ["--vol", "lvm"], ["--meta", "a=1"]])]
    words = g.groups_to_words(["cinder"] + globals_ + [sub], groups, positionals)
    if metadata is not None:
        if g.p(0.7):
            words += metadata
        else:
            # The metadata list before the positionals: a realistic trap.
            i = len(["cinder"] + globals_ + [sub])
            words = words[:i] + metadata + (["--"] if g.p(0.5) else []) + words[i:]
    if g.p(0.02):
        words[len(globals_) + 1] = g.pick(["mange", "Manage", "manage-volume"])
    return words, version


def openstack_case(g, kind):
    globals_ = []
    version = None
    if g.p(0.3):
        version = g.pick(VERSIONS)
        globals_ += g.pick([["--os-volume-api-version", version], ["--os-volume-api-version=" + version]])
    if g.p(0.1):
        globals_ += g.pick([["--debug"], ["-q"], ["--insecure"], ["--os-interface", "internal"],
                            ["--os-region-name", "RegionOne"], ["--os-interface", "private"], ["-v"],
                            ["--timing"]])
    groups = []
    if kind == "volume":
        command = g.pick([["volume", "create"]] * 12 + [["vol", "create"], ["volume", "cre"], ["volume", "creat"]])
        for _ in range(g.pick([1, 1, 1, 2, 3, 0])):
            groups += g.opt("--remote-source", "%s=%s" % (g.pick(["source-name", "source-name", "source-id", "other"]),
                                                          g.pick(IDENTIFIERS)))
        r = g.rng.random()
        if r < 0.75:
            groups += g.opt("--host", g.pick(HOSTS))
        elif r < 0.9:
            groups += g.opt("--cluster", g.pick(CLUSTERS))
        elif r < 0.95:
            groups += g.opt("--host", g.pick(HOSTS)) + g.opt("--cluster", g.pick(CLUSTERS))
        if g.p(0.3):
            groups += g.opt("--description", g.pick(TEXTS))
        if g.p(0.3):
            groups += g.opt("--type", g.pick(TYPES))
        if g.p(0.2):
            groups += g.opt("--availability-zone", g.pick(ZONES))
        for _ in range(g.pick([0, 0, 0, 1, 2])):
            groups += g.opt("--property", "%s=%s" % (g.pick(META_KEYS), g.pick(META_VALUES)))
        if g.p(0.3):
            groups += [[g.pick(["--bootable", "--non-bootable"])]]
        if g.p(0.1):
            groups += [g.pick([["-f", "json"], ["-c", "id"], ["--max-width", "80"], ["-f", "yaml"], ["--fit-width"]])]
        positionals = [[g.pick(TEXTS)]] if g.p(0.8) else []
        if positionals and positionals[0][0].startswith("-") and g.p(0.5):
            positionals = [["--", positionals[0][0]]]
        if g.p(0.08):
            groups += [g.pick([["--size", "10"], ["--size", "0"], ["--volume-type", "lvm"], ["--name", "n"],
                               ["--property", "k"], ["--remote-source", "novalue"], ["--bootable", "true"],
                               ["--read-only"], ["--image", "cirros"], ["--id-type", "source-id"], ["--hint", "a=b"],
                               ["--c", "x"], ["--metadata", "a=1"], ["--size", "abc"]])]
    else:
        command = g.pick([["volume", "snapshot", "create"]] * 10 + [["volume", "snap", "create"]])
        for _ in range(g.pick([1, 1, 1, 2, 0])):
            groups += g.opt("--remote-source", "%s=%s" % (g.pick(["source-name", "source-id"]), g.pick(IDENTIFIERS)))
        if g.p(0.85):
            groups += g.opt("--volume", g.pick(SNAP_VOLUMES))
        if g.p(0.3):
            groups += g.opt("--description", g.pick(TEXTS))
        for _ in range(g.pick([0, 0, 0, 1, 2])):
            groups += g.opt("--property", "%s=%s" % (g.pick(META_KEYS), g.pick(META_VALUES)))
        if g.p(0.1):
            groups += [["--force"]]
        positionals = [[g.pick(TEXTS[:8] + ["snap-01", "vol1"])]] if g.p(0.9) else []
        if g.p(0.06):
            groups += [g.pick([["--host", "h"], ["--bootable"], ["--name", "n"], ["--metadata", "a=1"],
                               ["--property", "=v"], ["--f"]])]
    after = []
    if g.p(0.05):
        # A global option after the command.
        after = g.pick([["--os-volume-api-version", g.pick(VERSIONS)], ["--debug"], ["--d"]])
    words = g.groups_to_words(["openstack"] + globals_ + command, groups, positionals) + after
    return words, version


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("client", choices=("cinder", "openstack"))
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--count", type=int, default=600)
    args = ap.parse_args()
    rng = random.Random("%s-%d" % (args.client, args.seed))
    g = Gen(rng)
    prefix = "rc" if args.client == "cinder" else "ro"
    for i in range(args.count):
        kind = g.pick(["manage", "manage", "snapshot"]) if args.client == "cinder" else g.pick(["volume", "volume", "snapshot"])
        if args.client == "cinder":
            words, _ = cinder_case(g, "manage" if kind == "manage" else "snapshot")
        else:
            words, _ = openstack_case(g, kind)
        row = {"id": "%s%d-%04d" % (prefix, args.seed, i + 1), "command": g.quote(words)}
        if g.p(0.25):
            row["server_max"] = g.pick(SERVER_MAXES)
        if g.p(0.05):
            row["env"] = {"OS_VOLUME_API_VERSION": g.pick(VERSIONS)}
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
