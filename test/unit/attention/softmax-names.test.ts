// σ written for the softmax, as the prose of a note says it is ("where σ is the softmax", "σ 表示 softmax"): which
// sentences state it and where they hold, and that every feature reading a formula of such a note reads it alike.
// Without a statement σ keeps the meaning the formula alone gives it (sigmoid attention is not softmax attention).
// Worked-example outputs computed with NumPy.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { classifyFormula } from '../../../src/core/attention/classify';
import { evaluateDocument } from '../../../src/core/attention/evaluate';
import { classifyCached, classifyRegion } from '../../../src/core/attention/formula-inputs';
import { fromRows } from '../../../src/core/attention/matrix';
import { workedExampleInputs } from '../../../src/core/attention/python-script';
import { selectionTarget } from '../../../src/core/attention/selection-example';
import { hasSoftmaxWorkedExample } from '../../../src/core/attention/softmax-form';
import { diagnoseDocument } from '../../../src/core/diagnose/diagnose';
import { DocumentIndex } from '../../../src/core/document/document-index';
import { LineIndex } from '../../../src/core/document/positions';
import { scanDocument } from '../../../src/core/document/scan';
import { softmaxNamesAt } from '../../../src/core/document/softmax-names';
import { assertMatrixClose } from '../../support/approx';
import { explainText, offsetOf } from '../../support/explain-at';
import { prng, randomInt } from '../../support/random';

const fixtures = join(__dirname, '../../fixtures/notation');
const SIGMA_ATTENTION = '\\sigma\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right)V';

/** The names in force at the last region of `prose` followed by a formula of σ. */
function namesAfter(prose: string): readonly string[] {
  const scan = scanDocument(`${prose}\n\n$$${SIGMA_ATTENTION}$$\n`, 'markdown');
  return softmaxNamesAt(scan, scan.regions.length - 1);
}

function read(name: string) {
  const text = readFileSync(join(fixtures, name), 'utf8');
  const scan = scanDocument(text, 'markdown');
  const lines = new LineIndex(text);
  const positionAt = (o: number) => lines.positionAt(o);
  return {
    text,
    scan,
    kinds: scan.regions.map((r, i) => `${r.range.start.line + 1} ${classifyRegion(scan, i).kind}`),
    outputs: new Map(evaluateDocument(scan, { maskedRows: 'zeros', positionAt }).map((e) => [e.line, e])),
    findings: diagnoseDocument(scan, { text, language: 'en', positionAt }).map((f) => f.code),
  };
}

