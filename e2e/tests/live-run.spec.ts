// `reprise run` end to end (issue 4): the real Theater runtime runs the sample supervisor in the
// `reprise` process started here, which records into a fresh capture directory and serves the
// release build and /ws on its own loopback port. The page, connected with ?ws=, shows the
// supervisor's events as they happen, and the supervision tree grows when a counter is spawned
// after the page connected (a `send spawn …` line on the process's stdin).
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { DebuggerPage } from '../pages/debugger-page';
import { REPRISE_BIN } from '../reprise-binary';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURES = join(REPO, 'fixtures', 'theater-0.3.29');
// Next to LIVE_PORT (4174, `reprise serve`) and the static server (4173).
const RUN_PORT = 4175;
const BASE = `http://127.0.0.1:${RUN_PORT}`;
const WS = `ws://127.0.0.1:${RUN_PORT}/ws`;
// Setting an actor up compiles its module: seconds in the debug build.
const START_TIMEOUT_MS = 90_000;

/** The running `reprise run`, and every stderr line it printed so far. */
class RunProcess {
  readonly child: ChildProcessWithoutNullStreams;
  private stderr = '';

  constructor(manifest: string, captureDir: string) {
    this.child = spawn(
      REPRISE_BIN,
      ['run', manifest, '--dir', captureDir, '--listen', `127.0.0.1:${RUN_PORT}`, '--app-dir', 'dist'],
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

test.describe.configure({ mode: 'serial', timeout: 2 * START_TIMEOUT_MS });

let stageDir: string;
let run: RunProcess;
let rootId: string;
let counterManifest: string;

test.beforeAll(async () => {
  stageDir = mkdtempSync(join(tmpdir(), 'reprise-live-run-'));
  for (const file of ['counter.wasm', 'supervisor.wasm', 'supervisor.toml']) {
    copyFileSync(join(FIXTURES, file), join(stageDir, file));
  }
  // Theater resolves a spawned child's manifest and package against the working directory,
  // so the counter's manifest names its module by absolute path.
  counterManifest = join(stageDir, 'counter.toml');
  const counter = readFileSync(join(FIXTURES, 'counter.toml'), 'utf8').replace(
    'package = "counter.wasm"',
    `package = "${join(stageDir, 'counter.wasm')}"`,
  );
  writeFileSync(counterManifest, counter);
  run = new RunProcess(join(stageDir, 'supervisor.toml'), join(stageDir, 'capture'));
  rootId = (await run.waitFor(/root actor supervisor started: ([0-9a-f-]{36})/))[1];
});

test.afterAll(async () => {
  await run?.stop();
  if (stageDir) {
    rmSync(stageDir, { recursive: true, force: true });
  }
});

test('the page follows a running supervisor and its tree grows when it spawns a counter', async ({
  page,
}) => {
  const app = new DebuggerPage(page);
  await page.goto(`${BASE}/?ws=${encodeURIComponent(WS)}`);
  await expect(app.liveStatus).toHaveAttribute('data-state', 'live');
  await expect(app.treeNodes).toHaveCount(1);
  const root = app.treeNode(rootId);
  await expect(root).toHaveAttribute('data-status', 'running');
  // init: the call, a log, the message-server registration, the result.
  await expect(root.getByTestId('tree-node-events')).toHaveText('4 events');

  run.send(`send spawn ${counterManifest}`);
  const childId = (await run.waitFor(/actor ([0-9a-f-]{36}) \(counter\), child of /))[1];
  await expect(app.treeNodes).toHaveCount(2);
  const child = app.treeNode(childId);
  await expect(child).toHaveAttribute('data-depth', '1');
  await expect(child).toHaveAttribute('data-status', 'running');
  // The supervisor's handle-send: the call, a log, the spawn, a log and the result.
  await expect(root.getByTestId('tree-node-events')).toHaveText('9 events');

  run.send('send send 0 inc');
  // init was 5 events; the message adds at least a call and its result.
  await expect(child.getByTestId('tree-node-events')).toHaveText(/^([7-9]|\d\d+) events$/);
  await app.treeActor(rootId).click();
  await expect(app.rowCount).toHaveText(/^(\d+) of \1 events$/);
  await expect(app.banner).toContainText('verified');
});
