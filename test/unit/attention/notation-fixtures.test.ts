// Notes of our own in test/fixtures/notation, each written the way some authors write attention: one matrix for Q, K
// and V, masks inside the scale or multiplying the logits, a head's width as d_{\text{head}}, inner products in
// angle brackets, in English, Chinese and Korean, Markdown and LaTeX. Each is read as a whole, as the editor and
// the command line read it: the kind of every formula, the worked examples' outputs (computed independently with
// NumPy) and the findings, which stay silent where the notation is right.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { classifyFormula } from '../../../src/core/attention/classify';
import { evaluateDocument, type FormulaEvaluation } from '../../../src/core/attention/evaluate';
import { fromRows } from '../../../src/core/attention/matrix';
import { checkPrintedValues } from '../../../src/core/attention/printed-values';
import { diagnoseDocument } from '../../../src/core/diagnose/diagnose';
import type { ScannedDocument } from '../../../src/core/document/document-model';
import { LineIndex } from '../../../src/core/document/positions';
import { scanDocument } from '../../../src/core/document/scan';
import type { Language } from '../../../src/core/i18n';
import { assertMatrixClose } from '../../support/approx';

const fixtures = join(__dirname, '../../fixtures/notation');

interface Note {
  text: string;
  scan: ScannedDocument;
  lines: LineIndex;
}

function note(name: string): Note {
  const text = readFileSync(join(fixtures, name), 'utf8');
  return { text, scan: scanDocument(text, name.endsWith('.tex') ? 'latex' : 'markdown'), lines: new LineIndex(text) };
}

/** The kind of every region that is attention, as `line kind` (1-based lines). */
const kinds = (n: Note) =>
  n.scan.regions
    .map((r) => [r.range.start.line + 1, classifyFormula(r.tex).kind] as const)
    .filter(([, kind]) => kind !== 'none')
    .map(([line, kind]) => `${line} ${kind}`);

const evaluations = (n: Note) =>
  evaluateDocument(n.scan, { maskedRows: 'zeros', positionAt: (o) => n.lines.positionAt(o) });

const findings = (n: Note, language: Language = 'en') =>
  diagnoseDocument(n.scan, { text: n.text, language, positionAt: (o) => n.lines.positionAt(o) });

/** The evaluation of the formula on `line`, which must evaluate without errors and agree with the core. */
function evaluated(all: FormulaEvaluation[], line: number): FormulaEvaluation {
  const e = all.find((x) => x.line === line);
  assert.ok(e, `no evaluation on line ${line}: ${all.map((x) => x.line)}`);
  assert.deepEqual(
    e.errors.map((x) => x.message),
    [],
  );
  assert.ok(e.output);
  assert.equal(e.check?.agrees, true, `line ${line}: ${e.warnings.map((w) => w.message)}`);
  return e;
}

