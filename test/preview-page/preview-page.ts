// The built preview page (dist/webview) in headless Chromium, served under the same CSP as in VS Code, with a
// stand-in for `acquireVsCodeApi` that records what the page posts. Tests feed it protocol messages.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { after, before } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createNonce, previewHtml } from '../../src/preview/preview-html';
import type { HostMessage, WebviewMessage } from '../../src/preview-page/protocol';
import { root } from '../harness/code-server';
import { launchChromium } from '../harness/workbench';
import { configure } from './messages';

const origin = 'https://preview.test';
const distDir = join(root, 'dist', 'webview');
const contentTypes: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.map': 'application/json',
};

/** Set by the stand-in API; read back by the tests. */
interface PageGlobals {
  posted: WebviewMessage[];
  savedState: unknown;
}

/**
 * The stand-in for VS Code's webview API, as source text: a function would be rewritten by the TypeScript loader
 * with helpers that do not exist in the page. Messages are JSON-serialised, as VS Code does.
 */
const standInApi = `
  window.posted = [];
  window.acquireVsCodeApi = () => ({
    postMessage: (message) => window.posted.push(JSON.parse(JSON.stringify(message))),
    getState: () => window.savedState,
    setState: (state) => { window.savedState = state; },
  });
`;

export class PreviewPage {
  /** Uncaught errors of the page: a test that expects none asserts this stays empty. */
  readonly errors: string[] = [];
  /** Console messages of the page, including CSP violations. */
  readonly console: string[] = [];

  private constructor(
    readonly page: Page,
    private readonly browser: Browser,
  ) {}

  static async open(options: { viewport?: { width: number; height: number } } = {}): Promise<PreviewPage> {
    if (!existsSync(join(distDir, 'preview.js'))) throw new Error('dist/webview is missing: run `npm run build` first');
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: options.viewport ?? { width: 900, height: 700 } });
      const preview = new PreviewPage(page, browser);
      page.on('pageerror', (err) => preview.errors.push(err.message));
      page.on('console', (msg) => preview.console.push(msg.text()));
      const html = previewHtml({
        cspSource: origin,
        scriptUri: `${origin}/preview.js`,
        styleUri: `${origin}/preview.css`,
        nonce: createNonce(),
        language: 'en',
      });
      await page.route('**/*', (route) => {
        const url = new URL(route.request().url());
        if (url.origin !== origin) return route.abort();
        if (url.pathname === '/') return route.fulfill({ contentType: 'text/html', body: html });
        const file = join(distDir, url.pathname);
        if (!file.startsWith(distDir) || !existsSync(file)) return route.fulfill({ status: 404 });
        return route.fulfill({
          contentType: contentTypes[extname(file)] ?? 'application/octet-stream',
          body: readFileSync(file),
        });
      });
      await page.addInitScript(standInApi);
      await page.goto(`${origin}/`);
      await preview.waitFor('ready');
      return preview;
    } catch (err) {
      await browser.close();
      throw err;
    }
  }

  /** Delivers a message as VS Code does, JSON-serialised, and returns how many messages the page had posted. */
  async send(message: HostMessage): Promise<number> {
    const json = JSON.stringify(message);
    return this.page.evaluate((data) => {
      const count = (window as unknown as PageGlobals).posted.length;
      window.postMessage(JSON.parse(data), '*');
      return count;
    }, json);
  }

  /** The first message of `type` the page posted after the first `after` messages. */
  async waitFor<T extends WebviewMessage['type']>(type: T, after = 0): Promise<Extract<WebviewMessage, { type: T }>> {
    const handle = await this.page.waitForFunction(
      ([t, skip]) => (window as unknown as PageGlobals).posted.slice(skip as number).find((m) => m.type === t),
      [type, after] as const,
      { timeout: 10_000 },
    );
    return (await handle.jsonValue()) as Extract<WebviewMessage, { type: T }>;
  }

  /** Sends `message` and waits for the page's answer of type `reply`. */
  async exchange<T extends WebviewMessage['type']>(
    message: HostMessage,
    reply: T,
  ): Promise<Extract<WebviewMessage, { type: T }>> {
    const before = await this.send(message);
    return this.waitFor(reply, before);
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}

/**
 * The page of a `describe` block: opened before its tests and sent the usual `configure` (unless `configured` is
 * false, for a test that watches that too), closed after them. Returns a getter for it.
 */
export function suitePage({ configured = true } = {}): () => PreviewPage {
  let page: PreviewPage | undefined;
  before(async () => {
    page = await PreviewPage.open();
    if (configured) await page.send(configure());
  });
  after(async () => {
    await page?.close();
  });
  return () => {
    assert.ok(page, 'the preview page is open');
    return page;
  };
}
