// Share links end to end, against the release build: a copied link reopens the same selection
// on the same chain in a fresh page; the same link with a tampered embedded session says
// "different chain"; a session too large to embed says why and names its file, which the
// recipient drops and which is then checked; a damaged fragment opens nothing from it;
// Back/Forward step through selections; a link's replay position is replayed to; `l` copies
// the link; `reprise link`'s output opens.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync, deflateRawSync } from 'node:zlib';
import { expect, test, type BrowserContext } from '@playwright/test';
import { incompressibleChain } from '../chain-files';
import { DebuggerPage } from '../pages/debugger-page';
import { LIVE_PORT } from '../live-port';
import { REPRISE_BIN } from '../reprise-binary';
import { COUNTER_FAILED, SUPERVISOR } from '../scenario';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** The hash of event `eventIdx` of `actorId`'s fixture chain, in lowercase hex. */
function fixtureHash(actorId: string, eventIdx: number): string {
  const path = join(REPO, `fixtures/theater-0.3.29/${actorId}.chain.json`);
  const events = JSON.parse(readFileSync(path, 'utf8')) as { hash: number[] }[];
  return Buffer.from(events[eventIdx].hash).toString('hex');
}

const SRC = '?src=/fixtures/theater-0.3.29/scenario.bundle.json';

interface BundleJson {
  actors: { id: string; events: { data: number[] }[] }[];
}

/** The `embed=` value of `link`, and the link with another value in its place. */
function embedOf(link: string): string {
  const match = link.match(/[#&]embed=([A-Za-z0-9_-]+)/);
  if (match === null) throw new Error(`no embed= in ${link.slice(0, 200)}`);
  return match[1];
}

/** The embedded bundle with one data byte of `actorId`'s event `eventIdx` flipped (its stored
 * hash kept), re-embedded the way Reprise embeds (raw deflate, base64url without padding). */
function tamperedEmbed(embed: string, actorId: string, eventIdx: number): string {
  const bundle = JSON.parse(inflateRawSync(Buffer.from(embed, 'base64url')).toString('utf8')) as BundleJson;
  const actor = bundle.actors.find((candidate) => candidate.id === actorId);
  if (actor === undefined) throw new Error(`no actor ${actorId} in the embedded bundle`);
  actor.events[eventIdx].data[0] ^= 0x01;
  return deflateRawSync(Buffer.from(JSON.stringify(bundle))).toString('base64url');
}

async function freshPage(context: BrowserContext): Promise<DebuggerPage> {
  return new DebuggerPage(await context.newPage());
}

test('a copied link reopens the same actor and event, and says same chain', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const app = new DebuggerPage(page);
  await app.open(SRC);
  await app.treeActor(COUNTER_FAILED).click();
  await app.row(5).click();
  await app.expectSelected(5);
  const link = await app.copyViewLink();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
  expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#v=1&/);
  expect(link).toContain('&embed=');
  // Every chain's head in full lowercase hex.
  expect(link).toMatch(new RegExp(`chain=${COUNTER_FAILED},15,[0-9a-f]{40}(&|$)`));

  const other = await freshPage(context);
  await other.page.goto(link);
  await other.waitUntilLoaded();
  await expect(other.linkCheck).toHaveAttribute('data-verdict', 'same');
  await expect(other.linkCheck).toContainText('same chain ✓');
  await expect(other.treeActor(COUNTER_FAILED)).toHaveAttribute('aria-selected', 'true');
  await other.expectSelected(5);
  await expect(other.banner).toContainText('verified');
  // Reload keeps the view: the fragment still names the data, the check and the selection.
  await other.page.reload();
  await other.waitUntilLoaded();
  await other.expectSelected(5);
  await expect(other.linkCheck).toHaveAttribute('data-verdict', 'same');
});

test('the same link over a tampered copy of the session says different chain', async ({ page, context }) => {
  const app = new DebuggerPage(page);
  await app.open(SRC);
  await app.treeActor(SUPERVISOR).click();
  await app.row(21).click();
  const link = await app.copyViewLink();
  const embed = embedOf(link);
  const tampered = link.replace(embed, tamperedEmbed(embed, SUPERVISOR, 3));
  const claimedHead = link.match(new RegExp(`chain=${SUPERVISOR},76,([0-9a-f]{40})`))?.[1];
  expect(claimedHead).toBeDefined();

  const other = await freshPage(context);
  await other.page.goto(tampered);
  await other.waitUntilLoaded();
  await expect(other.linkCheck).toHaveAttribute('data-verdict', 'different');
  await expect(other.linkCheck).toHaveAttribute('role', 'alert');
  await expect(other.linkCheck).toContainText('different chain');
  await expect(other.linkCheck).toContainText(claimedHead ?? 'no head');
  await expect(other.linkCheck).toContainText('does not verify at event 3');
  // Nothing is called valid: the supervisor's own banner says broken, the others unconfirmed.
  await expect(other.banner).not.toContainText('verified');
});

test('a session too large to embed says why, and the dropped file is checked', async ({ page, context }) => {
  const noise = incompressibleChain(160, 1024);
  const app = new DebuggerPage(page);
  await app.open();
  await app.pickFiles([noise]);
  await expect(app.rowCount).toHaveText('160 of 160 events');
  await app.row(7).click();
  const link = await app.copyViewLink();
  await expect(app.linkNoticeText).toContainText('Link copied —');
  await expect(app.linkNoticeText).toContainText('past the 120 KiB budget');
  expect(link).not.toContain('embed=');
  expect(link).toContain(`file=${noise.name}`);

  const other = await freshPage(context);
  await other.page.goto(link);
  await expect(other.linkCheck).toHaveAttribute('data-verdict', 'awaiting');
  await expect(other.linkCheck).toContainText(`Drop ${noise.name} to open this link`);
  await other.dropFiles([noise]);
  await expect(other.linkCheck).toHaveAttribute('data-verdict', 'same');
  await other.expectSelected(7);
});

test('a damaged fragment opens nothing from it and says why', async ({ page }) => {
  const app = new DebuggerPage(page);
  await app.open('#v=1&actor=x&embed=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E');
  await expect(app.linkCheck).toHaveAttribute('data-verdict', 'damaged');
  await expect(app.linkCheck).toContainText('Damaged link');
  await expect(app.linkCheck).toContainText('embed');
  // Text only: nothing from the fragment became an element.
  await expect(page.locator('img')).toHaveCount(0);
  await expect(app.demoNote).toBeVisible();
  await expect(app.banner).not.toContainText('verified');
});

test('Back and Forward step through the selections', async ({ page }) => {
  const app = new DebuggerPage(page);
  await app.open(SRC);
  await app.treeActor(SUPERVISOR).click();
  await app.row(3).click();
  await app.row(9).click();
  await app.treeActor(COUNTER_FAILED).click();
  await app.row(2).click();
  // A burst of arrow keys is one step.
  await app.burstInTimeline('ArrowDown', 3);
  await app.expectSelected(5);

  await page.goBack();
  await app.expectSelected(2);
  await page.goBack();
  await expect(app.treeActor(COUNTER_FAILED)).toHaveAttribute('aria-selected', 'true');
  await expect(app.selectedRows).toHaveCount(0);
  await page.goBack();
  await expect(app.treeActor(SUPERVISOR)).toHaveAttribute('aria-selected', 'true');
  await app.expectSelected(9);
  await page.goBack();
  await app.expectSelected(3);
  await page.goForward();
  await app.expectSelected(9);
  await page.goForward();
  await page.goForward();
  await expect(app.treeActor(COUNTER_FAILED)).toHaveAttribute('aria-selected', 'true');
  await app.expectSelected(2);
});

test('a link with a replay position replays to it, and the URL follows the replay', async ({ page }) => {
  const app = new DebuggerPage(page);
  const src = 'src=/fixtures/theater-0.3.29/scenario.bundle.json';
  await app.open(`#v=1&actor=${COUNTER_FAILED}&event=9&step=11&${src}`);
  await app.expectSelected(9);
  await expect(app.replayPosition).toHaveText('replayed 11 of 15 events · step 3');
  await expect(page).toHaveURL(/&step=11(&|$)/);
  await app.replayControl('step-back').click();
  await expect(app.replayPosition).toHaveText('replayed 8 of 15 events · step 2');
  await expect(page).toHaveURL(/&step=8(&|$)/);
  await page.reload();
  await app.waitUntilLoaded();
  await app.expectSelected(9);
  await expect(app.replayPosition).toHaveText(/^replayed 8 of 15 events/);
});

test('the l key copies the link, but not while typing in the search', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const app = new DebuggerPage(page);
  await app.open();
  await app.row(4).click();
  await expect(app.copyLink).toHaveAttribute('title', /\(l\)$/);
  await app.search.fill('l');
  await expect(app.linkNotice).toHaveCount(0);
  await app.search.fill('');
  await app.timeline.focus();
  await page.keyboard.press('l');
  await expect(app.linkNoticeText).toHaveText('Link copied');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain('&event=4');
  // The notice goes away after a couple of seconds.
  await expect(app.linkNotice).toHaveCount(0, { timeout: 5_000 });
});

