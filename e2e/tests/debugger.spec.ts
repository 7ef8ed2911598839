// The debugger end to end, against the release build: opening files every way, verification
// findings, errors that keep what is open, filtering, keyboard navigation and shareable links.
import { expect, test } from '@playwright/test';
import {
  BUNDLE_TWO_ACTORS,
  RUNTIME_TEST,
  flippedDataByte,
  garbage,
  repoFile,
  syntheticChain,
  writeChainFile,
} from '../chain-files';
import { DebuggerPage } from '../pages/debugger-page';

test('the demo session shows ten verified events', async ({ page }) => {
  const app = new DebuggerPage(page);
  await app.open();
  await expect(app.demoNote).toBeVisible();
  await expect(app.rowCount).toHaveText('10 of 10 events');
  await expect(app.rows).toHaveCount(10);
  await expect(app.banner).toContainText('10 events, verified');
  await expect(app.actorItems).toHaveCount(1);
});

test('a dropped fixture replaces the demo and verifies', async ({ page }) => {
  const app = new DebuggerPage(page);
  await app.open();
  await app.dropFiles([repoFile(RUNTIME_TEST)]);
  await expect(app.rowCount).toHaveText('6 of 6 events');
  await expect(app.banner).toContainText('6 events, verified');
  await expect(app.demoNote).toHaveCount(0);
  await expect(app.actorItems).toHaveCount(1);
});

test('the file picker opens several files at once, one actor each', async ({ page }) => {
  const app = new DebuggerPage(page);
  await app.open();
  await app.pickFiles([repoFile(RUNTIME_TEST), flippedDataByte(3)]);
  await expect(app.actorItems).toHaveCount(2);
  await expect(app.demoNote).toHaveCount(0);
});

test('a tampered byte is reported at its event, and the banner jumps to it', async ({ page }) => {
  const app = new DebuggerPage(page);
  await app.open();
  await app.dropFiles([flippedDataByte(3)]);
  await expect(app.banner).toContainText('broken at event 3');
  await expect(app.banner).toContainText('hash mismatch');
  await expect(app.row(3)).toHaveAttribute('data-status', 'hash_mismatch');
  await app.banner.click();
  await app.expectSelected(3);
  await expect(app.detailStatus).toHaveText('hash mismatch');
  await expect(app.detailComputedHash).toHaveText(/^[0-9a-f]{40}$/);
  await expect(app.hexView).toBeVisible();
});

test('a garbage file shows a load error and keeps what is open', async ({ page }) => {
  const app = new DebuggerPage(page);
  await app.open();
  await app.dropFiles([repoFile(RUNTIME_TEST)]);
  await expect(app.rowCount).toHaveText('6 of 6 events');
  await app.dropFiles([garbage()]);
  await expect(app.loadErrors).toHaveCount(1);
  await expect(app.loadErrors).toContainText('garbage.bin');
  await expect(app.rowCount).toHaveText('6 of 6 events');
  await expect(app.banner).toContainText('6 events, verified');
});

test('?src= opens a file from the server', async ({ page }) => {
  const app = new DebuggerPage(page);
  await app.open('?src=/fixtures/theater-repo/runtime-test.chain.json');
  await expect(app.rowCount).toHaveText('6 of 6 events');
  await expect(app.banner).toContainText('6 events, verified');
  await expect(app.demoNote).toHaveCount(0);
  await expect(app.loadErrors).toHaveCount(0);
});

test('?src= naming a missing file says which URL failed and why', async ({ page }) => {
  const app = new DebuggerPage(page);
  await app.open('?src=/fixtures/no-such-file.chain.json');
  await expect(app.loadErrors).toHaveCount(1);
  await expect(app.loadErrors).toContainText('/fixtures/no-such-file.chain.json');
  await expect(app.loadErrors).toContainText('HTTP 404');
});

test('?src= on an unreachable server names the URL and the likely cause', async ({ page }) => {
  const app = new DebuggerPage(page);
  await app.open('?src=http://127.0.0.1:9/chain.json');
  await expect(app.loadErrors).toHaveCount(1);
  await expect(app.loadErrors).toContainText('http://127.0.0.1:9/chain.json');
  await expect(app.loadErrors).toContainText('network error or blocked by CORS');
});

