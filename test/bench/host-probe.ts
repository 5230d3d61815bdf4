// Benchmarks measured inside the real Node extension host: `test/integration/NAME-probe.ts`, which `npm run bench`
// builds, runs in VS Code (code-server) and prints its figure as one `NAME-figure {json}` line.
import { join } from 'node:path';
import { root } from '../harness/code-server';
import { runTestModule } from '../harness/test-module';

export async function runHostProbe<T>(name: string, timeoutMs: number): Promise<T> {
  const marker = `${name}-figure `;
  let figure: T | undefined;
  const exitCode = await runTestModule({
    folder: join(root, 'test', 'fixtures', 'workspace'),
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'dist-test', 'integration', 'node', `${name}-probe.js`),
    prefix: '  [host] ',
    timeoutMs,
    observe: (line) => {
      if (line.startsWith(marker)) figure = JSON.parse(line.slice(marker.length));
    },
  });
  if (figure === undefined) throw new Error(`the ${name} probe printed no figure (exit ${exitCode})`);
  return figure;
}
