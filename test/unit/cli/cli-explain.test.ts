import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli as run } from '../../support/cli';

const fixture = join(__dirname, '../../fixtures/workspace/hover-cross.md');

describe('attention-lens explain', () => {
  it('prints the formula explanation at a line and column', async () => {
    const { code, out, err } = await run(['explain', fixture, '--line', '15', '--column', '3']);
    assert.equal(err, '');
    assert.equal(code, 0);
    assert.match(out, /^\*\*Masked scaled dot-product attention\*\* — cross-attention, as the text presents it\n/);
    assert.match(out, /\| Q \| queries, from the decoder \| l\\_q × d\\_k = 2 × 3 \|/);
    assert.doesNotMatch(out, /data:image/);
  });

  it('prints a symbol explanation in Chinese', async () => {
    const { code, out } = await run(['explain', fixture, '--line', '15', '--column', '23', '--lang', 'zh-cn']);
    assert.equal(code, 0);
    assert.match(out, /^\*\*K\*\* — 键\n\n此处形状：l\\_k × d\\_k = 4 × 3\n/);
  });

  it('exits 1 where there is nothing to explain, and 2 on bad usage', async () => {
    const prose = await run(['explain', fixture, '--line', '1', '--column', '3']);
    assert.equal(prose.code, 1);
    assert.match(prose.err, /nothing to explain at .*hover-cross\.md:1:3/);
    assert.equal((await run(['explain', fixture, '--line', '15', '--column', '999'])).code, 1);
    assert.equal((await run(['explain', fixture, '--line', '15'])).code, 2);
    assert.equal((await run(['explain', fixture, '--line', '15', '--column', '3', '--lang', 'fr'])).code, 2);
    assert.equal((await run(['explain', join(fixture, 'missing'), '--line', '1', '--column', '1'])).code, 1);
  });
});
