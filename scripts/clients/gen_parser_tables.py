#!/usr/bin/env python3
"""Writes crates/os-volume-manage/src/tools/command/tables.rs: the argument
parsers of the real clients, read from the live objects, so that the Rust
reader of `cinder ...` and `openstack ...` command lines matches them option
for option. Dev-only (CI compiles the committed file).

    $CLIENTS_VENV/bin/python scripts/clients/gen_parser_tables.py          # rewrite
    $CLIENTS_VENV/bin/python scripts/clients/gen_parser_tables.py --check  # fail if stale

Run it with the clients' dev venv (scripts/clients/setup-venv.sh) and with
PYTHONHASHSEED=0 and COLUMNS=80, like the fixtures: the script re-executes
itself with them when they are missing.

What is dumped, per parser: every action in the order it was added (option
strings, dest, nargs, action class, hidden help, choices, value type,
required), the option-string map in its insertion order (argparse matches
abbreviations in that order, and ambiguity messages list candidates in it),
the mutually exclusive groups, and the usage text broken into the parts
argparse wraps (`HelpFormatter._format_usage`). Also the names of every
cinderclient subcommand with the microversions where it exists, and every
openstackclient command name with the volume API v3, with v2, and with no
volume commands at all.
"""

import argparse
import logging
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
OUT = os.path.join(ROOT, "crates", "os-volume-manage", "src", "tools", "command", "tables.rs")

if os.environ.get("PYTHONHASHSEED") != "0" or os.environ.get("COLUMNS") != "80":
    env = dict(os.environ, PYTHONHASHSEED="0", COLUMNS="80", LINES="25")
    sys.exit(subprocess.call([sys.executable] + sys.argv, env=env))

# The auth environment the fixtures were captured with (tests/fixtures/clients/README.md).
os.environ.update({
    "OS_AUTH_URL": "https://identity.example.test/v3",
    "OS_USERNAME": "admin",
    "OS_PASSWORD": "secret",
    "OS_PROJECT_NAME": "admin",
    "OS_USER_DOMAIN_NAME": "Default",
    "OS_PROJECT_DOMAIN_NAME": "Default",
    "OS_IDENTITY_API_VERSION": "3",
    "OS_REGION_NAME": "RegionOne",
    "OS_INTERFACE": "public",
})
for name in ("OS_VOLUME_API_VERSION", "OS_CLOUD", "OS_BLOCK_STORAGE_API_VERSION"):
    os.environ.pop(name, None)

import warnings  # noqa: E402

warnings.simplefilter("ignore")

from importlib.metadata import version as pkg_version  # noqa: E402

from cinderclient import api_versions  # noqa: E402
from cinderclient import shell as cinder_shell  # noqa: E402
from osc_lib.cli import parseractions  # noqa: E402
from openstackclient import shell as osc_shell  # noqa: E402
from openstackclient.volume.v2 import volume as osc_volume_v2  # noqa: E402
from openstackclient.volume.v3 import volume as osc_volume_v3  # noqa: E402

KINDS = {
    argparse._StoreAction: "Store",
    argparse._StoreConstAction: "StoreConst",
    argparse._StoreTrueAction: "StoreTrue",
    argparse._StoreFalseAction: "StoreFalse",
    argparse._CountAction: "Count",
    argparse._AppendAction: "Append",
    argparse._HelpAction: "Help",
    argparse._VersionAction: "Version",
    argparse._SubParsersAction: "SubParsers",
    parseractions.KeyValueAction: "KeyValue",
    osc_volume_v3.KeyValueHintAction: "KeyValueHint",
    osc_volume_v2.KeyValueHintAction: "KeyValueHint",
}

NARGS = {
    None: "One",
    "?": "Optional",
    "*": "ZeroOrMore",
    "+": "OneOrMore",
    "A...": "Parser",
    "...": "Remainder",
    0: "Zero",
}


def value_type(action):
    t = action.type
    if t is None or t is str:
        return "Text"
    if t is int:
        return "Int"
    if t is float:
        return "Float"
    if getattr(t, "__name__", "") == "_positive_non_zero_float":
        return "PositiveFloat"
    raise SystemExit("unknown type %r for %r" % (t, action.option_strings))


