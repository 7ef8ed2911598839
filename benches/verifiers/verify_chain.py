#!/usr/bin/env python3
"""A plain Python verifier of a Theater chain file: the comparison baseline of
scripts/bench-verify.sh, written as anyone would from the spec's hash recipe
(/work/shared/spec/theater-chain.md section 2), with no tuning.

Usage: verify_chain.py FILE   (a JSON array of events, optionally gzip-compressed)
Prints "N events, verified" or "broken at event I: REASON"; exit 0 verified, 1 broken.
Each event's SHA-1 is over `{"hash":[],"parent_hash":...,"event_type":...,"data":[...]}`,
compact, byte lists as decimal numbers, the string escaped as serde_json (and json.dumps
with ensure_ascii=False) escape it.
"""
import gzip
import hashlib
import json
import sys


def byte_list(values):
    return "[" + ",".join(str(value) for value in values) + "]"


def canonical(event):
    parent = event["parent_hash"]
    return (
        '{"hash":[],"parent_hash":'
        + ("null" if parent is None else byte_list(parent))
        + ',"event_type":'
        + json.dumps(event["event_type"], ensure_ascii=False)
        + ',"data":'
        + byte_list(event["data"])
        + "}"
    ).encode("utf-8")


def main(path):
    with open(path, "rb") as file:
        raw = file.read()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    events = json.loads(raw)
    previous = None
    for idx, event in enumerate(events):
        if list(hashlib.sha1(canonical(event)).digest()) != event["hash"]:
            print(f"broken at event {idx}: hash mismatch")
            return 1
        if idx > 0 and event["parent_hash"] != previous:
            print(f"broken at event {idx}: parent mismatch")
            return 1
        previous = event["hash"]
    print(f"{len(events)} events, verified")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
