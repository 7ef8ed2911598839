// Page object for the Reprise debugger. It finds elements only by data-testid.
import { expect, type Locator, type Page } from '@playwright/test';

/** A file to hand to the app: a name and its bytes. */
export interface ChainFile {
  name: string;
  bytes: Buffer;
}

export class DebuggerPage {
  readonly page: Page;
  readonly app: Locator;
  readonly rows: Locator;
  readonly selectedRows: Locator;
  readonly rowCount: Locator;
  readonly banner: Locator;
  readonly demoNote: Locator;
  readonly loadErrors: Locator;
  readonly loadProgress: Locator;
  readonly fileInput: Locator;
  readonly timeline: Locator;
  readonly actorItems: Locator;
  readonly detailPane: Locator;
  readonly detailTitle: Locator;
  readonly detailStatus: Locator;
  readonly detailHash: Locator;
  readonly detailComputedHash: Locator;
  readonly copyHash: Locator;
  readonly hexView: Locator;
  readonly search: Locator;
  readonly eventTypeFilter: Locator;
  readonly problemsOnly: Locator;
  readonly supervisionTree: Locator;
  readonly treeNodes: Locator;
  readonly goToEffect: Locator;
  readonly goToCause: Locator;
  readonly liveUrl: Locator;
  readonly liveConnect: Locator;
  readonly liveStatus: Locator;
  readonly replayRun: Locator;
  readonly replayStatus: Locator;
  readonly replayHint: Locator;
  readonly replayDivergence: Locator;
  readonly copyLink: Locator;
  readonly linkNotice: Locator;
  readonly linkNoticeText: Locator;
  readonly copiedLink: Locator;
  readonly linkCheck: Locator;

  constructor(page: Page) {
    this.page = page;
    this.app = page.getByTestId('app');
    this.rows = page.getByTestId('timeline-row');
    this.selectedRows = this.rows.and(page.locator('[aria-selected="true"]'));
    this.rowCount = page.getByTestId('row-count');
    this.banner = page.getByTestId('verify-banner');
    this.demoNote = page.getByTestId('demo-note');
    this.loadErrors = page.getByTestId('load-error');
    this.loadProgress = page.getByTestId('load-progress');
    this.fileInput = page.getByTestId('file-input');
    this.timeline = page.getByTestId('timeline');
    this.actorItems = page.getByTestId('actor-item');
    this.detailPane = page.getByTestId('detail-pane');
    this.detailTitle = page.getByTestId('detail-title');
    this.detailStatus = page.getByTestId('detail-status');
    this.detailHash = page.getByTestId('detail-hash');
    this.detailComputedHash = page.getByTestId('detail-computed-hash');
    this.copyHash = page.getByTestId('copy-hash');
    this.hexView = page.getByTestId('hex-view');
    this.search = page.getByTestId('filter-search');
    this.eventTypeFilter = page.getByTestId('filter-event-type');
    this.problemsOnly = page.getByTestId('filter-problems');
    this.supervisionTree = page.getByTestId('supervision-tree');
    this.treeNodes = page.getByTestId('tree-node');
    this.goToEffect = page.getByTestId('go-to-effect');
    this.goToCause = page.getByTestId('go-to-cause');
    this.liveUrl = page.getByTestId('live-url');
    this.liveConnect = page.getByTestId('live-connect');
    this.liveStatus = page.getByTestId('live-status');
    this.replayRun = page.getByTestId('replay-run');
    this.replayStatus = page.getByTestId('replay-status');
    this.replayHint = page.getByTestId('replay-hint');
    this.replayDivergence = page.getByTestId('replay-divergence');
    this.copyLink = page.getByTestId('copy-link');
    this.linkNotice = page.getByTestId('link-notice');
    this.linkNoticeText = page.getByTestId('link-notice-text');
    this.copiedLink = page.getByTestId('copied-link');
    this.linkCheck = page.getByTestId('link-check');
  }

  /** Opens the app (with an optional query/fragment) and waits until loading is over. */
  async open(suffix = ''): Promise<void> {
    await this.page.goto(`/${suffix}`);
    await this.waitUntilLoaded();
  }

  async waitUntilLoaded(): Promise<void> {
    await expect(this.banner).not.toHaveText(/nothing open/);
    await expect(this.loadProgress).toHaveCount(0, { timeout: 30_000 });
  }

  /** The row showing event `index` (rendered only when scrolled into view). */
  row(index: number): Locator {
    return this.rows.and(this.page.locator(`[data-index="${index}"]`));
  }

  /** The supervision tree node of actor `actorId`. */
  treeNode(actorId: string): Locator {
    return this.treeNodes.and(this.page.locator(`[data-actor-id="${actorId}"]`));
  }

  /** The clickable actor entry inside the tree node of `actorId`. */
  treeActor(actorId: string): Locator {
    return this.treeNode(actorId).getByTestId('actor-item');
  }

  kindFilter(kind: string): Locator {
    return this.page.getByTestId(`filter-kind-${kind}`);
  }