test('kind, type and text filters narrow the rows', async ({ page }) => {
  const app = new DebuggerPage(page);
  await app.open();
  await app.kindFilter('host').check();
  await expect(app.rowCount).not.toHaveText('10 of 10 events');
  const numHostRows = await app.rows.count();
  expect(numHostRows).toBeGreaterThan(0);
  expect(numHostRows).toBeLessThan(10);
  await expect(app.rowCount).toHaveText(`${numHostRows} of 10 events`);
  for (const kind of await app.rows.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-kind')))) {
    expect(kind).toBe('host');
  }
  await app.kindFilter('host').uncheck();
  await expect(app.rowCount).toHaveText('10 of 10 events');

  await app.search.fill('actor.init');
  await expect(app.rowCount).not.toHaveText('10 of 10 events');
  await expect(app.row(0)).toBeVisible();
  await app.search.fill('no such text anywhere');
  await expect(app.rowCount).toHaveText('0 of 10 events');
  await app.search.fill('');

  await app.eventTypeFilter.selectOption('wasm');
  await expect(app.rowCount).not.toHaveText('10 of 10 events');
  await app.eventTypeFilter.selectOption('');
  await expect(app.rowCount).toHaveText('10 of 10 events');
});

test('problems only shows the broken event', async ({ page }) => {
  const app = new DebuggerPage(page);
  await app.open();
  await app.dropFiles([flippedDataByte(3)]);
  await expect(app.banner).toContainText('broken at event 3');
  await app.problemsOnly.check();
  await expect(app.rowCount).toHaveText('1 of 10 events');
  await expect(app.rows).toHaveCount(1);
  await expect(app.rows).toHaveAttribute('data-index', '3');
});

test('the keyboard moves the selection and Enter focuses the detail pane', async ({ page }) => {
  const app = new DebuggerPage(page);
  await app.open();
  await app.row(0).click();
  await app.expectSelected(0);
  await app.pressInTimeline('j');
  await app.expectSelected(1);
  await app.pressInTimeline('ArrowDown', 'ArrowDown');
  await app.expectSelected(3);
  await app.pressInTimeline('k');
  await app.expectSelected(2);
  await app.pressInTimeline('ArrowUp');
  await app.expectSelected(1);
  await app.pressInTimeline('End');
  await app.expectSelected(9);
  await app.pressInTimeline('Home');
  await app.expectSelected(0);
  await app.pressInTimeline('ArrowUp');
  await app.expectSelected(0);
  await app.pressInTimeline('PageDown');
  await expect(app.selectedRows).not.toHaveAttribute('data-index', '0');
  await app.pressInTimeline('Enter');
  await expect(app.detailPane).toBeFocused();
});

test('the selection lives in the URL, so a link reopens the same event', async ({ page }) => {
  const app = new DebuggerPage(page);
  await app.open();
  await app.row(5).click();
  await app.expectSelected(5);
  // The demo chain has no actor id: it is named by its file and position in it.
  await expect(page).toHaveURL(/#v=1&actor=c2-ten-events\.chain\.json%230&event=5$/);
  const link = page.url();

  const other = new DebuggerPage(await page.context().newPage());
  await other.page.goto(link);
  await other.waitUntilLoaded();
  await other.expectSelected(5);
});

test('a bundle lists its actors and the timeline follows the chosen one', async ({ page }) => {
  const app = new DebuggerPage(page);
  await app.open();
  await app.dropFiles([repoFile(BUNDLE_TWO_ACTORS)]);
  await expect(app.actorItems).toHaveCount(2);
  await expect(app.banner).toContainText('10 events, verified');
  await app.actorItems.nth(1).click();
  await expect(app.actorItems.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(app.banner).toContainText('broken at event 3');
  // Actors are named in the URL by their Theater id, not their position in the list.
  await expect(page).toHaveURL(/#v=1&actor=6f1c2f0e-3b7a-4c1e-9a55-0d2f4b8e7c11$/);
});

test('the copy button puts the full hash on the clipboard', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const app = new DebuggerPage(page);
  await app.open();
  await app.row(0).click();
  await expect(app.detailHash).toHaveText('7df1d45f275f4b950dbbe0f58be5c101fae07ec2');
  await app.copyHash.click();
  await expect(app.copyHash).toHaveText('copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
    '7df1d45f275f4b950dbbe0f58be5c101fae07ec2',
  );
});

test('a 100 000-event chain loads in the worker and renders only visible rows', async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  const chain = syntheticChain(100_000);
  const app = new DebuggerPage(page);
  await app.open();
  await app.pickFilePath(writeChainFile(chain, testInfo.outputPath(chain.name)));
  await expect(app.loadProgress).toBeVisible();
  await expect(app.rowCount).toHaveText('100000 of 100000 events', { timeout: 60_000 });
  await expect(app.banner).toContainText('100000 events, verified');
  expect(await app.rows.count()).toBeLessThan(100);
  await app.row(0).click();
  await app.pressInTimeline('End');
  await app.expectSelected(99_999);
  expect(await app.rows.count()).toBeLessThan(100);
  await app.search.fill('54321');
  await expect(app.rowCount).not.toHaveText('100000 of 100000 events');
});
