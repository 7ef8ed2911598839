// `reprise run` end to end (issue 4): the real Theater runtime runs the sample supervisor in the
// `reprise` process started here, which records into a fresh capture directory and serves the
// release build and /ws on its own loopback port. The page, connected with ?ws=, shows the
// supervisor's events as they happen, and the supervision tree grows when a counter is spawned
// after the page connected (a `send spawn …` line on the process's stdin).
import { expect, test } from '@playwright/test';
import { DebuggerPage } from '../pages/debugger-page';
import { removeStage, RunProcess, START_TIMEOUT_MS, type StagedSupervisor, stageSupervisor } from '../run-process';

// Next to LIVE_PORT (4174, `reprise serve`) and the static server (4173).
const RUN_PORT = 4175;
const BASE = `http://127.0.0.1:${RUN_PORT}`;
const WS = `ws://127.0.0.1:${RUN_PORT}/ws`;

test.describe.configure({ mode: 'serial', timeout: 2 * START_TIMEOUT_MS });

let stage: StagedSupervisor;
let run: RunProcess;
let rootId: string;
let counterManifest: string;

test.beforeAll(async () => {
  stage = stageSupervisor('reprise-live-run-');
  counterManifest = stage.counterManifest;
  run = new RunProcess(stage.supervisorManifest, stage.captureDir, RUN_PORT);
  rootId = (await run.waitFor(/root actor supervisor started: ([0-9a-f-]{36})/))[1];
});

test.afterAll(async () => {
  await run?.stop();
  removeStage(stage);
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
