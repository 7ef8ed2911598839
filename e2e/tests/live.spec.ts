// Live capture end to end: the real `reprise serve` (second webServer in playwright.config.ts)
// serves the release build and the scenario bundle's records over /ws; the app, opened with
// ?ws=, subscribes from the beginning and builds the supervision tree as records arrive.
import { expect, test } from '@playwright/test';
import { DebuggerPage } from '../pages/debugger-page';
import { COUNTER_FAILED, COUNTER_STOPPED, SCENARIO_STATUSES, SUPERVISOR } from '../scenario';
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

// The seqs of the 4 actor records (each actor's record comes before its events).
const ACTOR_RECORD_SEQS = [1, 78, 94, 107];

/** Every event seq from `first` to `last`: the actor records have no row. */
function eventSeqs(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, offset) => first + offset).filter(
    (seq) => !ACTOR_RECORD_SEQS.includes(seq),
  );
}

test('all actors in arrival order: every event of the feed by seq, a row opens its actor event', async ({
  page,
}) => {
  const app = new DebuggerPage(page);
  await page.goto(`${BASE}/?ws=${encodeURIComponent(WS)}`);
  await expect(app.liveStatus).toContainText(`seq ${NUM_RECORDS}`);
  await app.mergedToggle.click();
  await expect(app.mergedToggle).toHaveAttribute('aria-pressed', 'true');
  // 122 records: 4 actor records and 76 + 15 + 12 + 15 events.
  await expect(app.mergedCount).toHaveText('118 events in arrival order');
  // Seq 1 is the supervisor's actor record; its events are seqs 2..77.
  await app.scrollMergedTimelineTo(0);
  await expect(app.mergedRow(2)).toHaveAttribute('data-actor-id', SUPERVISOR);
  const top = await app.renderedMergedSeqs();
  expect(top[0]).toBe(2);
  expect(top).toEqual(eventSeqs(2, top[top.length - 1]));
  // Seq 78 is the first counter's actor record: its events follow from 79.
  await app.scrollMergedTimelineTo(70 * 26);
  await expect(app.mergedRow(79)).toHaveAttribute('data-actor-id', COUNTER_FAILED);
  await expect(app.mergedRow(79)).toHaveAttribute('data-event-index', '0');
  await expect(app.mergedRow(77)).toHaveAttribute('data-actor-id', SUPERVISOR);
  const middle = await app.renderedMergedSeqs();
  expect(middle).toEqual(eventSeqs(middle[0], middle[middle.length - 1]));
  await app.scrollMergedTimelineTo(118 * 26);
  await expect(app.mergedRow(122)).toHaveAttribute('data-actor-id', COUNTER_STOPPED);
  const bottom = await app.renderedMergedSeqs();
  expect(bottom[bottom.length - 1]).toBe(NUM_RECORDS);
  expect(bottom).toEqual(eventSeqs(bottom[0], NUM_RECORDS));
  // Clicking a counter's row opens that counter's event in the detail pane.
  await app.mergedRow(122).click();
  await expect(app.mergedRow(122)).toHaveAttribute('aria-selected', 'true');
  await expect(app.detailTitle).toHaveText('Event 14');
  await expect(app.treeActor(COUNTER_STOPPED)).toHaveAttribute('aria-selected', 'true');
  await expect(app.banner).toContainText('15 events, verified');
  // Choosing an actor in the tree shows its own timeline again.
  await app.treeActor(COUNTER_STOPPED).click();
  await expect(app.mergedToggle).toHaveAttribute('aria-pressed', 'false');
  await expect(app.rowCount).toHaveText('15 of 15 events');
});