  async expectSelected(index: number): Promise<void> {
    await expect(this.selectedRows).toHaveCount(1);
    await expect(this.selectedRows).toHaveAttribute('data-index', String(index));
    await expect(this.detailTitle).toHaveText(`Event ${index}`);
  }

  /** Clicks "Copy link", waits for the notice and returns the link it shows beside it (the
   * same text it put on the clipboard). */
  async copyViewLink(): Promise<string> {
    await this.copyLink.click();
    await expect(this.linkNoticeText).toContainText('Link copied');
    return (await this.copiedLink.textContent()) ?? '';
  }

  /** Drops files on the page the way a drag from the desktop does. */
  async dropFiles(files: ChainFile[]): Promise<void> {
    const payload = files.map((file) => ({ name: file.name, base64: file.bytes.toString('base64') }));
    const dataTransfer = await this.page.evaluateHandle((items) => {
      const transfer = new DataTransfer();
      for (const item of items) {
        const bytes = Uint8Array.from(atob(item.base64), (c) => c.charCodeAt(0));
        transfer.items.add(new File([bytes], item.name, { type: 'application/json' }));
      }
      return transfer;
    }, payload);
    await this.app.dispatchEvent('drop', { dataTransfer });
  }

  /** Opens files through the picker. */
  async pickFiles(files: ChainFile[]): Promise<void> {
    await this.fileInput.setInputFiles(
      files.map((file) => ({ name: file.name, mimeType: 'application/json', buffer: file.bytes })),
    );
  }

  /** Opens a file on disk through the picker (no size limit). */
  async pickFilePath(path: string): Promise<void> {
    await this.fileInput.setInputFiles(path);
  }

  /** Focuses the timeline and presses `keys` one after another. */
  async pressInTimeline(...keys: string[]): Promise<void> {
    await this.timeline.focus();
    for (const key of keys) {
      await this.page.keyboard.press(key);
    }
  }
  /** Presses `key` `count` times on the timeline from inside the page, 20 ms apart: a burst of
   * key repeats, timed by the page's clock rather than by the test runner's round trips. */
  async burstInTimeline(key: string, count: number): Promise<void> {
    await this.timeline.focus();
    await this.timeline.evaluate(
      async (timeline, [pressed, times]) => {
        for (let i = 0; i < times; i++) {
          timeline.dispatchEvent(new KeyboardEvent('keydown', { key: pressed, bubbles: true }));
          await new Promise((done) => setTimeout(done, 20));
        }
      },
      [key, count] as const,
    );
  }

  /** A replay control by its name: `run`, `step`, `step-back`, `run-to`, `cancel`. */
  replayControl(name: 'run' | 'step' | 'step-back' | 'run-to' | 'cancel'): Locator {
    return this.page.getByTestId(`replay-${name}`);
  }

  /** `replayed k of N events · step s`, with the position in `data-position`. */
  get replayPosition(): Locator {
    return this.page.getByTestId('replay-position');
  }

  /** The module a replay uses (`data-source`, `data-mismatch`) and its SHA-256 verdict. */
  get replayWasm(): Locator {
    return this.page.getByTestId('replay-wasm');
  }

  /** Why the last replay command was refused. */
  get replayRefusal(): Locator {
    return this.page.getByTestId('replay-refusal');
  }

  /** The row the replay cursor is after. */
  get replayCursorRow(): Locator {
    return this.rows.and(this.page.locator('[data-replay-position="current"]'));
  }

  /** "All actors (arrival order)": the merged timeline of a live feed, its count and rows. */
  get mergedToggle(): Locator {
    return this.page.getByTestId('merged-timeline-toggle');
  }

  get mergedTimeline(): Locator {
    return this.page.getByTestId('merged-timeline');
  }

  get mergedCount(): Locator {
    return this.page.getByTestId('merged-count');
  }

  get mergedRows(): Locator {
    return this.page.getByTestId('merged-row');
  }

  /** The merged row of the record with seq `seq` (rendered only when scrolled into view). */
  mergedRow(seq: number): Locator {
    return this.mergedRows.and(this.page.locator(`[data-seq="${seq}"]`));
  }

  /** Scrolls the merged timeline's list (the only child of its test id) to `topPx`. */
  async scrollMergedTimelineTo(topPx: number): Promise<void> {
    await this.mergedTimeline.evaluate((body, top) => {
      const list = body.firstElementChild;
      if (list === null) throw new Error('the merged timeline has no list');
      list.scrollTop = top;
    }, topPx);
  }

  /** The seqs of the merged rows rendered now, top to bottom. */
  async renderedMergedSeqs(): Promise<number[]> {
    const seqs = await this.mergedRows.evaluateAll((rows) =>
      rows.map((row) => Number(row.getAttribute('data-seq'))),
    );
    return seqs.sort((a, b) => a - b);
  }

  /** The what-if editor of the selected host call: its text, apply button and error. */
  get whatIfOutput(): Locator {
    return this.page.getByTestId('what-if-output');
  }

  get whatIfApply(): Locator {
    return this.page.getByTestId('what-if-apply');
  }

  get whatIfError(): Locator {
    return this.page.getByTestId('what-if-error');
  }
}
