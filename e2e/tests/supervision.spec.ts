// The supervision tree and cross-actor message links, on the real Theater 0.3.29 scenario
// (a supervisor and three counters: one fails, one exits, one is stopped), opened with ?src=.
import { expect, test } from '@playwright/test';
import { DebuggerPage } from '../pages/debugger-page';
import { COUNTER_FAILED, SCENARIO_STATUSES, SUPERVISOR } from '../scenario';

const SRC = '?src=/fixtures/theater-0.3.29/scenario.bundle.json';

test('the tree nests the counters under the supervisor with their statuses', async ({ page }) => {
  const app = new DebuggerPage(page);
  await app.open(SRC);
  await expect(app.treeNodes).toHaveCount(4);
  for (const [actorId, status] of SCENARIO_STATUSES) {
    await expect(app.treeNode(actorId)).toHaveAttribute('data-status', status);
  }
  await expect(app.treeNode(SUPERVISOR)).toHaveAttribute('data-depth', '0');
  await expect(app.treeNode(COUNTER_FAILED)).toHaveAttribute('data-depth', '1');
  await expect(app.treeNode(SUPERVISOR).getByTestId('tree-node-events')).toHaveText('76 events');
  await app.treeActor(COUNTER_FAILED).click();
  await expect(app.treeActor(COUNTER_FAILED)).toHaveAttribute('aria-selected', 'true');
  await expect(app.rowCount).toHaveText('15 of 15 events');
});

test('a send goes to its effect and the handle-send back to its cause', async ({ page }) => {
  const app = new DebuggerPage(page);
  await app.open(`${SRC}#actor=${SUPERVISOR}&event=21`);
  await expect(app.detailTitle).toHaveText('Event 21');
  await expect(app.goToCause).toHaveCount(0);
  await app.goToEffect.click();
  await expect(app.treeActor(COUNTER_FAILED)).toHaveAttribute('aria-selected', 'true');
  await app.expectSelected(5);
  await expect(app.detailPane).toContainText('message-server-client.handle-send');
  await expect(app.goToEffect).toHaveCount(0);
  await app.goToCause.click();
  await expect(app.treeActor(SUPERVISOR)).toHaveAttribute('aria-selected', 'true');
  await app.expectSelected(21);
});