describe('notation fixtures', () => {
  it('self-attention on one matrix: Q = K = V = X, and Q = K = V = a literal with a causal mask', () => {
    const n = note('self-attention-one-matrix.md');
    assert.deepEqual(kinds(n), ['8 scaled_dot_product', '18 masked_scaled_dot_product']);
    const all = evaluations(n);
    assert.deepEqual(
      all.map((e) => e.line),
      [8, 18],
    );
    // X from the same display as the chain, not the literal of the next section, which is named V.
    assert.deepEqual(evaluated(all, 8).bindings.V, { rows: 3, cols: 2, line: 6 });
    assertMatrixClose(fromRows(evaluated(all, 8).output?.value ?? []), [
      [0.8022241853595719, 0.5988879073202141],
      [0.5988879073202141, 0.8022241853595719],
      [0.7517449217422769, 0.7517449217422769],
    ]);
    assertMatrixClose(fromRows(evaluated(all, 18).output?.value ?? []), [
      [2, 0],
      [0.11161443841433949, 1.8883855615856606],
      [1.4569431438909994, -0.42823857315166575],
    ]);
    assert.deepEqual(findings(n), []);
  });

  it('masks inside the scale: added before the root, or multiplying the logits, which drops no key', () => {
    const n = note('masks-inside-the-scale.md');
    assert.deepEqual(kinds(n), ['10 masked_scaled_dot_product', '18 masked_scaled_dot_product']);
    const all = evaluations(n);
    const added = evaluated(all, 10);
    // Masked before the scale: no step of the scaled logits alone.
    assert.deepEqual(
      added.steps.map((s) => s.name),
      ['logits', 'masked', 'weights', 'output'],
    );
    assertMatrixClose(fromRows(added.output?.value ?? []), [
      [1.6697615493266569, 1.3395230986533138],
      [0.3302384506733431, 0.6697615493266569],
    ]);
    const multiplied = evaluated(all, 18);
    assertMatrixClose(fromRows(multiplied.output?.value ?? []), [
      [1.4359461001719838, 1.2919799354741017],
      [0.7447652347731694, 1],
    ]);
    // The core compares the product as what it changes in the logits, so no 0/1 warning of an added mask.
    assert.deepEqual(
      multiplied.warnings.map((w) => w.code),
      [],
    );
    const [finding, ...rest] = findings(n);
    assert.deepEqual(rest, []);
    assert.equal(finding.code, 'AL005');
    assert.equal(finding.range.start.line + 1, 18);
    assert.match(finding.message, /^B holds only 0 and 1 and multiplies the logits/);
    // Rewriting B as 0 and -inf would not mend a product.
    assert.deepEqual(finding.fixes, []);
    assert.match(findings(n, 'zh-cn')[0].message, /^B 只含 0 和 1，并与 logits 逐元素相乘/);
  });

  it("a head's width written d_{\\text{head}} is the width of its queries, in LaTeX with pmatrix and \\intercal", () => {
    const n = note('head-width.tex');
    assert.deepEqual(kinds(n), ['26 scaled_dot_product', '30 multi_head']);
    const [head] = evaluations(n);
    assert.equal(head.line, 26);
    assert.deepEqual(evaluated([head], 26).bindings['d_{head}'], { rows: 1, cols: 1, line: 8, value: 3 });
    assertMatrixClose(fromRows(head.output?.value ?? []), [
      [2, 2],
      [2.280914951361255, 1.7190850486387448],
    ]);
    assert.deepEqual(findings(n), []);
  });

  it('inner products in angle brackets, with Chinese and Korean prose around them', () => {
    const zh = note('inner-product-zh.md');
    assert.deepEqual(kinds(zh), [
      '5 scaled_dot_product',
      '9 softmax_weights_elementwise',
      '13 other_attention',
      '15 scaled_dot_product',
    ]);
    assert.deepEqual(findings(zh), []);
    const ko = note('inner-product-ko.md');
    assert.deepEqual(kinds(ko), ['5 scaled_dot_product', '11 softmax_weights_elementwise']);
    assert.deepEqual(findings(ko), []);
  });

  it('keys printed already transposed, as K^\\top, give K', () => {
    const n = note('keys-printed-transposed.md');
    assert.deepEqual(kinds(n), ['11 scaled_dot_product']);
    const e = evaluated(evaluations(n), 11);
    assert.deepEqual(e.bindings.K, { rows: 3, cols: 2, line: 7 });
    assertMatrixClose(fromRows(e.output?.value ?? []), [
      [0.39833186098032114, 0.6016681390196789],
      [0.6016681390196789, 0.39833186098032114],
      [0.5, 0.5],
    ]);
    assert.deepEqual(findings(n), []);
  });

  it('projections inside the formula: d_k is the width of the projected queries, not of X', () => {
    const n = note('projections-inside-zh.md');
    assert.deepEqual(kinds(n), ['9 scaled_dot_product']);
    const [e] = evaluations(n);
    assert.deepEqual(e.errors, []);
    assert.deepEqual(e.bindings.d_k, { rows: 1, cols: 1, line: 5, value: 3 });
    assertMatrixClose(fromRows(e.output?.value ?? []), [
      [1, -0.5],
      [0.7190850486387449, -0.6404574756806275],
    ]);
    assert.deepEqual(findings(n), []);
  });

  it('one step per line of a block, S, then A = softmax(S), then O = A V, is evaluated to its output', () => {
    const tex = note('steps-in-align.tex');
    assert.deepEqual(kinds(tex), ['12 masked_scaled_dot_product']);
    const masked = evaluated(evaluations(tex), 12);
    assert.deepEqual(
      masked.steps.map((s) => s.name),
      ['logits', 'scaled', 'masked', 'weights', 'output'],
    );
    assertMatrixClose(fromRows(masked.output?.value ?? []), [
      [3, 5],
      [1, 3],
    ]);
    assert.deepEqual(findings(tex), []);
    const md = note('steps-in-aligned.md');
    assert.deepEqual(kinds(md), ['11 scaled_dot_product']);
    assertMatrixClose(fromRows(evaluated(evaluations(md), 11).output?.value ?? []), [[2.230921146863999], [2], [2]]);
    assert.deepEqual(findings(md), []);
  });

  it('every step printed in a LaTeX note, \\approx and \\intercal: each printed value checked and agreeing, no finding', () => {
    const n = note('printed-steps.tex');
    assert.deepEqual(kinds(n), ['12 scaled_dot_product', '17 scaled_dot_product', '21 other_attention']);
    const printed = checkPrintedValues(n.scan, { text: n.text, positionAt: (o) => n.lines.positionAt(o) });
    assert.deepEqual(
      printed.map((p) => [p.range.start.line + 1, p.agrees]),
      [
        [13, true],
        [14, true],
        [18, true],
        [22, true],
      ],
    );
    assert.deepEqual(findings(n), []);
  });

  it('a formula broken after its equals sign, as multline writes it in a narrow column', () => {
    const n = note('broken-lines.tex');
    assert.deepEqual(kinds(n), ['10 scaled_dot_product']);
    assertMatrixClose(fromRows(evaluated(evaluations(n), 10).output?.value ?? []), [
      [0.19557031749304313, 0.8044296825069569],
      [0.19557031749304313, 0.8044296825069569],
    ]);
    assert.deepEqual(findings(n), []);
  });

  it('inner products in angle brackets and dots of two rows evaluate, and their printed values are checked', () => {
    const n = note('inner-product-worked.md');
    assert.deepEqual(kinds(n), ['9 scaled_dot_product', '15 scaled_dot_product']);
    const [angled, dotted] = evaluations(n);
    assert.equal(angled.expression, 'inner(q_1, k_2) / sqrt(3)');
    assert.deepEqual(angled.errors, []);
    assertMatrixClose(fromRows(angled.output?.value ?? []), [[-0.8660254037844387]]);
    // q_1 \cdot k_3 of two rows: their dot product, not a product of matrices that do not fit.
    assert.deepEqual(dotted.errors, []);
    assertMatrixClose(fromRows(dotted.output?.value ?? []), [[0.5773502691896258]]);
    const printed = checkPrintedValues(n.scan, { text: n.text, positionAt: (o) => n.lines.positionAt(o) });
    assert.deepEqual(
      printed.map((p) => [p.line, p.agrees]),
      [
        [9, true],
        [15, true],
      ],
    );
    assert.deepEqual(findings(n), []);
  });
});