def action_name(action):
    # argparse._get_action_name
    if action.option_strings:
        return "/".join(action.option_strings)
    if action.metavar not in (None, argparse.SUPPRESS):
        return action.metavar
    if action.dest not in (None, argparse.SUPPRESS):
        return action.dest
    return ""


def rs(text):
    """A Rust string literal."""
    out = ['"']
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif " " <= ch <= "~":
            out.append(ch)
        else:
            out.append("\\u{%x}" % ord(ch))
    out.append('"')
    return "".join(out)


def rs_list(items):
    return "&[" + ", ".join(rs(i) for i in items) + "]"


PART_RE = r"\(.*?\)+(?=\s|$)|\[.*?\]+(?=\s|$)|\S+"


def usage_parts(parser):
    formatter = parser._get_formatter()
    optionals = [a for a in parser._actions if a.option_strings]
    positionals = [a for a in parser._actions if not a.option_strings]
    groups = parser._mutually_exclusive_groups
    opt_usage = formatter._format_actions_usage(optionals, groups)
    pos_usage = formatter._format_actions_usage(positionals, groups)
    opt_parts = re.findall(PART_RE, opt_usage)
    pos_parts = re.findall(PART_RE, pos_usage)
    assert " ".join(opt_parts) == opt_usage
    assert " ".join(pos_parts) == pos_usage
    return opt_parts, pos_parts


def wrap_usage(prog, opt_parts, pos_parts, width=78):
    """HelpFormatter._format_usage, for checking the parts against the real text."""
    prefix = "usage: "
    usage = " ".join([s for s in [prog, " ".join(opt_parts + pos_parts)] if s])
    if len(prefix) + len(usage) <= width:
        return prefix + usage + "\n"

    def get_lines(parts, indent, pfx=None):
        lines, line = [], []
        line_len = len(pfx) - 1 if pfx is not None else len(indent) - 1
        for part in parts:
            if line_len + 1 + len(part) > width and line:
                lines.append(indent + " ".join(line))
                line = []
                line_len = len(indent) - 1
            line.append(part)
            line_len += len(part) + 1
        if line:
            lines.append(indent + " ".join(line))
        if pfx is not None:
            lines[0] = lines[0][len(indent):]
        return lines

    if len(prefix) + len(prog) <= 0.75 * width:
        indent = " " * (len(prefix) + len(prog) + 1)
        if opt_parts:
            lines = get_lines([prog] + opt_parts, indent, prefix)
            lines.extend(get_lines(pos_parts, indent))
        elif pos_parts:
            lines = get_lines([prog] + pos_parts, indent, prefix)
        else:
            lines = [prog]
    else:
        indent = " " * len(prefix)
        lines = get_lines(opt_parts + pos_parts, indent)
        if len(lines) > 1:
            lines = get_lines(opt_parts, indent) + get_lines(pos_parts, indent)
        lines = [prog] + lines
    return prefix + "\n".join(lines) + "\n"


