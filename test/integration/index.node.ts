// Test entry for the Node extension host: mocha (from node_modules) with the tdd interface.
import Mocha from 'mocha';
import { tagReporterOutput } from './console-marker';

export async function run(): Promise<void> {
  tagReporterOutput(Mocha.reporters.Base as never);
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30_000, reporter: 'spec' });
  // A special pass (restricted mode, display language) runs only its own suites; the others run the rest.
  const only = process.env.ATTENTION_LENS_TEST_GREP;
  mocha.grep(only ?? '@pass:');
  if (!only) mocha.invert();
  mocha.suite.emit('pre-require', globalThis, 'integration-suite', mocha);
  await import('./suite');
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
}
