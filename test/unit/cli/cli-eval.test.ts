import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli as run } from '../../support/cli';

const fixture = join(__dirname, '../../fixtures/eval/cross-attention.md');

describe('attention-lens eval', () => {
  it('prints every step as JSON, with non-finite numbers as strings', async () => {
    const { code, out, err } = await run(['eval', fixture, '--line', '15', '--json']);
    assert.equal(err, '');
    assert.equal(code, 0);
    const [formula] = JSON.parse(out);
    assert.equal(formula.line, 15);
    assert.equal(formula.kind, 'masked_scaled_dot_product');
    assert.deepEqual(formula.bindings.Q, { rows: 2, cols: 2, line: 6 });
    assert.deepEqual(formula.bindings.M, { rows: 2, cols: 3, line: 13 });
    assert.deepEqual(formula.bindings.d_k, { rows: 1, cols: 1, line: 3, value: 2 });
    assert.deepEqual(
      formula.steps.map((s: { name: string; rows: number; cols: number }) => `${s.name} ${s.rows}x${s.cols}`),
      ['logits 2x3', 'scaled 2x3', 'masked 2x3', 'weights 2x3', 'output 2x3'],
    );
    const masked = formula.steps[2].value;
    assert.deepEqual(masked[1], ['-Infinity', '-Infinity', '-Infinity']);
    assert.deepEqual(formula.output.value[1], [0, 0, 0]);
    assert.equal(formula.check.agrees, true);
    assert.deepEqual(
      formula.warnings.map((w: { code: string }) => w.code),
      ['fully-masked-rows'],
    );
    assert.deepEqual(formula.errors, []);
  });

  it('follows --masked-rows', async () => {
    const { out } = await run(['eval', fixture, '--line', '15', '--json', '--masked-rows', 'nan']);
    assert.deepEqual(JSON.parse(out)[0].output.value[1], ['NaN', 'NaN', 'NaN']);
  });

  it('evaluates every evaluable formula as text, and exits 1 when one fails', async () => {
    const { code, out } = await run(['eval', fixture]);
    assert.equal(code, 1);
    assert.match(
      out,
      /cross-attention\.md:15 {2}masked_scaled_dot_product {2}softmax\(\(Q \* transpose\(K\)\) \/ sqrt\(d_k\) \+ M\) \* V/,
    );
    assert.match(out, /numeric core: agrees/);
    assert.match(
      out,
      /error: .*cross-attention\.md:17:73: QK: Q is 2x2 but K is 3x2; the column count of Q must equal the row count of K \(K\^T would fit: is a transpose missing\?\)/,
    );
  });

  it('exits 1 when there is no formula at the line, and 2 on bad options', async () => {
    const none = await run(['eval', fixture, '--line', '1']);
    assert.equal(none.code, 1);
    assert.match(none.err, /no formula at line 1/);
    assert.equal((await run(['eval', fixture, '--masked-rows', 'ones'])).code, 2);
    assert.equal((await run(['eval', fixture, '--line', 'x'])).code, 2);
    assert.equal((await run(['eval'])).code, 2);
  });
});
