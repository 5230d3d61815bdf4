// The note checks run in steps (src/lazy/checks.ts): the same findings as one diagnosis, slices that never exceed
// their share, and a run the text overtook stops at its next pause. Counted in steps, never timed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkPrintedValues } from '../../src/core/attention/printed-values';
import { diagnoseDocument } from '../../src/core/diagnose/diagnose';
import { scanDocument } from '../../src/core/document/scan';
import { checkNote, type Slicing } from '../../src/lazy/checks';

const FORMULAS = 300;
const text = [
  ...Array.from(
    { length: FORMULAS },
    (_, i) => `Step ${i}: $$S_{${i}} = \\frac{QK^\\top}{\\sqrt{d_k}}$$ with $d_k = 2$.\n\n`,
  ),
  '$$X = \\begin{bmatrix}1 & 2\\\\3 & 4\\end{bmatrix}, \\quad Y = 2X = \\begin{bmatrix}2 & 4\\\\6 & 9\\end{bmatrix}$$\n',
  '$$\\mathrm{softmax}\\left(\\frac{QK}{\\sqrt{d_k}}\\right)V$$\n',
].join('');
const scan = () => scanDocument(text, 'markdown');

/** Pauses every `every` steps; goes stale at pause number `staleAt`. Records what each slice ran. */
function countingSlicing(every: number, staleAt = Number.POSITIVE_INFINITY) {
  const record = { slices: [] as number[], pauses: 0 };
  let steps = 0;
  const slicing: Slicing = {
    due: () => ++steps % every === 0,
    pause: async () => {
      record.pauses++;
    },
    stale: () => record.pauses >= staleAt,
    sliced: (n) => record.slices.push(n),
  };
  return { slicing, record };
}

describe('note checks in steps', () => {
  it('find what one diagnosis finds, printed values included', async () => {
    const s = scan();
    const { slicing } = countingSlicing(Number.POSITIVE_INFINITY);
    const result = await checkNote({ scan: s, text, language: 'en' }, slicing);
    assert.ok(result);
    const whole = diagnoseDocument(scanDocument(text, 'markdown'), { text, language: 'en' });
    assert.deepEqual(result.findings, whole);
    assert.deepEqual(
      result.findings.map((f) => f.code),
      ['AL011', 'AL004'],
    );
    assert.deepEqual(result.printed, checkPrintedValues(scanDocument(text, 'markdown'), { text }));
  });

  it('pause after every slice of steps, each slice at most its share', async () => {
    const { slicing, record } = countingSlicing(50);
    const done = { steps: 0 };
    const result = await checkNote({ scan: scan(), text, language: 'en' }, slicing, done);
    assert.ok(result);
    // About two steps per formula: one for its printed values, one for its diagnosis.
    assert.ok(done.steps > 2 * FORMULAS, `${done.steps} steps`);
    assert.equal(record.pauses, Math.floor(done.steps / 50) - (done.steps % 50 === 0 ? 1 : 0));
    assert.ok(Math.max(...record.slices) <= 50);
    assert.equal(
      record.slices.reduce((a, b) => a + b, 0),
      done.steps,
    );
  });

  it('stop at the first pause after the text changed', async () => {
    const { slicing, record } = countingSlicing(50, 2);
    const done = { steps: 0 };
    const result = await checkNote({ scan: scan(), text, language: 'en' }, slicing, done);
    assert.equal(result, null);
    assert.equal(record.pauses, 2);
    assert.equal(done.steps, 100);
  });
});