describe('names the prose says are the softmax', () => {
  it('reads English and Chinese statements, a name in math or in Unicode', () => {
    const stated: [string, string][] = [
      ['where $\\sigma$ is the softmax.', 'sigma'],
      ['Below, $\\sigma$ denotes the softmax taken over each row.', 'sigma'],
      ['$\\sigma$ denotes the row-wise softmax.', 'sigma'],
      ['Here σ(·) stands for the softmax function.', 'sigma'],
      ['\\(\\sigma\\) represents the standard softmax.', 'sigma'],
      ['$\\phi(\\cdot) = \\mathrm{softmax}(\\cdot)$ row by row.', 'phi'],
      ['We write $\\varphi$ for the softmax.', 'varphi'],
      ['The softmax, denoted by $\\sigma$, normalises each row.', 'sigma'],
      ['σ 表示 softmax。', 'sigma'],
      ['其中 $\\sigma$ 为 softmax 函数。', 'sigma'],
      ['$\\sigma$ 表示按行的 softmax。', 'sigma'],
      ['softmax 函数（记为 $\\sigma$）按行计算。', 'sigma'],
    ];
    for (const [prose, name] of stated) assert.deepEqual(namesAfter(prose), [name], prose);
  });

  it('reads no statement in sentences that deny it, give σ another meaning, or name no function', () => {
    for (const prose of [
      '$\\sigma$ is the sigmoid, not the softmax.',
      '$\\sigma$ is not the softmax.',
      'σ 不是 softmax。',
      '$\\sigma$ is the logistic function; the softmax normalises rows instead.',
      'The softmax of $x$ is computed first.',
      '$x$ is the softmax input.',
      'Apply $\\sigma(x) = 1/(1 + e^{-x})$ to each logit.',
    ])
      assert.deepEqual(namesAfter(prose), [], prose);
  });

  it('reads long runs of spaces inside a would-be statement once, never trying each split of them', () => {
    const spaces = ' '.repeat(200_000);
    for (const start of ['σ表示', 'softmax 函数', 'softmax, denoted by', '$\\sigma(\\cdot', 'σ(', 'write σ'])
      assert.deepEqual(namesAfter(`${start}${spaces}x`), [], start);
  });

  it('holds from its paragraph on, and for the formula that paragraph follows when it speaks of it', () => {
    const text = [
      `$$${SIGMA_ATTENTION}$$`,
      'Sigmoid attention, above; now the usual form.',
      `$$${SIGMA_ATTENTION}$$`,
      'where $\\sigma$ is the softmax.',
      `$$${SIGMA_ATTENTION}$$`,
    ].join('\n\n');
    const scan = scanDocument(text, 'markdown');
    assert.deepEqual(
      scan.regions.map((r, i) => `${r.tex.slice(0, 6)} ${softmaxNamesAt(scan, i).join()}`),
      ['\\sigma ', '\\sigma sigma', '\\sigma sigma', '\\sigma sigma'],
    );
    assert.deepEqual(
      scan.regions.map((_, i) => classifyRegion(scan, i).kind),
      ['none', 'scaled_dot_product', 'none', 'scaled_dot_product'],
    );
    const introduced = scanDocument(
      [`$$${SIGMA_ATTENTION}$$`, 'From here on, $\\sigma$ denotes the softmax:', `$$${SIGMA_ATTENTION}$$`].join('\n\n'),
      'markdown',
    );
    assert.deepEqual(
      introduced.regions.map((_, i) => classifyRegion(introduced, i).kind),
      ['none', 'none', 'scaled_dot_product'],
    );
  });
});

describe('names of the softmax after edits', () => {
  it('are read after 300 random edits as a whole reading reads them', () => {
    const inserts = [
      '\n\nwhere $\\sigma$ is the softmax.\n\n',
      'σ is the softmax',
      '$\\phi$ denotes the softmax',
      ' not',
      '\n\n',
      'where ',
      '$',
      '$$',
      ' 表示 softmax',
      '其中 σ 为 softmax',
      'x',
    ];
    const next = prng(5);
    const index = new DocumentIndex();
    let text = readFileSync(join(fixtures, 'sigma-softmax.md'), 'utf8');
    index.get('note', 1, 'markdown', () => text);
    for (let version = 2; version < 302; version++) {
      const at = randomInt(next, 0, text.length);
      const remove = randomInt(next, 0, 1) === 0 ? Math.min(text.length - at, randomInt(next, 1, 12)) : 0;
      const insert = inserts[randomInt(next, 0, inserts.length - 1)];
      text = text.slice(0, at) + insert + text.slice(at + remove);
      index.edit('note', version, [{ rangeOffset: at, rangeLength: remove, text: insert }]);
      const { scan } = index.get('note', version, 'markdown', () => text);
      const whole = scanDocument(text, 'markdown');
      assert.deepEqual(
        scan.regions.map((_, i) => softmaxNamesAt(scan, i)),
        whole.regions.map((_, i) => softmaxNamesAt(whole, i)),
        `version ${version}`,
      );
    }
  });
});