test('a link printed by `reprise link` opens the same event on the same chain', async ({ page, baseURL }) => {
  const stdout = execFileSync(
    REPRISE_BIN,
    [
      'link',
      join(REPO, 'fixtures/theater-0.3.29/scenario.bundle.json'),
      '--actor',
      COUNTER_FAILED,
      '--event',
      '4',
      '--base',
      `${baseURL}/`,
    ],
    { encoding: 'utf8' },
  );
  const link = stdout.trim().split('\n').pop() ?? '';
  expect(link).toContain('#v=1&');
  const app = new DebuggerPage(page);
  await page.goto(link);
  await app.waitUntilLoaded();
  await expect(app.linkCheck).toHaveAttribute('data-verdict', 'same');
  await expect(app.treeActor(COUNTER_FAILED)).toHaveAttribute('aria-selected', 'true');
  await app.expectSelected(4);
});

test('a live-feed link checks the chains as they arrive: same, and extends', async ({ page }) => {
  const ws = `ws://127.0.0.1:${LIVE_PORT}/ws`;
  // The sender saw the whole supervisor and the failing counter one event short.
  const claims = [
    `chain=${SUPERVISOR},76,${fixtureHash(SUPERVISOR, 75)}`,
    `chain=${COUNTER_FAILED},14,${fixtureHash(COUNTER_FAILED, 13)}`,
  ].join('&');
  const app = new DebuggerPage(page);
  await page.goto(
    `http://127.0.0.1:${LIVE_PORT}/#v=1&actor=${SUPERVISOR}&event=10&${claims}&ws=${ws}&from=beginning`,
  );
  await expect(app.liveStatus).toHaveAttribute('data-state', 'live');
  await expect(app.linkCheck).toHaveAttribute('data-verdict', 'extends');
  await expect(app.linkCheck).toContainText(`${COUNTER_FAILED}: this chain extends the shared one (1 more event)`);
  await app.expectSelected(10);
});
