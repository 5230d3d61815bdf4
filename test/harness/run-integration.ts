// Runs the integration suite inside a real VS Code: once with the extension in the Node extension host
// (`--pass node`), once in the web-worker extension host with only the browser bundle (`--pass web`), and the
// restricted-mode suite in an untrusted folder (`--pass restricted`), and the display-language suite with VS Code
// in Simplified Chinese (`--pass zh-cn`). Suites of a special pass carry `@pass:<name>` in their title.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EnvironmentError, root, type StartOptions } from './code-server';
import { runTestModule } from './test-module';

const passTimeoutMs = 10 * 60_000;
type Pass = 'node' | 'web' | 'restricted' | 'zh-cn';

/** The folder each pass opens; the restricted pass needs workspace settings that restricted mode must ignore. */
const workspaces: Record<Pass, string> = {
  node: join(root, 'test', 'fixtures', 'workspace'),
  web: join(root, 'test', 'fixtures', 'workspace'),
  restricted: join(root, 'test', 'fixtures', 'untrusted-workspace'),
  'zh-cn': join(root, 'test', 'fixtures', 'workspace'),
};

const serverOptions: Record<Pass, StartOptions> = {
  node: {},
  web: {},
  restricted: { restricted: true, env: { ATTENTION_LENS_TEST_GREP: '@pass:restricted' } },
  'zh-cn': { locale: 'zh-cn', env: { ATTENTION_LENS_TEST_GREP: '@pass:zh-cn' } },
};

/**
 * A copy of the extension whose manifest has no `main`, so VS Code can only run it in the web-worker host. The
 * web suite goes inside it: VS Code runs a test module in the host of the extension whose folder contains it.
 */
function stageWebExtension(): string {
  const dir = join(root, '.vscode-test', 'web-extension');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  delete manifest.main;
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  const entries = [
    'dist/web',
    'dist/webview',
    'dist/notebook-renderer',
    'dist-test/integration/web',
    'media',
    'package.nls.json',
    'package.nls.zh-cn.json',
  ];
  for (const entry of entries) {
    cpSync(join(root, entry), join(dir, entry), { recursive: true });
  }
  return dir;
}

interface PassResult {
  pass: string;
  exitCode: number;
  passed: number;
  failed: number;
}

async function runPass(pass: Pass): Promise<PassResult> {
  const extensionDevelopmentPath = pass === 'web' ? stageWebExtension() : root;
  const host = pass === 'web' ? 'web' : 'node';
  const counts = { passed: 0, failed: 0 };
  const exitCode = await runTestModule({
    folder: workspaces[pass],
    extensionDevelopmentPath,
    extensionTestsPath: join(extensionDevelopmentPath, 'dist-test', 'integration', host, 'index.js'),
    ...(pass === 'web' ? { extensionDevelopmentKind: 'web' as const } : {}),
    server: serverOptions[pass],
    prefix: `[${pass}] `,
    timeoutMs: passTimeoutMs,
    observe: (text) => {
      const passing = /^\s*(\d+) passing/.exec(text);
      const failing = /^\s*(\d+) failing/.exec(text);
      if (passing) counts.passed = Number(passing[1]);
      if (failing) counts.failed = Number(failing[1]);
    },
  });
  return { pass, exitCode, ...counts };
}

async function main(): Promise<void> {
  const passes = process.argv.flatMap((arg, i, all) => (all[i - 1] === '--pass' ? [arg] : [])) as Pass[];
  const results: PassResult[] = [];
  for (const pass of passes.length ? passes : (['node', 'web', 'restricted', 'zh-cn'] as const)) {
    const started = Date.now();
    const result = await runPass(pass);
    results.push(result);
    console.log(
      `integration (${pass} pass): ${result.passed} passed, ${result.failed} failed, exit ${result.exitCode}, ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  process.exitCode = results.every((r) => r.exitCode === 0 && r.passed > 0) ? 0 : 1;
}

main().catch((err: unknown) => {
  console.error(err instanceof EnvironmentError ? err.message : err);
  process.exitCode = 1;
});
