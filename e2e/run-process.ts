// A `reprise run` started by an end-to-end test (live-run.spec.ts, live-replay.spec.ts): the
// real Theater runtime runs the sample supervisor inside the `reprise` process, which records
// into a fresh capture directory and serves the release build, /ws and /modules/ on its own
// loopback port. Each spec passes its own port, so specs can run in parallel.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from '@playwright/test';
import { REPRISE_BIN } from './reprise-binary';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const FIXTURES = join(REPO, 'fixtures', 'theater-0.3.29');
/** Setting an actor up compiles its module: seconds in the debug build. */
export const START_TIMEOUT_MS = 90_000;

/** The running `reprise run`, and every stderr line it printed so far. */
export class RunProcess {
  readonly child: ChildProcessWithoutNullStreams;
  private stderr = '';

  constructor(manifest: string, captureDir: string, port: number) {
    this.child = spawn(
      REPRISE_BIN,
      ['run', manifest, '--dir', captureDir, '--listen', `127.0.0.1:${port}`, '--app-dir', 'dist'],
      { cwd: REPO },
    );
    this.child.stderr.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString();
    });
    // stdout carries only the URL; it must still be read so the pipe never fills.
    this.child.stdout.resume();
  }

  send(line: string): void {
    this.child.stdin.write(`${line}\n`);
  }

  /** Waits for a stderr line matching `pattern`; returns the match. */
  async waitFor(pattern: RegExp): Promise<RegExpMatchArray> {
    await expect
      .poll(() => pattern.test(this.stderr) || this.child.exitCode !== null, {
        timeout: START_TIMEOUT_MS,
        message: `reprise run printed ${pattern}`,
      })
      .toBe(true);
    const match = this.stderr.match(pattern);
    if (match === null) {
      throw new Error(`reprise run exited (${this.child.exitCode}) before ${pattern}:\n${this.stderr}`);
    }
    return match;
  }

  /** Asks it to quit; kills it if it has not exited after a while. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null) {
      return;
    }
    const exited = new Promise<void>((done) => this.child.once('exit', () => done()));
    this.send('quit');
    const killer = setTimeout(() => this.child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(killer);
  }
}

/** The sample supervisor and counter staged in a fresh temporary directory. */
export interface StagedSupervisor {
  /** The directory; remove it with `removeStage`. */
  stageDir: string;
  /** The supervisor's manifest, to pass to `reprise run`. */
  supervisorManifest: string;
  /** The counter's manifest (its module named by absolute path), for `send spawn …`. */
  counterManifest: string;
  /** Where `reprise run` records. */
  captureDir: string;
}

/** Copies the sample supervisor and counter into a fresh directory named `prefix…`. */
export function stageSupervisor(prefix: string): StagedSupervisor {
  const stageDir = mkdtempSync(join(tmpdir(), prefix));
  for (const file of ['counter.wasm', 'supervisor.wasm', 'supervisor.toml']) {
    copyFileSync(join(FIXTURES, file), join(stageDir, file));
  }
  // Theater resolves a spawned child's manifest and package against the working directory,
  // so the counter's manifest names its module by absolute path.
  const counterManifest = join(stageDir, 'counter.toml');
  const counter = readFileSync(join(FIXTURES, 'counter.toml'), 'utf8').replace(
    'package = "counter.wasm"',
    `package = "${join(stageDir, 'counter.wasm')}"`,
  );
  writeFileSync(counterManifest, counter);
  return {
    stageDir,
    supervisorManifest: join(stageDir, 'supervisor.toml'),
    counterManifest,
    captureDir: join(stageDir, 'capture'),
  };
}

/** Removes a staged directory and the capture in it. */
export function removeStage(stage: StagedSupervisor | undefined): void {
  if (stage) {
    rmSync(stage.stageDir, { recursive: true, force: true });
  }
}
