// The command-line tool as a user installs it: `npm install -g` of the package, and `npx`.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { root } from '../harness/code-server';

const prefix = mkdtempSync(join(tmpdir(), 'attention-lens-global-'));
after(() => rmSync(prefix, { recursive: true, force: true }));

const run = (command: string, args: string[]) => spawnSync(command, args, { encoding: 'utf8', cwd: tmpdir() });
const sample = join(root, 'media', 'samples', 'cross-attention.md');

test('after `npm install -g`, `attention-lens` runs its commands', () => {
  const install = run('npm', ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', root]);
  assert.equal(install.status, 0, install.stderr);
  const bin = join(prefix, 'bin', 'attention-lens');
  const help = run(bin, ['--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^Usage: attention-lens <command>/);
  for (const command of ['scan', 'eval', 'explain', 'check']) assert.match(help.stdout, new RegExp(`\\n  ${command} `));
  const scan = run(bin, ['scan', sample, '--json']);
  assert.equal(scan.status, 0, scan.stderr);
  assert.equal(JSON.parse(scan.stdout)[0].format, 'markdown');
  const usage = run(bin, ['scan', '--no-such-option']);
  assert.equal(usage.status, 2);
});

test('`npx` runs it too', () => {
  const npx = run('npx', ['--yes', `--package=${root}`, 'attention-lens', 'eval', sample, '--json']);
  assert.equal(npx.status, 0, npx.stderr);
  const [formula] = JSON.parse(npx.stdout);
  assert.deepEqual(
    formula.steps.map((s: { name: string }) => s.name),
    ['logits', 'scaled', 'masked', 'weights', 'output'],
  );
});
