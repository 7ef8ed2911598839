// Replay of a live capture: `reprise run` records the sample supervisor and keeps its module
// beside the log, served at /modules/<sha256>.wasm on the origin of /ws. The page, connected
// with ?ws=, has the actor record's wasm_sha256 but no module bytes; pressing Replay fetches
// the module from the server, checks its SHA-256 and replays the chain recorded so far.
import { expect, test } from '@playwright/test';
import { DebuggerPage } from '../pages/debugger-page';
import { removeStage, RunProcess, START_TIMEOUT_MS, type StagedSupervisor, stageSupervisor } from '../run-process';

// Next to live-run.spec.ts's `reprise run` (4175), so both specs can run at once.
const RUN_PORT = 4176;
const BASE = `http://127.0.0.1:${RUN_PORT}`;
const WS = `ws://127.0.0.1:${RUN_PORT}/ws`;
/** The supervisor's init: the call, a log, the message-server registration, the result. */
const INIT_EVENTS = 4;

test.describe.configure({ mode: 'serial', timeout: 2 * START_TIMEOUT_MS });

let stage: StagedSupervisor;
let run: RunProcess;
let rootId: string;

test.beforeAll(async () => {
  stage = stageSupervisor('reprise-live-replay-');
  run = new RunProcess(stage.supervisorManifest, stage.captureDir, RUN_PORT);
  rootId = (await run.waitFor(/root actor supervisor started: ([0-9a-f-]{36})/))[1];
});

test.afterAll(async () => {
  await run?.stop();
  removeStage(stage);
});

test('a live-captured supervisor replays with the module the server keeps', async ({ page }) => {
  const app = new DebuggerPage(page);
  const moduleRequests: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/modules/')) {
      moduleRequests.push(request.url());
    }
  });
  await page.goto(`${BASE}/?ws=${encodeURIComponent(WS)}`);
  await expect(app.liveStatus).toHaveAttribute('data-state', 'live');
  const root = app.treeNode(rootId);
  await expect(root.getByTestId('tree-node-events')).toHaveText(`${INIT_EVENTS} events`);
  await app.treeActor(rootId).click();
  await expect(app.rowCount).toHaveText(`${INIT_EVENTS} of ${INIT_EVENTS} events`);

  // No bytes in the page yet: the bar names the server's module, fetched on Replay.
  await expect(app.replayHint).toHaveCount(0);
  await expect(app.replayWasm).toHaveAttribute('data-source', /^server module [0-9a-f]{12}$/);
  await expect(app.replayWasm).toContainText('fetched when the replay starts');

  await app.replayRun.click();
  await expect(app.replayStatus).toContainText(
    `${INIT_EVENTS}/${INIT_EVENTS} events verified`,
    { timeout: 30_000 },
  );
  await expect(app.replayStatus).toHaveAttribute('data-outcome', 'verified');
  await expect(app.replayWasm).toHaveAttribute('data-source', /^server module [0-9a-f]{12}$/);
  await expect(app.replayWasm).toHaveAttribute('data-mismatch', 'false');
  await expect(app.replayWasm).toContainText('SHA-256 matches the recording');
  await expect(app.rows.and(page.locator(':not([data-replay="verified"])'))).toHaveCount(0);
  expect(moduleRequests).toHaveLength(1);
  expect(moduleRequests[0]).toMatch(new RegExp(`^${BASE}/modules/[0-9a-f]{64}\\.wasm$`));

  // The module is kept for the session: stepping back and replaying again asks for nothing.
  await app.replayControl('step-back').click();
  await expect(app.replayStatus).toHaveAttribute('data-outcome', 'partial');
  await app.replayRun.click();
  await expect(app.replayStatus).toHaveAttribute('data-outcome', 'verified');
  expect(moduleRequests).toHaveLength(1);
});

test('a module the server does not have is a message in the replay bar', async ({ page }) => {
  const app = new DebuggerPage(page);
  await page.route('**/modules/*.wasm', (route) => route.fulfill({ status: 404, body: 'not found' }));
  await page.goto(`${BASE}/?ws=${encodeURIComponent(WS)}`);
  await expect(app.liveStatus).toHaveAttribute('data-state', 'live');
  await app.treeActor(rootId).click();
  await expect(app.rowCount).toHaveText(`${INIT_EVENTS} of ${INIT_EVENTS} events`);
  await app.replayRun.click();
  await expect(app.replayStatus).toHaveAttribute('data-outcome', 'failed');
  await expect(app.replayStatus).toContainText(/^Replay failed: could not fetch http:\/\/.*\/modules\/[0-9a-f]{64}\.wasm: HTTP 404/);
  // What is loaded stays, and Replay can be pressed again.
  await expect(app.rowCount).toHaveText(`${INIT_EVENTS} of ${INIT_EVENTS} events`);
  await expect(app.replayRun).toBeEnabled();
});

test('a what-if on a live-captured actor fetches its module first, then re-runs', async ({ page }) => {
  const app = new DebuggerPage(page);
  const moduleRequests: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/modules/')) {
      moduleRequests.push(request.url());
    }
  });
  await page.goto(`${BASE}/?ws=${encodeURIComponent(WS)}`);
  await expect(app.liveStatus).toHaveAttribute('data-state', 'live');
  await app.treeActor(rootId).click();
  await expect(app.rowCount).toHaveText(`${INIT_EVENTS} of ${INIT_EVENTS} events`);
  // Event 1 is the init's `runtime/log` host call: its recorded output, applied unchanged,
  // must replay every event. No module is in the page until the edit is applied.
  await app.row(1).click();
  await app.expectSelected(1);
  await expect(app.whatIfOutput).toBeVisible();
  expect(moduleRequests).toHaveLength(0);
  await app.whatIfApply.click();
  await expect(app.whatIfError).toBeEmpty();
  await expect(app.replayStatus).toContainText('What-if (event 1 edited)', { timeout: 30_000 });
  await expect(app.replayStatus).toContainText(`${INIT_EVENTS}/${INIT_EVENTS} events verified`);
  expect(moduleRequests).toHaveLength(1);
});
