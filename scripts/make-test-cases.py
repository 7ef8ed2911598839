#!/usr/bin/env python3
"""Regenerates the input files of crates/reprise-chain/tests/cases/ from fixtures/.

Each case is a folder holding one input file (any name but expected.json) and an expected.json (written by the Rust test
runner with UPDATE_EXPECT=1 and reviewed by hand). Tampered inputs are derived from real
chains so that every break sits at a known event. Hashes of re-hashed events (forks, era A)
use the recipe of theater-chain.md §2, written out independently of the Rust core.
"""
import gzip, hashlib, json, os, random, shutil, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIX = os.path.join(ROOT, "fixtures")
CASES = os.path.join(ROOT, "crates", "reprise-chain", "tests", "cases")


def load(rel):
    with open(os.path.join(FIX, rel)) as f:
        return json.load(f)


def canonical_hash(event, legacy=False):
    obj = {"hash": [], "parent_hash": event["parent_hash"], "event_type": event["event_type"], "data": event["data"]}
    if legacy:
        obj["timestamp"] = event["timestamp"]
        obj["description"] = event["description"]
    text = json.dumps(obj, separators=(",", ":"), ensure_ascii=False)
    return list(hashlib.sha1(text.encode("utf-8")).digest())


def write_case(name, file_name, content):
    folder = os.path.join(CASES, name)
    os.makedirs(folder, exist_ok=True)
    for old in os.listdir(folder):
        if old != "expected.json":
            os.remove(os.path.join(folder, old))
    mode = "wb" if isinstance(content, bytes) else "w"
    with open(os.path.join(folder, file_name), mode) as f:
        f.write(content)


def compact(events):
    return json.dumps(events, separators=(",", ":"))


def main():
    ten = load("vectors/c2-ten-events.chain.json")

    for fixture in sorted(os.listdir(os.path.join(FIX, "theater-repo"))):
        name = "real-" + fixture.replace(".chain.json", "")
        write_case(name, "input.chain.json", open(os.path.join(FIX, "theater-repo", fixture)).read())
    write_case("vector-c2-ten-events", "input.chain.json", open(os.path.join(FIX, "vectors/c2-ten-events.chain.json")).read())

    flipped = json.loads(json.dumps(ten))
    flipped[3]["data"][40] ^= 0x01
    write_case("tamper-flip-data-event-3", "input.chain.json", compact(flipped))

    write_case("tamper-drop-event-4", "input.chain.json", compact(ten[:4] + ten[5:]))

    swapped = ten[:5] + [ten[6], ten[5]] + ten[7:]
    write_case("tamper-swap-events-5-6", "input.chain.json", compact(swapped))

    write_case("tamper-duplicate-event-2", "input.chain.json", compact(ten[:3] + [ten[2]] + ten[3:]))

    # A second, validly hashed successor of event 5: the chain forks at event 5.
    sibling = json.loads(json.dumps(ten[6]))
    sibling["data"][-1] ^= 0x01
    sibling["hash"] = canonical_hash(sibling)
    write_case("tamper-fork-after-event-5", "input.chain.json", compact(ten[:7] + [sibling] + ten[7:]))

    write_case("partial-starts-at-event-3", "input.chain.json", compact(ten[3:]))

    text = json.dumps(ten, indent=2)
    write_case("truncated-file", "input.chain.json", text[: int(len(text) * 0.6)])

    rng = random.Random(7)
    write_case("garbage", "input.chain.json", bytes(rng.randrange(256) for _ in range(512)))
    write_case("empty-file", "input.chain.json", "")

    bad_byte = json.loads(json.dumps(ten))
    bad_byte[4]["data"][2] = 300
    write_case("byte-out-of-range-event-4", "input.chain.json", compact(bad_byte))

    runtime = load("theater-repo/runtime-test.chain.json")
    write_case("gzip-chain", "input.chain.json.gz", gzip.compress(compact(runtime).encode(), mtime=0))

    bundle = {
        "format": "reprise-bundle",
        "version": 1,
        "actors": [
            {"id": "0d4c8a51-7f4e-4b55-9d0e-3c1f6f0a2b11", "name": "supervisor", "parent": None,
             "manifest": "supervisor.toml", "initial_state": None, "wasm_sha256": None, "events": ten},
            {"id": "6f1c2f0e-3b7a-4c1e-9a55-0d2f4b8e7c11", "name": "child",
             "parent": "0d4c8a51-7f4e-4b55-9d0e-3c1f6f0a2b11", "manifest": "/actors/child/manifest.toml",
             "initial_state": None, "wasm_sha256": None, "events": flipped},
        ],
    }
    write_case("bundle-two-actors", "input.bundle.json", json.dumps(bundle))
    bundle_v9 = dict(bundle, version=9)
    write_case("bundle-unsupported-version", "input.bundle.json", json.dumps(bundle_v9))

    # Era A (Theater 0.2.x): timestamp and description take part in the hash.
    era_a = []
    parent = None
    for i, (etype, payload, desc) in enumerate([
        ("wasm", {"Wasm": {"WasmCall": {"function_name": "init", "params": []}}}, None),
        ("theater:simple/runtime/log", {"Runtime": {"Log": {"level": "info", "message": "héllo\n"}}}, "log"),
        ("wasm", {"Wasm": {"WasmResult": {"function_name": "init", "result": [[110, 117, 108, 108], [110, 117, 108, 108]]}}}, None),
    ]):
        event = {"hash": [], "parent_hash": parent, "event_type": etype,
                 "data": list(json.dumps(payload).encode()), "timestamp": 1718000000000 + i, "description": desc}
        event["hash"] = canonical_hash(event, legacy=True)
        parent = event["hash"]
        era_a.append(event)
    write_case("era-a-legacy-fields", "input.chain.json", json.dumps(era_a))

    write_case("actor-id-from-file-name", "5e0b7c1a-2d3f-4a6b-8c9d-0e1f2a3b4c5d.chain.json", compact(runtime))

    # A capture log (events.log.jsonl, as `reprise run`, `record` and `serve` write it): each
    # actor's record before its events, the two chains interleaved by seq, and a later record
    # of the first actor that replaces its metadata.
    first, second = "0d4c8a51-7f4e-4b55-9d0e-3c1f6f0a2b11", "6f1c2f0e-3b7a-4c1e-9a55-0d2f4b8e7c11"
    def actor_record(actor_id, name, parent):
        return {"type": "actor", "seq": 0, "id": actor_id, "name": name, "parent": parent,
                "manifest": None, "initial_state": None, "wasm_sha256": None}
    def event_record(actor_id, event):
        return {"type": "event", "seq": 0, "actor_id": actor_id, "event": event}
    records = [actor_record(first, "supervisor", None), actor_record(second, "runtime", first)]
    for idx in range(max(len(ten), len(runtime))):
        records += [event_record(first, e) for e in ten[idx:idx + 1]]
        records += [event_record(second, e) for e in runtime[idx:idx + 1]]
        if idx == 4:
            records.append(actor_record(first, "supervisor (renamed)", None))
    for seq, record in enumerate(records, start=1):
        record["seq"] = seq
    lines = [json.dumps(record, separators=(",", ":"), ensure_ascii=False) for record in records]
    write_case("capture-log-two-actors", "events.log.jsonl", "".join(line + "\n" for line in lines))
    # The same log with its 6th line cut short in the middle.
    damaged = lines[:5] + [lines[5][: len(lines[5]) // 2]] + lines[6:]
    write_case("capture-log-damaged-line-6", "events.log.jsonl", "".join(line + "\n" for line in damaged))


if __name__ == "__main__":
    sys.exit(main())
