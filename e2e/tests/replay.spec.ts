// Replay in the browser: the worker re-runs an actor's wasm (embedded, or a dropped .wasm)
// against its recorded chain; the timeline shows which events it reproduced and where the
// replay cursor is; step, step back, run to the selected event and a what-if edit of a
// recorded host output drive it as a user would.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { repoFile } from '../chain-files';
import { type ChainFile, DebuggerPage } from '../pages/debugger-page';
import { COUNTER_FAILED, SUPERVISOR } from '../scenario';

const SCENARIO = '?src=/fixtures/theater-0.3.29/scenario.bundle.json';
const NO_WASM = '?src=/fixtures/vectors/c2-ten-events.chain.json';
const TAMPERED_EVENT = 7;
/** The failing counter's `timer/now` host call, and the log that prints its value. */
const NOW_EVENT = 1;
const NOW_LOG_EVENT = 2;

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
    "replay needs the actor's wasm (a bundle with wasm_base64, or drop a .wasm file)",
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

test('step, step back and run to the selected event move the replay position', async ({
  page,
}) => {
  const app = new DebuggerPage(page);
  await app.open(SCENARIO);
  await app.treeActor(COUNTER_FAILED).click();
  await expect(app.rowCount).toHaveText('15 of 15 events');
  // init: call, timer/now, log, register, result.
  await app.replayControl('step').click();
  await expect(app.replayPosition).toHaveText('replayed 5 of 15 events · step 1');
  await expect(app.replayCursorRow).toHaveAttribute('data-index', '4');
  await expect(app.row(0)).toHaveAttribute('data-replay', 'verified');
  await expect(app.row(5)).toHaveAttribute('data-replay', 'not-reached');
  await expect(app.replayStatus).toHaveText('Paused at event 5/15: 5 verified so far');
  await app.replayControl('step').click();
  await expect(app.replayPosition).toHaveText('replayed 8 of 15 events · step 2');
  await expect(app.row(7)).toHaveAttribute('data-replay', 'verified');
  await app.replayControl('step-back').click();
  await expect(app.replayPosition).toHaveText('replayed 5 of 15 events · step 1');
  await expect(app.row(7)).toHaveAttribute('data-replay', 'not-reached');
  await app.row(9).click();
  await app.replayControl('run-to').click();
  await expect(app.replayPosition).toHaveText('replayed 11 of 15 events · step 3');
  await expect(app.replayCursorRow).toHaveAttribute('data-index', '10');
  await app.row(2).click();
  await app.replayControl('run-to').click();
  await expect(app.replayPosition).toHaveText('replayed 5 of 15 events · step 1');
  await app.replayRun.click();
  await expect(app.replayStatus).toHaveText('Replay complete: 15/15 events verified');
  await expect(app.replayPosition).toHaveText('replayed 15 of 15 events · step 5');
  await expect(app.replayControl('cancel')).toBeDisabled();
});

test('a what-if edit of the clock diverges at the log that prints it', async ({ page }) => {
  const app = new DebuggerPage(page);
  await app.open(SCENARIO);
  await app.treeActor(COUNTER_FAILED).click();
  await app.row(NOW_EVENT).click();
  await app.expectSelected(NOW_EVENT);
  const recorded = await app.whatIfOutput.inputValue();
  expect(recorded).toMatch(/^\d+u64$/);

  // Text that is not a value is refused, and stays in the field.
  await app.whatIfOutput.fill('12 apples');
  await app.whatIfApply.click();
  await expect(app.whatIfError).toContainText('not a value literal');
  await expect(app.whatIfOutput).toHaveValue('12 apples');
  await expect(app.replayStatus).toBeEmpty();

  const edited = `${BigInt(recorded.replace('u64', '')) + 1000n}u64`;
  await app.whatIfOutput.fill(edited);
  await app.whatIfApply.click();
  await expect(app.whatIfError).toBeEmpty();
  await expect(app.replayStatus).toContainText(
    `What-if (event ${NOW_EVENT} edited): Divergence at event ${NOW_LOG_EVENT} (host_input)`,
    { timeout: 30_000 },
  );
  await expect(app.replayStatus).toHaveAttribute('data-outcome', 'divergent');
  await expect(app.row(NOW_EVENT)).toHaveAttribute('data-replay', 'verified');
  await expect(app.row(NOW_LOG_EVENT)).toHaveAttribute('data-replay', 'divergent');
  await page.getByTestId('replay-go-to-divergence').click();
  await app.expectSelected(NOW_LOG_EVENT);
  await expect(page.getByTestId('replay-divergence-field')).toHaveText('host_input');
  await expect(page.getByTestId('replay-expected')).toContainText('counter: init');
  await expect(page.getByTestId('replay-actual')).toContainText('counter: init');
  await expect(page.getByTestId('replay-actual')).toContainText(
    String(BigInt(recorded.replace('u64', '')) + 1000n),
  );
});

test('a dropped .wasm replays the shown actor, and another module is flagged', async ({
  page,
}) => {
  const app = new DebuggerPage(page);
  await app.open(SCENARIO);
  await app.treeActor(COUNTER_FAILED).click();
  await expect(app.replayWasm).toHaveAttribute('data-source', 'bundle');
  await expect(app.replayWasm).toHaveAttribute('data-mismatch', 'false');

  await app.dropFiles([repoFile('fixtures/theater-0.3.29/counter.wasm')]);
  await expect(app.replayWasm).toHaveAttribute('data-source', 'file counter.wasm');
  await expect(app.replayWasm).toContainText('SHA-256 matches the recording');
  await expect(app.replayWasm).toHaveAttribute('data-mismatch', 'false');
  await app.replayRun.click();
  await expect(app.replayStatus).toHaveText('Replay complete: 15/15 events verified', {
    timeout: 30_000,
  });
  // A chain file was not opened for the .wasm.
  await expect(app.loadErrors).toHaveCount(0);

  await app.dropFiles([repoFile('fixtures/theater-0.3.29/supervisor.wasm')]);
  await expect(app.replayWasm).toHaveAttribute('data-source', 'file supervisor.wasm');
  await expect(app.replayWasm).toHaveAttribute('data-mismatch', 'true');
  await expect(app.replayWasm).toContainText("differs from the recording's");
  // The old report described the other module; it is gone until this one runs.
  await expect(app.replayStatus).toBeEmpty();
  await app.replayRun.click();
  await expect(app.replayStatus).toHaveAttribute('data-outcome', /divergent|failed/, {
    timeout: 30_000,
  });
});
