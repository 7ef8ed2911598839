// Exports from the page, on the real Theater 0.3.29 scenario: the session bundle downloads as
// gzip and re-opens as the same session in a fresh page; the shown counter's replay-test
// fixture downloads as a .tar.gz (its module is in the bundle); a bare chain without its
// module says why no fixture can be made.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { DebuggerPage } from '../pages/debugger-page';
import { repoFile } from '../chain-files';
import { COUNTER_STOPPED, SCENARIO_STATUSES, SUPERVISOR } from '../scenario';

const SRC = '?src=/fixtures/theater-0.3.29/scenario.bundle.json';

test('the session bundle downloads and re-opens as the same session', async ({ page, browser }, testInfo) => {
  const app = new DebuggerPage(page);
  await app.open(SRC);
  await expect(app.treeNodes).toHaveCount(4);

  const downloading = page.waitForEvent('download');
  await page.getByTestId('export-bundle').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('reprise-session.bundle.json.gz');
  const saved = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(saved);
  const bytes = readFileSync(saved);
  expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
  await expect(page.getByTestId('export-notice')).toContainText('Saved reprise-session.bundle.json.gz');

  const fresh = new DebuggerPage(await browser.newPage());
  await fresh.open();
  await fresh.pickFilePath(saved);
  await fresh.waitUntilLoaded();
  await expect(fresh.treeNodes).toHaveCount(4);
  for (const [actorId, status] of SCENARIO_STATUSES) {
    await expect(fresh.treeNode(actorId)).toHaveAttribute('data-status', status);
  }
  await expect(fresh.treeNode(SUPERVISOR).getByTestId('tree-node-events')).toHaveText('76 events');
  await expect(fresh.loadErrors).toHaveCount(0);
});

test('the shown counter exports its replay file and replay-test fixture', async ({ page }) => {
  const app = new DebuggerPage(page);
  await app.open(`${SRC}#actor=${COUNTER_STOPPED}&event=0`);
  await expect(app.treeActor(COUNTER_STOPPED)).toHaveAttribute('aria-selected', 'true');

  const json = page.waitForEvent('download');
  await page.getByTestId('export-replay-json').click();
  expect((await json).suggestedFilename()).toBe('counter-44ff83c7.chain.json');

  const fixture = page.waitForEvent('download');
  await expect(page.getByTestId('export-replay-fixture')).toBeEnabled();
  await page.getByTestId('export-replay-fixture').click();
  expect((await fixture).suggestedFilename()).toBe('counter-44ff83c7-replay-fixture.tar.gz');
});

test('a bare chain without its module cannot be a fixture, and says why', async ({ page }) => {
  const app = new DebuggerPage(page);
  await app.open();
  await app.pickFiles([repoFile('fixtures/theater-repo/runtime-test.chain.json')]);
  await app.waitUntilLoaded();
  const fixture = page.getByTestId('export-replay-fixture');
  await expect(fixture).toBeDisabled();
  await expect(fixture).toHaveAttribute('title', /wasm module is not known/);
  await expect(page.getByTestId('export-replay-json')).toBeEnabled();
});