def parser_rs(name, parser, cinder_abbrev, doc):
    actions = parser._actions
    index = {id(a): i for i, a in enumerate(actions)}
    lines = ["/// " + doc, "pub(crate) static %s: Parser = Parser {" % name, "    actions: &["]
    for a in actions:
        kind = KINDS.get(type(a))
        if kind is None and isinstance(a, argparse._HelpAction):
            kind = "Help"  # autopage's pager-aware help action
        if kind is None:
            raise SystemExit("unknown action class %r" % type(a))
        nargs = NARGS.get(a.nargs)
        if nargs is None:
            raise SystemExit("unknown nargs %r" % (a.nargs,))
        if kind == "SubParsers":
            choices = "None"
        elif a.choices is None:
            choices = "None"
        else:
            values = [c for c in a.choices if isinstance(c, str)]
            shown = ", ".join(repr(c) for c in a.choices)
            choices = "Some(Choices { values: %s, shown: %s })" % (rs_list(values), rs(shown))
        lines.append(
            "        Action { options: %s, dest: %s, name: %s, nargs: %s, kind: %s, hidden: %s, "
            "choices: %s, value_type: %s, required: %s },"
            % (
                rs_list(a.option_strings),
                rs(a.dest if a.dest is not argparse.SUPPRESS else ""),
                rs(action_name(a)),
                nargs,
                kind,
                "true" if a.help is argparse.SUPPRESS else "false",
                choices,
                value_type(a),
                "true" if a.required else "false",
            )
        )
    lines.append("    ],")
    option_map = ", ".join("(%s, %d)" % (rs(s), index[id(a)]) for s, a in parser._option_string_actions.items())
    lines.append("    option_strings: &[%s]," % option_map)
    groups = []
    for g in parser._mutually_exclusive_groups:
        members = ", ".join(str(index[id(a)]) for a in g._group_actions)
        groups.append("MutexGroup { actions: &[%s], required: %s }" % (members, "true" if g.required else "false"))
    lines.append("    mutex: &[%s]," % ", ".join(groups))
    opt_parts, pos_parts = usage_parts(parser)
    lines.append("    usage_optionals: %s," % rs_list(opt_parts))
    lines.append("    usage_positionals: %s," % rs_list(pos_parts))
    lines.append("    cinder_abbrev: %s," % ("true" if cinder_abbrev else "false"))
    lines.append("};")
    # The parts must give argparse's own usage text back.
    real = parser.format_usage()
    mine = wrap_usage(parser.prog, opt_parts, pos_parts)
    if real != mine:
        raise SystemExit("usage of %s not reproduced:\n%s\n---\n%s" % (name, real, mine))
    return "\n".join(lines)


def cinder_tables():
    out = []
    sh = cinder_shell.OpenStackCinderShell()
    base = sh.get_base_parser()
    out.append(parser_rs("CINDER_GLOBAL", base, True,
                         "`cinder`'s global options (`OpenStackCinderShell.get_base_parser`): the pre-pass parser."))
    by_version = {}
    for minor in range(0, 72):
        v = api_versions.APIVersion("3.%d" % minor)
        top = sh.get_subcommand_parser(v, do_help=False, input_args=[])
        by_version[minor] = (top, dict(sh.subcommands))
    top315, subs315 = by_version[15]
    top316, subs316 = by_version[16]
    out.append(parser_rs("CINDER_TOP", top316, True,
                         "The full `cinder` parser: the global options and `<subcommand>` (choices checked separately)."))
    out.append(parser_rs("CINDER_MANAGE_BEFORE_3_16", subs315["manage"], True,
                         "`cinder manage` below microversion 3.16 (no `--cluster`)."))
    out.append(parser_rs("CINDER_MANAGE", subs316["manage"], True, "`cinder manage` from microversion 3.16."))
    out.append(parser_rs("CINDER_SNAPSHOT_MANAGE", subs316["snapshot-manage"], True, "`cinder snapshot-manage`."))
    out.append(parser_rs("CINDER_HELP", subs316["help"], True, "`cinder help [<subcommand>]`."))
    # The manage parsers are the same at every version on either side of 3.16.
    for minor, (top, subs) in by_version.items():
        ref = subs315 if minor < 16 else subs316
        for cmd in ("manage", "snapshot-manage", "help"):
            got = [(a.option_strings, a.dest, a.nargs) for a in subs[cmd]._actions]
            want = [(a.option_strings, a.dest, a.nargs) for a in ref[cmd]._actions]
            assert got == want, (minor, cmd)
    names = {}
    for minor, (top, subs) in by_version.items():
        for cmd in subs:
            lo, hi = names.get(cmd, (minor, minor))
            names[cmd] = (min(lo, minor), max(hi, minor))
    for cmd, (lo, hi) in names.items():
        for minor in range(lo, hi + 1):
            assert cmd in by_version[minor][1], ("versions of %s are not a range" % cmd)
    rows = ", ".join("(%s, %d, %d)" % (rs(n), lo, hi) for n, (lo, hi) in sorted(names.items()))
    out.append("/// Every `cinder` subcommand with the lowest and highest 3.x minor version where it exists.")
    out.append("pub(crate) static CINDER_SUBCOMMANDS: &[(&str, u32, u32)] = &[%s];" % rows)
    return out


def osc_shell_for(volume_version):
    s = osc_shell.OpenStackShell()
    argv = ["volume", "create"]
    if volume_version is not None:
        argv = ["--os-volume-api-version", volume_version] + argv
    s.options, remainder = s.parser.parse_known_args(argv)
    s.configure_logging()
    logging.getLogger("").handlers.clear()
    s.initialize_app(remainder)
    logging.getLogger("").handlers.clear()
    return s


