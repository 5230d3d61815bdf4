// End-to-end driver: the real VS Code workbench (code-server) in headless Chromium, used as a person would use it:
// open a file, run a command from the palette, hover over text, read a webview, take a screenshot.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { type RunningCodeServer, root, startCodeServer } from './code-server';
import { launchChromium, workbenchUrl } from './workbench';

export interface WorkbenchOptions {
  /** Folder to open; the fixtures workspace by default. */
  folder?: string;
  theme?: 'light' | 'dark';
  /** Install this .vsix; otherwise this folder's extension is installed by linking it. */
  vsix?: string;
  /** VS Code as it ships, without this extension (a baseline for benchmarks). */
  withoutExtension?: boolean;
  /** Extra user settings. */
  settings?: Record<string, unknown>;
  viewport?: { width: number; height: number };
}

const themes = { light: 'Default Light Modern', dark: 'Default Dark Modern' };

export class Workbench {
  private constructor(
    readonly page: Page,
    private readonly browser: Browser,
    private readonly server: RunningCodeServer,
  ) {}

  static async open(options: WorkbenchOptions = {}): Promise<Workbench> {
    const server = await startCodeServer({
      settings: {
        'workbench.colorTheme': themes[options.theme ?? 'light'],
        'window.commandCenter': false,
        'workbench.layoutControl.enabled': false,
        'git.enabled': false,
        'git.openRepositoryInParentFolders': 'never',
        ...options.settings,
      },
      extraArgs: options.vsix ? ['--install-extension', options.vsix] : undefined,
      linkedExtensions: options.vsix || options.withoutExtension ? [] : [root],
    });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: options.viewport ?? { width: 1400, height: 900 } });
      const folder = options.folder ?? join(root, 'test', 'fixtures', 'workspace');
      await page.goto(workbenchUrl(server, { folder }));
      await page.locator('.monaco-workbench').waitFor({ timeout: 30_000 });
      await page.locator('.explorer-folders-view, .welcome-view').first().waitFor({ timeout: 30_000 });
      return new Workbench(page, browser, server);
    } catch (err) {
      await browser.close();
      await server.stop();
      throw err;
    }
  }

  /** Opens a file of the workspace through Quick Open and waits for its editor. */
  async openFile(relativePath: string): Promise<void> {
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(relativePath);
    await this.page.locator('.quick-input-list .monaco-list-row').first().waitFor();
    await this.page.keyboard.press('Enter');
    const name = relativePath.split('/').pop() ?? relativePath;
    await this.page.locator(`.tab[data-resource-name="${name}"]`).first().waitFor();
    await this.page.locator('.monaco-editor .view-lines').first().waitFor();
  }

  /** Puts the cursor at `line`:`column` (1-based) with Go to Line, as the keyboard does. */
  async goToLine(line: number, column: number): Promise<void> {
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden' });
  }

  /** Runs a command from the palette by its title as shown there (category included). */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`>${title}`);
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    await row.waitFor();
    await row.click();
  }

  /**
   * Moves the mouse over `text` in the editor once the layout has settled (CodeLens lines appear after a file opens
   * and push lines down) and returns the text of the visible hover that contains `expect`.
   */
  async hover(text: string, expect: string): Promise<string> {
    const token = this.page.locator('.monaco-editor .view-line span', { hasText: text }).first();
    let last = '';
    for (let stable = 0; stable < 3; ) {
      await this.page.waitForTimeout(400);
      const box = JSON.stringify(await token.boundingBox());
      stable = box === last ? stable + 1 : 0;
      last = box;
    }
    const box = await token.boundingBox();
    if (!box) throw new Error(`'${text}' is not visible in the editor`);
    await this.page.mouse.move(box.x + Math.min(box.width / 2, 12), box.y + box.height / 2);
    // The workbench keeps hidden hover containers too: only a visible one counts.
    const hover = this.page.locator('.monaco-hover-content:visible', { hasText: expect }).first();
    await hover.waitFor({ timeout: 15_000 });
    return (await hover.textContent()) ?? '';
  }

  /** The frame of the webview whose document contains `selector` (webviews are nested iframes). */
  async webviewFrame(selector: string, timeoutMs = 20_000): Promise<Frame> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      for (const frame of this.page.frames()) {
        if (
          await frame
            .locator(selector)
            .count()
            .catch(() => 0)
        )
          return frame;
      }
      await this.page.waitForTimeout(100);
    }
    throw new Error(`no webview frame shows ${selector} within ${timeoutMs} ms`);
  }

  /** Waits until the panel (Output, Problems...) shows `text`. */
  async waitForPanelText(text: string, timeoutMs = 15_000): Promise<void> {
    await this.page.locator('.part.panel', { hasText: text }).first().waitFor({ timeout: timeoutMs });
  }

  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path });
  }

  async close(): Promise<void> {
    await this.browser.close();
    await this.server.stop();
  }
}

/** Opens a workbench, runs `body`, and always closes it. */
export async function withWorkbench<T>(options: WorkbenchOptions, body: (wb: Workbench) => Promise<T>): Promise<T> {
  const workbench = await Workbench.open(options);
  try {
    return await body(workbench);
  } finally {
    await workbench.close();
  }
}

/** No script, no frame, no event handler and no link out of the page in what the extension wrote under `selector`. */
export async function assertInert(frame: Frame, selector: string): Promise<void> {
  const active = await frame
    .locator(`${selector} *`)
    .evaluateAll(
      (nodes) =>
        nodes.filter(
          (n) =>
            n.tagName === 'SCRIPT' ||
            n.tagName === 'IFRAME' ||
            n.tagName === 'A' ||
            [...n.attributes].some((a) => a.name.startsWith('on') || /^\s*javascript:/i.test(a.value)),
        ).length,
    );
  assert.equal(active, 0);
}
