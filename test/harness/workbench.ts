// Opens the VS Code workbench served by code-server in headless Chromium (playwright-core drives the system's
// Chromium; no browser is downloaded).

import { format } from 'node:util';
import { type Browser, chromium, type Page } from 'playwright-core';
import { testOutputMarker } from '../integration/console-marker';
import { chromiumPath, type RunningCodeServer } from './code-server';

const chromiumFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: chromiumFlags,
    headless: true,
  });
}

export interface WorkbenchTarget {
  /** Folder to open (absolute path on this machine). */
  folder: string;
  /** Load the extension from this folder, as a developer would with F5. Omit to use installed extensions only. */
  extensionDevelopmentPath?: string;
  /** Compiled test module exporting `run()`; the workbench reports its outcome through `codeAutomationExit`. */
  extensionTestsPath?: string;
  /** `web` runs the development extension and its tests in the web-worker extension host. */
  extensionDevelopmentKind?: 'web';
}

/** code-server takes the development and test paths in the URL's payload, not on its command line. */
export function workbenchUrl(server: RunningCodeServer, target: WorkbenchTarget): string {
  const remote = (path: string) => `vscode-remote://${server.authority}${path}`;
  const payload: [string, string][] = [['skipWelcome', 'true']];
  if (target.extensionDevelopmentPath)
    payload.push(['extensionDevelopmentPath', remote(target.extensionDevelopmentPath)]);
  if (target.extensionTestsPath) payload.push(['extensionTestsPath', remote(target.extensionTestsPath)]);
  if (target.extensionDevelopmentKind) payload.push(['extensionDevelopmentKind', target.extensionDevelopmentKind]);
  return `${server.origin}/?folder=${encodeURIComponent(target.folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/**
 * Prints what the test suite logs in the extension host (tagged lines, see console-marker.ts) with a prefix, and
 * hands each line to `observe`. The workbench forwards extension-host logging as `('%c INFO', css, format, ...args)`.
 */
export function forwardConsole(page: Page, prefix: string, observe: (line: string) => void = () => {}): void {
  page.on('console', async (msg) => {
    if (!msg.text().includes(testOutputMarker)) return;
    const values = await Promise.all(msg.args().map((arg) => arg.jsonValue().catch(() => String(arg))));
    if (typeof values[0] === 'string' && values[0].startsWith('%c')) values.splice(0, 2);
    const text = format(...values);
    const at = text.indexOf(testOutputMarker);
    for (const line of text.slice(at + testOutputMarker.length).split('\n')) {
      observe(line);
      process.stdout.write(`${prefix}${line}\n`);
    }
  });
}
