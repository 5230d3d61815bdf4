// Runs a compiled test module (one exporting `run()`) inside a real VS Code: code-server serves the workbench,
// headless Chromium opens it, and the module's outcome comes back through `codeAutomationExit`. Lines the module
// prints with `testLog` are echoed with a prefix and handed to `observe`.
import { type StartOptions, startCodeServer } from './code-server';
import { forwardConsole, launchChromium, type WorkbenchTarget, workbenchUrl } from './workbench';

export interface TestModuleRun extends Omit<WorkbenchTarget, 'extensionTestsPath'> {
  extensionTestsPath: string;
  server?: StartOptions;
  prefix: string;
  timeoutMs: number;
  observe?: (line: string) => void;
}

/** The module's exit code, or 124 when it did not finish in time. VS Code and Chromium are always stopped. */
export async function runTestModule(options: TestModuleRun): Promise<number> {
  const { server: serverOptions, prefix, timeoutMs, observe, ...target } = options;
  const server = await startCodeServer(serverOptions ?? {});
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const exit = new Promise<number>((resolveExit) => {
      void page.exposeFunction('codeAutomationExit', (code: number) => resolveExit(code));
    });
    forwardConsole(page, prefix, observe);
    page.on('pageerror', (err) => process.stdout.write(`${prefix}page error: ${err.message}\n`));
    await page.goto(workbenchUrl(server, target));
    const timeout = new Promise<number>((resolveTimeout) =>
      setTimeout(() => {
        process.stdout.write(`${prefix}did not finish within ${timeoutMs / 1000} s\n`);
        resolveTimeout(124);
      }, timeoutMs).unref(),
    );
    return await Promise.race([exit, timeout]);
  } finally {
    await browser.close();
    await server.stop();
  }
}
