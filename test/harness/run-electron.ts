// The same integration suite in desktop VS Code, for machines that can download it (@vscode/test-electron).
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { root } from './code-server';

runTests({
  extensionDevelopmentPath: root,
  extensionTestsPath: join(root, 'dist-test', 'integration', 'node', 'index.js'),
  launchArgs: [join(root, 'test', 'fixtures', 'workspace'), '--disable-extensions', '--skip-welcome'],
}).catch((err: unknown) => {
  console.error('desktop VS Code tests failed:', err);
  process.exitCode = 1;
});
