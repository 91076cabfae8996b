#!/usr/bin/env python3
"""Writes schemas/*.json: Cinder's manage request schemas as portable JSON Schema draft-04.

Run from the repository root: python3 scripts/gen_schemas.py
Cinder's own schemas (cinder/api/schemas/volume_manage.py, snapshot_manage.py,
parameter_types.py) are Python dicts. These files mean the same, with two
portability changes, both checked by tests/schemas.rs:
  * every pattern is written with \\uXXXX escapes and escaped hyphens so it
    compiles in Python re, Rust regex and JavaScript with the `u` flag
    (Cinder's generated description pattern does not compile under `u`);
  * the uuid format (Cinder's own checker, oslo is_uuid_like) is written as
    a pattern, since draft-04 validators ignore unknown formats.
What a schema cannot say is listed in schemas/README.md.
"""
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
RANGES = ROOT.parent / "shared" / "spec" / "description-accepted-bmp-ranges.json"
if not RANGES.exists():
    RANGES = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else RANGES


def description_pattern(version="14.0.0"):
    ranges = json.loads(RANGES.read_text())["versions"][version]
    if isinstance(ranges, dict):
        ranges = ranges.get("ranges", ranges)
    parts = []
    for lo, hi in ranges:
        parts.append(f"\\u{lo:04x}" if lo == hi else f"\\u{lo:04x}-\\u{hi:04x}")
    return "^[" + "".join(parts) + "]*$"


HOST = r"^[a-zA-Z0-9\-._#@:/+\[\]]*$"
METADATA_KEY = r"^[a-zA-Z0-9\-_:. /]{1,255}$"
# oslo is_uuid_like: urn:/uuid: removed, braces stripped at the ends,
# hyphens removed anywhere, 32 hex digits.
UUID_LIKE = r"^[{}]*(?:urn:|uuid:)*[{}]*(?:-*[0-9a-fA-F]){32}-*[{}]*$"

BOOLEAN = {
    "type": ["boolean", "string"],
    "enum": [True, "True", "TRUE", "true", "1", "ON", "On", "on", "YES", "Yes", "yes", "y", "t",
             False, "False", "FALSE", "false", "0", "OFF", "Off", "off", "NO", "No", "no", "n", "f"],
}


def string_or_null(max_length=255, min_length=0):
    return {"type": ["string", "null"], "minLength": min_length, "maxLength": max_length}


def description():
    return {"type": ["string", "null"], "minLength": 0, "maxLength": 255, "pattern": description_pattern()}


METADATA = {
    "type": ["object", "null"],
    "patternProperties": {METADATA_KEY: {"type": "string", "maxLength": 255}},
    "additionalProperties": False,
}


def volume_schema(with_cluster):
    props = {
        "description": description(),
        "availability_zone": string_or_null(),
        "bootable": BOOLEAN,
        "volume_type": string_or_null(),
        "name": string_or_null(),
        "host": {"type": ["string", "null"], "minLength": 1, "maxLength": 255, "pattern": HOST},
        "ref": {"type": ["object", "string"]},
        "metadata": METADATA,
    }
    if with_cluster:
        props["cluster"] = string_or_null()
    title = "Cinder volume manage request, microversion " + ("3.16 and later" if with_cluster else "3.0 to 3.15 (and the v2 API)")
    return {
        "$schema": "http://json-schema.org/draft-04/schema#",
        "id": "https://os-volume-manage.invalid/schemas/" + ("volume-manage-v3.16.json" if with_cluster else "volume-manage.json"),
        "title": title,
        "type": "object",
        "properties": {
            "volume": {"type": "object", "properties": props, "required": ["ref"], "additionalProperties": False},
        },
        "required": ["volume"],
        "additionalProperties": False,
    }


def snapshot_schema():
    return {
        "$schema": "http://json-schema.org/draft-04/schema#",
        "id": "https://os-volume-manage.invalid/schemas/snapshot-manage.json",
        "title": "Cinder snapshot manage request (all microversions)",
        "type": "object",
        "properties": {
            "snapshot": {
                "type": "object",
                "properties": {
                    "description": description(),
                    "metadata": METADATA,
                    "name": string_or_null(),
                    "volume_id": {"type": "string", "pattern": UUID_LIKE},
                    "ref": {"type": ["object", "null", "string"]},
                },
                "required": ["ref", "volume_id"],
                "additionalProperties": False,
            },
        },
        "required": ["snapshot"],
        "additionalProperties": False,
    }


def main():
    out = ROOT / "schemas"
    out.mkdir(exist_ok=True)
    for name, schema in [
        ("volume-manage.json", volume_schema(False)),
        ("volume-manage-v3.16.json", volume_schema(True)),
        ("snapshot-manage.json", snapshot_schema()),
    ]:
        (out / name).write_text(json.dumps(schema, indent=2) + "\n")
        print("wrote", out / name)


if __name__ == "__main__":
    main()
