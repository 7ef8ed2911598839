// Replay in the browser: the worker re-runs an actor's embedded wasm against its recorded
// chain and the timeline shows which events it reproduced.
import { expect, test } from '@playwright/test';
import { DebuggerPage } from '../pages/debugger-page';
import { SUPERVISOR } from '../scenario';

const SCENARIO = '?src=/fixtures/theater-0.3.29/scenario.bundle.json';
const NO_WASM = '?src=/fixtures/vectors/c2-ten-events.chain.json';

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
