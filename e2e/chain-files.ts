// Chain files for the tests: repository fixtures, tampered variants, garbage, and large
// synthetic chains with correct hashes (Theater's recipe: SHA-1 of the event's JSON with
// `"hash":[]`, which JSON.stringify reproduces for these events).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ChainFile } from './pages/debugger-page';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

interface ChainEvent {
  hash: number[];
  parent_hash: number[] | null;
  event_type: string;
  data: number[];
}

/** A file from the repository, named by its last path segment. */
export function repoFile(relativePath: string): ChainFile {
  return {
    name: relativePath.split('/').pop() ?? relativePath,
    bytes: readFileSync(repoRoot + relativePath),
  };
}

export const C2_TEN_EVENTS = 'fixtures/vectors/c2-ten-events.chain.json';
export const RUNTIME_TEST = 'fixtures/theater-repo/runtime-test.chain.json';
export const BUNDLE_TWO_ACTORS = 'crates/reprise-chain/tests/cases/bundle-two-actors/input.bundle.json';

/** The C2 chain with the first data byte of event `k` flipped (its stored hash kept). */
export function flippedDataByte(k: number): ChainFile {
  const events = JSON.parse(readFileSync(repoRoot + C2_TEN_EVENTS, 'utf8')) as ChainEvent[];
  events[k].data[0] ^= 0x01;
  return { name: `tampered-event-${k}.chain.json`, bytes: Buffer.from(JSON.stringify(events)) };
}

/** Bytes that are no chain at all. */
export function garbage(): ChainFile {
  const bytes = Buffer.alloc(512);
  for (let i = 0; i < bytes.length; i++) {
    bytes[i] = (i * 97 + 13) % 251;
  }
  return { name: 'garbage.bin', bytes };
}

function sha1Bytes(text: string): number[] {
  return [...createHash('sha1').update(text, 'utf8').digest()];
}

/** A valid chain of `numEvents` small host-call events (era-B style JSON payloads). */
export function syntheticChain(numEvents: number): ChainFile {
  const parts: string[] = [];
  let parent: number[] | null = null;
  for (let i = 0; i < numEvents; i++) {
    const payload = JSON.stringify({ category: 'HostFunction', interface: 't', function: 'tick', input: i, output: null });
    const event: ChainEvent = {
      hash: [],
      parent_hash: parent,
      event_type: 'test/tick',
      data: [...Buffer.from(payload, 'utf8')],
    };
    event.hash = sha1Bytes(JSON.stringify(event));
    parts.push(JSON.stringify(event));
    parent = event.hash;
  }
  return { name: `synthetic-${numEvents}.chain.json`, bytes: Buffer.from(`[${parts.join(',')}]`) };
}

/** Writes `file` under `dir` and returns its path (for files too big to pass as a buffer). */
export function writeChainFile(file: ChainFile, path: string): string {
  writeFileSync(path, file.bytes);
  return path;
}

/** A valid chain of `numEvents` events whose data is `bytesPerEvent` pseudo-random bytes (a
 * fixed seed, so every run is the same): it does not compress, so its session is too large to
 * embed in a link. */
export function incompressibleChain(numEvents: number, bytesPerEvent: number): ChainFile {
  let seed = 0x2545f491;
  const nextByte = (): number => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) & 0xff;
  };
  const parts: string[] = [];
  let parent: number[] | null = null;
  for (let i = 0; i < numEvents; i++) {
    const event: ChainEvent = {
      hash: [],
      parent_hash: parent,
      event_type: 'test/noise',
      data: Array.from({ length: bytesPerEvent }, nextByte),
    };
    event.hash = sha1Bytes(JSON.stringify(event));
    parts.push(JSON.stringify(event));
    parent = event.hash;
  }
  return { name: `noise-${numEvents}.chain.json`, bytes: Buffer.from(`[${parts.join(',')}]`) };
}
