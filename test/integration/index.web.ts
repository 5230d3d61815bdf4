// Test entry for the web-worker extension host: mocha's browser build, bundled, with the tdd interface.
import 'mocha/mocha.js';
import { tagReporterOutput } from './console-marker';

declare const Mocha: { reporters: { Base: unknown } };

export async function run(): Promise<void> {
  tagReporterOutput(Mocha.reporters.Base as never);
  mocha.setup({ ui: 'tdd', color: false, timeout: 30_000, reporter: 'spec', grep: '@pass:', invert: true });
  // mocha's browser build reads `location.search` for a grep; VS Code's worker hides `location`.
  const scope = globalThis as { location?: { search: string } };
  if (!scope.location) Object.defineProperty(scope, 'location', { value: { search: '' }, configurable: true });
  await import('./suite');
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
}