describe('classification with the names of the softmax', () => {
  it('reads their calls as the softmax, and only with them', () => {
    assert.equal(classifyFormula(SIGMA_ATTENTION).kind, 'none');
    const c = classifyFormula(SIGMA_ATTENTION, { softmaxNames: ['sigma'] });
    assert.equal(c.kind, 'scaled_dot_product');
    assert.deepEqual(c.roles, { query: 'Q', key: 'K', value: 'V', mask: null });
    assert.equal(classifyFormula(SIGMA_ATTENTION, { softmaxNames: ['phi'] }).kind, 'none');
    // A feature map named as the softmax is no longer one: phi(Q) phi(K)^T V is then not linear attention.
    const linear = '\\phi(Q)\\phi(K)^\\top V';
    assert.equal(classifyFormula(linear).kind, 'linear_attention');
    assert.notEqual(classifyFormula(linear, { softmaxNames: ['phi'] }).kind, 'linear_attention');
  });

  it('remembers each reading apart', () => {
    assert.equal(classifyCached(SIGMA_ATTENTION, ['sigma']).kind, 'scaled_dot_product');
    assert.equal(classifyCached(SIGMA_ATTENTION).kind, 'none');
    assert.equal(classifyCached(SIGMA_ATTENTION, ['sigma']).kind, 'scaled_dot_product');
  });
});

describe('a note that writes σ for the softmax', () => {
  const expected = [
    [2, 3],
    [2.3395230986533138, 3.3395230986533138],
  ];
  const masked = [
    [1, 2],
    [2.3395230986533138, 3.3395230986533138],
  ];

  it('is evaluated, checked and explained as attention', () => {
    const n = read('sigma-softmax.md');
    assert.deepEqual(
      n.kinds.filter((k) => !k.endsWith(' none')),
      ['9 scaled_dot_product', '17 masked_scaled_dot_product'],
    );
    // Line 9's output is checked with the other notation (notation-outputs.test.ts).
    assertMatrixClose(fromRows(n.outputs.get(17)?.output?.value ?? []), masked);
    for (const line of [9, 17]) assert.equal(n.outputs.get(line)?.check?.agrees, true);
    assert.deepEqual(n.findings, []);

    const index = n.scan.regions.findIndex((r) => r.tex.startsWith('\\sigma'));
    assert.equal(hasSoftmaxWorkedExample(n.scan, index), true);
    const inputs = workedExampleInputs(n.scan, index);
    assert.ok(inputs.ok);
    const at = offsetOf(n.text, '\\sigma\\left');
    assert.deepEqual(selectionTarget(n.scan, n.text, at, at), { kind: 'formula', regionIndex: index });
    const formula = explainText(n.text, offsetOf(n.text, '$$\\sigma'));
    assert.equal(formula?.type === 'formula' && formula.kind, 'scaled_dot_product');
    const sigma = explainText(n.text, offsetOf(n.text, '\\sigma\\left', 1));
    assert.deepEqual(sigma?.type === 'symbol' && sigma.topic, { type: 'softmax' });
  });

  it('in Chinese', () => {
    const n = read('sigma-softmax-zh.md');
    assert.deepEqual(
      n.kinds.filter((k) => !k.endsWith(' none')),
      ['9 scaled_dot_product'],
    );
    assertMatrixClose(fromRows(n.outputs.get(9)?.output?.value ?? []), expected);
    assert.deepEqual(n.findings, []);
  });
});

describe('a note where σ is the sigmoid', () => {
  it('keeps the reading of the formula alone: not softmax attention, nothing evaluated or found', () => {
    const n = read('sigma-sigmoid.md');
    assert.deepEqual(
      n.scan.regions.map((r, i) => classifyRegion(n.scan, i).kind === classifyFormula(r.tex).kind),
      n.scan.regions.map(() => true),
    );
    assert.deepEqual(
      n.kinds.filter((k) => !k.endsWith(' none')),
      [],
    );
    assert.deepEqual([...n.outputs.keys()], []);
    assert.deepEqual(n.findings, []);
    const index = n.scan.regions.findIndex((r) => r.tex.startsWith('\\sigma\\left'));
    assert.equal(hasSoftmaxWorkedExample(n.scan, index), false);
    assert.equal(explainText(n.text, offsetOf(n.text, '$$\\sigma')), null);
  });
});
