// A plain Node verifier of a Theater chain file: the comparison baseline of
// scripts/bench-verify.sh, written as anyone would from the spec's hash recipe
// (/work/shared/spec/theater-chain.md section 2), with no tuning.
//
// Usage: node verify_chain.mjs FILE   (a JSON array of events, optionally gzip-compressed)
// Prints "N events, verified" or "broken at event I: REASON"; exit 0 verified, 1 broken.
// JSON.stringify escapes strings exactly as serde_json does (spec section 2).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";

function canonical(event) {
  const parent = event.parent_hash === null ? "null" : `[${event.parent_hash.join(",")}]`;
  return (
    `{"hash":[],"parent_hash":${parent},"event_type":${JSON.stringify(event.event_type)},` +
    `"data":[${event.data.join(",")}]}`
  );
}

function sameBytes(left, right) {
  return left.length === right.length && left.every((value, idx) => value === right[idx]);
}

let raw = readFileSync(process.argv[2]);
if (raw[0] === 0x1f && raw[1] === 0x8b) raw = gunzipSync(raw);
const events = JSON.parse(raw.toString("utf8"));
let previous = null;
for (const [idx, event] of events.entries()) {
  const digest = createHash("sha1").update(canonical(event), "utf8").digest();
  if (!sameBytes([...digest], event.hash)) {
    console.log(`broken at event ${idx}: hash mismatch`);
    process.exit(1);
  }
  if (idx > 0 && !sameBytes(event.parent_hash ?? [], previous)) {
    console.log(`broken at event ${idx}: parent mismatch`);
    process.exit(1);
  }
  previous = event.hash;
}
console.log(`${events.length} events, verified`);
