// Every user-facing string of the host exists in English and Simplified Chinese: the manifest's %keys% in both
// package.nls files, and every vscode.l10n.t message in the Chinese bundle (English is the source text itself).
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';

const root = resolve(__dirname, '../..');
const json = (path: string) => JSON.parse(readFileSync(join(root, path), 'utf8'));

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return path.endsWith('core') || path.endsWith('webview') ? [] : sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/**
 * The first argument of each `vscode.l10n.t(...)` call that is a string literal, and of `t(...)` calls, the name
 * host modules give an injected `l10n.t` (so the same texts can be filled without VS Code in tests).
 */
function l10nMessages(): Map<string, string> {
  const found = new Map<string, string>();
  const call = /\b(?:l10n\.)?t\(\s*(['"`])((?:\\.|(?!\1).)*)\1/gs;
  for (const file of sourceFiles('src')) {
    const text = readFileSync(join(root, file), 'utf8');
    for (const m of text.matchAll(call)) found.set(m[2].replace(/\\(['"`\\])/g, '$1'), file);
  }
  return found;
}

test('every %key% of package.json is translated in both languages, and nothing else is', () => {
  const manifest = readFileSync(join(root, 'package.json'), 'utf8');
  const used = new Set([...manifest.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]));
  for (const file of ['package.nls.json', 'package.nls.zh-cn.json']) {
    const keys = new Set(Object.keys(json(file)));
    assert.deepEqual(
      [...used].filter((k) => !keys.has(k)),
      [],
      `missing in ${file}`,
    );
    assert.deepEqual(
      [...keys].filter((k) => !used.has(k)),
      [],
      `unused in ${file}`,
    );
  }
});

test('every vscode.l10n.t message has a Chinese translation, and the bundle has no stale entries', () => {
  const messages = l10nMessages();
  assert.ok(messages.size > 0);
  const bundle: Record<string, string> = json('media/l10n/bundle.l10n.zh-cn.json');
  const missing = [...messages].filter(([m]) => !(m in bundle)).map(([m, file]) => `${file}: ${m}`);
  assert.deepEqual(missing, []);
  assert.deepEqual(
    Object.keys(bundle).filter((m) => !messages.has(m)),
    [],
  );
  for (const [english, chinese] of Object.entries(bundle)) {
    const placeholders = (s: string) => [...s.matchAll(/\{\d+\}/g)].map((m) => m[0]).sort();
    assert.deepEqual(placeholders(chinese), placeholders(english), `placeholders of "${english}"`);
  }
});
