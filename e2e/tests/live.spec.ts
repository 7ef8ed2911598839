// Live capture end to end: the real `reprise serve` (second webServer in playwright.config.ts)
// serves the release build and the scenario bundle's records over /ws; the app, opened with
// ?ws=, subscribes from the beginning and builds the supervision tree as records arrive.
import { expect, test } from '@playwright/test';
import { DebuggerPage } from '../pages/debugger-page';
import { COUNTER_FAILED, SCENARIO_STATUSES, SUPERVISOR } from '../scenario';
import { LIVE_PORT } from '../live-port';

const BASE = `http://127.0.0.1:${LIVE_PORT}`;
const WS = `ws://127.0.0.1:${LIVE_PORT}/ws`;
// 4 actor records and 76 + 15 + 12 + 15 events.
const NUM_RECORDS = 122;

test('a live feed shows the supervisor, its counters, their statuses and every event', async ({
  page,
}) => {
  const app = new DebuggerPage(page);
  await page.goto(`${BASE}/?ws=${encodeURIComponent(WS)}`);
  await expect(app.liveStatus).toHaveAttribute('data-state', 'live');
  await expect(app.liveStatus).toContainText(`seq ${NUM_RECORDS}`);
  await expect(app.liveUrl).toHaveValue(WS);
  await expect(app.treeNodes).toHaveCount(4);
  for (const [actorId, status] of SCENARIO_STATUSES) {
    await expect(app.treeNode(actorId)).toHaveAttribute('data-status', status);
  }
  await expect(app.treeNode(COUNTER_FAILED)).toHaveAttribute('data-depth', '1');
  await expect(app.treeNode(SUPERVISOR).getByTestId('tree-node-events')).toHaveText('76 events');
  await app.treeActor(SUPERVISOR).click();
  await expect(app.rowCount).toHaveText('76 of 76 events');
  await expect(app.banner).toContainText('76 events, verified');
});

test('connecting from the URL field to a closed port says it is reconnecting', async ({ page }) => {
  const app = new DebuggerPage(page);
  await page.goto(`${BASE}/`);
  await expect(app.liveStatus).toHaveText('not connected');
  await app.liveUrl.fill('ws://127.0.0.1:4199/ws');
  await app.liveConnect.click();
  await expect(app.liveStatus).toHaveAttribute('data-state', 'reconnecting');
  await expect(app.liveStatus).toContainText(/reconnecting in \ds/);
});

test('a feed started mid-chain shows the gap back-filled from the log: full, verified chains', async ({
  page,
}) => {
  const app = new DebuggerPage(page);
  // Seq 50 is the supervisor's 49th event: its actor record and first 48 events reach the app
  // only through the back-fill; the counters come whole.
  await page.goto(`${BASE}/?ws=${encodeURIComponent(WS)}&from=50`);
  // No gap left in the status line.
  await expect(app.liveStatus).toHaveText(`live · seq ${NUM_RECORDS}`);
  await expect(app.treeNodes).toHaveCount(4);
  for (const [actorId, status] of SCENARIO_STATUSES) {
    await expect(app.treeNode(actorId)).toHaveAttribute('data-status', status);
  }
  await expect(app.treeNode(SUPERVISOR).getByTestId('tree-node-events')).toHaveText('76 events');
  await app.treeActor(SUPERVISOR).click();
  await expect(app.rowCount).toHaveText('76 of 76 events');
  await expect(app.banner).toContainText('76 events, verified');
});

test('a feed from the tail of a finished log is live and waits for new records', async ({ page }) => {
  const app = new DebuggerPage(page);
  await page.goto(`${BASE}/?ws=${encodeURIComponent(WS)}&from=tail`);
  // Subscribed, and no record of the finished log came: no seq reached.
  await expect(app.liveStatus).toHaveText('live');
});