def osc_tables():
    out = []
    s3 = osc_shell_for("3")
    s2 = osc_shell_for("2")
    snone = osc_shell_for("abc")
    out.append(parser_rs("OPENSTACK_GLOBAL", s3.parser, False,
                         "`openstack`'s global options (`cliff.app.App.build_option_parser` and osc's additions)."))
    names3 = {k for k, _ in s3.command_manager}
    names2 = {k for k, _ in s2.command_manager}
    common = {k for k, _ in snone.command_manager}
    assert common <= names3 and common <= names2
    parsers = [
        ("OPENSTACK_VOLUME_CREATE", s3, "volume create", "`openstack volume create` (volume API v3)."),
        ("OPENSTACK_SNAPSHOT_CREATE", s3, "volume snapshot create", "`openstack volume snapshot create` (volume API v3)."),
        ("OPENSTACK_VOLUME_CREATE_V2", s2, "volume create", "`openstack volume create` (volume API v2)."),
        ("OPENSTACK_SNAPSHOT_CREATE_V2", s2, "volume snapshot create", "`openstack volume snapshot create` (volume API v2)."),
        ("OPENSTACK_HELP", s3, "help", "`openstack help [cmd ...]`."),
    ]
    for const, shell, cmd_name, doc in parsers:
        factory, _, _ = shell.command_manager.find_command(cmd_name.split())
        cmd = factory(shell, shell.options)
        parser = cmd.get_parser("openstack " + cmd_name)
        out.append(parser_rs(const, parser, False, doc))
    out.append("/// Every `openstack` command name that does not depend on the volume API version.")
    out.append("pub(crate) static OPENSTACK_COMMANDS: &[&str] = %s;" % rs_list(sorted(common)))
    out.append("/// The command names the volume API v3 adds.")
    out.append("pub(crate) static OPENSTACK_COMMANDS_VOLUME_V3: &[&str] = %s;" % rs_list(sorted(names3 - common)))
    out.append("/// The command names the volume API v2 adds.")
    out.append("pub(crate) static OPENSTACK_COMMANDS_VOLUME_V2: &[&str] = %s;" % rs_list(sorted(names2 - common)))
    return out


def main():
    header = [
        "//! The real clients' argument parsers, as tables. Generated by",
        "//! `scripts/clients/gen_parser_tables.py` from python-cinderclient %s and" % pkg_version("python-cinderclient"),
        "//! python-openstackclient %s (openstacksdk %s, osc-lib %s, cliff %s, keystoneauth1 %s)"
        % (pkg_version("python-openstackclient"), pkg_version("openstacksdk"), pkg_version("osc-lib"),
           pkg_version("cliff"), pkg_version("keystoneauth1")),
        "//! on CPython %d.%d.%d with `COLUMNS=80` and `PYTHONHASHSEED=0`. Do not edit." % sys.version_info[:3],
        "",
        "#![allow(clippy::all, reason = \"generated tables\")]",
        "",
        "use super::argparse::{Action, ActionKind::*, Choices, MutexGroup, Nargs::*, Parser, ValueType::*};",
        "",
        "/// python-cinderclient's version (`cinder --version`).",
        "pub(crate) const CINDER_CLIENT_VERSION: &str = %s;" % rs(pkg_version("python-cinderclient")),
        "/// python-openstackclient's version (`openstack --version`).",
        "pub(crate) const OPENSTACK_CLIENT_VERSION: &str = %s;" % rs(pkg_version("python-openstackclient")),
        "/// openstacksdk's version.",
        "pub(crate) const OPENSTACKSDK_VERSION: &str = %s;" % rs(pkg_version("openstacksdk")),
        "",
    ]
    body = cinder_tables() + osc_tables()
    text = "\n".join(header) + "\n\n".join(body) + "\n"
    if "--check" in sys.argv[1:]:
        with open(OUT, encoding="utf-8") as f:
            if f.read() != text:
                print("%s is stale: run scripts/clients/gen_parser_tables.py" % OUT, file=sys.stderr)
                sys.exit(1)
        print("tables.rs is up to date")
        return
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
