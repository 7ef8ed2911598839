// Replay in the browser: the worker re-runs an actor's embedded wasm against its recorded
// chain and the timeline shows which events it reproduced.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { type ChainFile, DebuggerPage } from '../pages/debugger-page';
import { COUNTER_FAILED, SUPERVISOR } from '../scenario';

const SCENARIO = '?src=/fixtures/theater-0.3.29/scenario.bundle.json';
const NO_WASM = '?src=/fixtures/vectors/c2-ten-events.chain.json';
const TAMPERED_EVENT = 7;

/** The scenario bundle with one payload byte of the failing counter's event 7 flipped (its
 * stored hash kept). */
function tamperedScenario(): ChainFile {
  const path = fileURLToPath(
    new URL('../../fixtures/theater-0.3.29/scenario.bundle.json', import.meta.url),
  );
  const bundle = JSON.parse(readFileSync(path, 'utf8'));
  const actor = bundle.actors.find((entry: { id: string }) => entry.id === COUNTER_FAILED);
  actor.events[TAMPERED_EVENT].data[40] ^= 1;
  return { name: 'tampered.bundle.json', bytes: Buffer.from(JSON.stringify(bundle)) };
}

test('replaying the supervisor verifies every event and marks the rows', async ({ page }) => {
  const app = new DebuggerPage(page);
  await app.open(SCENARIO);
  await app.treeActor(SUPERVISOR).click();
  await expect(app.rowCount).toHaveText('76 of 76 events');
  await expect(app.replayHint).toHaveCount(0);
  await app.replayRun.click();
  await expect(app.replayStatus).toContainText('76/76 events verified', { timeout: 30_000 });
  await expect(app.replayStatus).toHaveAttribute('data-outcome', 'verified');
  await expect(app.row(0)).toHaveAttribute('data-replay', 'verified');
  await expect(app.rows.first()).toHaveAttribute('data-replay', 'verified');
  await expect(app.rows.and(page.locator(':not([data-replay="verified"])'))).toHaveCount(0);
  await expect(app.replayDivergence).toHaveCount(0);
});

test('a chain without wasm shows why it cannot be replayed', async ({ page }) => {
  const app = new DebuggerPage(page);
  await app.open(NO_WASM);
  await expect(app.replayHint).toHaveText(
    "replay needs the actor's wasm (a bundle with wasm_base64)",
  );
  await expect(app.replayRun).toHaveCount(0);
  await expect(app.rows.first()).not.toHaveAttribute('data-replay', /.*/);
});

test('a divergence marks its row and shows both events side by side', async ({ page }) => {
  const app = new DebuggerPage(page);
  await app.open();
  await app.dropFiles([tamperedScenario()]);
  await app.treeActor(COUNTER_FAILED).click();
  await expect(app.rowCount).toHaveText('15 of 15 events');
  await app.replayRun.click();
  await expect(app.replayStatus).toContainText(`Divergence at event ${TAMPERED_EVENT}`, {
    timeout: 30_000,
  });
  await expect(app.replayStatus).toHaveAttribute('data-outcome', 'divergent');
  await expect(app.row(0)).toHaveAttribute('data-replay', 'verified');
  await expect(app.row(TAMPERED_EVENT)).toHaveAttribute('data-replay', 'divergent');
  await expect(app.row(TAMPERED_EVENT + 1)).toHaveAttribute('data-replay', 'not-reached');
  await page.getByTestId('replay-go-to-divergence').click();
  await app.expectSelected(TAMPERED_EVENT);
  await expect(app.replayDivergence).toBeVisible();
  await expect(page.getByTestId('replay-divergence-field')).toHaveText('stored_hash');
  await expect(page.getByTestId('replay-expected')).toBeVisible();
  await expect(page.getByTestId('replay-actual')).toBeVisible();
});
