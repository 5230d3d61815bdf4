import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { evaluateRegion } from '../../../src/core/attention/evaluate';
import { classifyCached } from '../../../src/core/attention/formula-inputs';
import type { MaskedRowPolicy } from '../../../src/core/attention/matrix';
import {
  type PythonFlavour,
  pythonScript,
  sdpaApplies,
  type WorkedExampleInputs,
  workedExampleInputs,
} from '../../../src/core/attention/python-script';
import type { DocumentFormat } from '../../../src/core/document/document-model';
import { scanDocument } from '../../../src/core/document/scan';
import { hostileDocuments, pwnedGlobal, terminalPayloads } from '../../support/hostile';

const bmatrix = (rows: string[][]) =>
  `\\begin{bmatrix} ${rows.map((r) => r.join(' & ')).join(' \\\\ ')} \\end{bmatrix}`;
const Q = bmatrix([
  ['1', '0', '1'],
  ['0', '2', '-1'],
]);
const K = bmatrix([
  ['1', '0', '0.5'],
  ['0', '1', '1'],
  ['1', '1', '0'],
  ['-1', '0.25', '2'],
]);
const V = bmatrix([
  ['1', '2'],
  ['3', '4'],
  ['5', '6'],
  ['7', '8'],
]);
const MASK = bmatrix([
  ['0', '-\\infty', '0', '0'],
  ['0', '0', '-\\infty', '-\\infty'],
]);
const FULLY_MASKED = bmatrix([
  ['0', '0', '-\\infty', '0'],
  ['-\\infty', '-\\infty', '-\\infty', '-\\infty'],
]);

const note = (formula: string, mask = MASK) =>
  `# Example\n\n$$Q = ${Q}, \\quad K = ${K}, \\quad V = ${V}, \\quad M = ${mask}$$\n\n$$${formula}$$\n`;

/** The last region's worked example, which must be reproducible. */
function inputsOf(text: string, maskedRows: MaskedRowPolicy = 'zeros', format: DocumentFormat = 'markdown') {
  const doc = scanDocument(text, format);
  const index = doc.regions.length - 1;
  const r = workedExampleInputs(doc, index, { maskedRows });
  assert.ok(r.ok, `not reproducible: ${JSON.stringify(r)}`);
  return { inputs: r.inputs, evaluation: evaluateRegion(doc, index, { maskedRows }) };
}

function runPython(script: string, env: Record<string, string> = {}): string {
  const run = spawnSync('python3', ['-'], { input: script, encoding: 'utf8', env: { ...process.env, ...env } });
  assert.equal(run.status, 0, `python3 failed:\n${run.stderr}\n--- script ---\n${script}`);
  assert.equal(run.stderr, '');
  return run.stdout;
}

const NUMBER = /-?inf|nan|-?\d+(?:\.\d*)?(?:e[+-]?\d+)?/g;
const toNumber = (t: string) =>
  t === 'nan' ? Number.NaN : t === 'inf' ? Infinity : t === '-inf' ? -Infinity : Number(t);

/** The printed blocks: a label line "name  (r x c)", the matrix, a blank line. */
function printed(stdout: string): Map<string, { rows: number; cols: number; values: number[] }> {
  const blocks = new Map<string, { rows: number; cols: number; values: number[] }>();
  for (const block of stdout.split('\n\n')) {
    const [head, ...body] = block.trim().split('\n');
    const m = /^(.*) {2}\((\d+) x (\d+)\)$/.exec(head ?? '');
    if (!m) continue;
    blocks.set(m[1], {
      rows: Number(m[2]),
      cols: Number(m[3]),
      values: (body.join(' ').match(NUMBER) ?? []).map(toNumber),
    });
  }
  return blocks;
}

const LABELS: Record<string, string> = {
  logits: 'QK^T',
  scaled: 'scaled = scale * QK^T',
  masked: 'masked = scaled + M',
  weights: 'weights = softmax(masked)',
};

/** Every step the evaluator shows, as Python printed it, equal to 12 places. */
function assertSameSteps(stdout: string, evaluation: ReturnType<typeof evaluateRegion>, hasV = true) {
  const blocks = printed(stdout);
  for (const step of evaluation.steps) {
    let label = LABELS[step.name] ?? (hasV ? 'output = weights V' : 'output = weights');
    if (step.name === 'weights' && !evaluation.steps.some((s) => s.name === 'masked'))
      label = evaluation.steps.some((s) => s.name === 'scaled')
        ? 'weights = softmax(scaled)'
        : 'weights = softmax(logits)';
    const block = blocks.get(label);
    assert.ok(block, `Python printed no "${label}" in\n${stdout}`);
    assert.deepEqual([block.rows, block.cols], [step.rows, step.cols], label);
    const expected = step.value.flat();
    assert.equal(block.values.length, expected.length, `${label}: ${block.values}`);
    block.values.forEach((v, i) => {
      const e = expected[i];
      if (Number.isNaN(e) || !Number.isFinite(e)) assert.ok(Object.is(v, e), `${label}[${i}]: ${v} vs ${e}`);
      else assert.ok(Math.abs(v - e) <= 1e-10 * Math.max(1, Math.abs(e)), `${label}[${i}]: ${v} vs ${e}`);
    });
  }
}

describe('Python script of a worked example', () => {
  it('reproduces every step of the masked formula with NumPy', () => {
    const { inputs, evaluation } = inputsOf(note('\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}} + M\\right)V'));
    assert.deepEqual(
      evaluation.steps.map((s) => s.name),
      ['logits', 'scaled', 'masked', 'weights', 'output'],
    );
    assert.equal(inputs.scale, 1 / Math.sqrt(3));
    const script = pythonScript(inputs, 'numpy', { precision: 12 });
    assert.match(script, /^scale = 1 \/ math\.sqrt\(3\) {2}# 1\/sqrt\(d_k\)$/m);
    const stdout = runPython(script);
    assertSameSteps(stdout, evaluation);
    assert.match(stdout, /^scale = 0\.577350269189\d*$/m);
    // The inputs are printed too, K in the reference layout.
    assert.deepEqual(printed(stdout).get('K')?.values, [1, 0, 0.5, 0, 1, 1, 1, 1, 0, -1, 0.25, 2]);
  });

  it('writes K in the reference layout and the scale as written when the formula does not follow the convention', () => {
    const text = note('\\mathrm{softmax}\\left(\\frac{Q (K^\\top)^\\top}{\\sqrt{2}}\\right)V').replace(
      `K = ${K}`,
      `K = ${bmatrix([
        ['1', '0', '1', '-1'],
        ['0', '1', '1', '0.25'],
        ['0.5', '1', '0', '2'],
      ])}`,
    );
    const { inputs, evaluation } = inputsOf(text);
    assert.equal(inputs.K.length, 4, 'K as l_k x d_k');
    assert.equal(inputs.scale, 1 / Math.sqrt(2));
    assertSameSteps(runPython(pythonScript(inputs, 'numpy', { precision: 12 })), evaluation);
  });

  for (const policy of ['zeros', 'nan', 'uniform'] as const) {
    it(`gives a fully masked row what the '${policy}' policy gives`, () => {
      const { inputs, evaluation } = inputsOf(
        note('\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}} + M\\right)V', FULLY_MASKED),
        policy,
      );
      assert.deepEqual(inputs.fullyMaskedRows, [1]);
      const stdout = runPython(pythonScript(inputs, 'numpy', { precision: 12 }));
      assertSameSteps(stdout, evaluation);
      assert.match(stdout, /Fully masked query rows \(0-based\): 1;/);
      assert.equal(sdpaApplies(inputs), policy === 'zeros');
    });
  }

  it('stops at the weights when the formula has no V', () => {
    const { inputs, evaluation } = inputsOf(note('A = \\mathrm{softmax}\\left(\\frac{QK^T}{\\sqrt{d_k}}\\right)'));
    assert.equal(inputs.V, null);
    assert.equal(sdpaApplies(inputs), false);
    const script = pythonScript(inputs, 'numpy', { precision: 12 });
    assert.doesNotMatch(script, /^V = /m);
    assertSameSteps(runPython(script), evaluation, false);
  });

  it('reads the LaTeX note the same way', () => {
    const text = `\\documentclass{article}\\begin{document}\n\\[ Q = ${Q}, K = ${K}, V = ${V} \\]\n\\begin{equation}\\operatorname{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right)V\\end{equation}\n\\end{document}\n`;
    const { inputs, evaluation } = inputsOf(text, 'zeros', 'latex');
    assertSameSteps(runPython(pythonScript(inputs, 'numpy', { precision: 12 })), evaluation);
  });

  it('ends the PyTorch script with scaled_dot_product_attention on the same inputs', () => {
    const { inputs } = inputsOf(note('\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}} + M\\right)V'));
    const script = pythonScript(inputs, 'torch');
    assert.match(script, /^import torch$/m);
    assert.match(script, /^Q = torch\.tensor\(\[$/m);
    assert.match(
      script,
      /^sdpa = F\.scaled_dot_product_attention\(Q\[None\], K\[None\], V\[None\], attn_mask=M, scale=scale\)\[0\]$/m,
    );
    // PyTorch is not installed here: the script must at least be valid Python.
    runPython(`import ast\nast.parse(${JSON.stringify(script)})\n`);
  });

  it('refuses formulas that are not softmax attention or cannot be evaluated, saying why', () => {
    const doc = scanDocument(note('\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right)W'), 'markdown');
    const r = workedExampleInputs(doc, doc.regions.length - 1);
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.reason, 'not-evaluated');
    assert.match(!r.ok ? r.errors.join() : '', /W has no value/);
    const product = scanDocument(note('QK^\\top'), 'markdown');
    const p = workedExampleInputs(product, product.regions.length - 1);
    assert.equal(!p.ok && p.reason, 'not-softmax-attention');
  });

  it('carries nothing of a hostile note: only numbers and its own words', () => {
    const benign = inputsOf(note('\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}} + M\\right)V')).inputs;
    const vocabulary = new Set<string>();
    const wordsOf = (script: string) => script.match(/[A-Za-z_][A-Za-z_0-9]*/g) ?? [];
    const scriptsOf = (inputs: WorkedExampleInputs) =>
      (['numpy', 'torch'] as PythonFlavour[]).flatMap((flavour) =>
        (['zeros', 'nan', 'uniform'] as const).map((maskedRows) =>
          pythonScript({ ...inputs, maskedRows, fullyMaskedRows: [0] }, flavour),
        ),
      );
    for (const script of scriptsOf(benign)) for (const w of wordsOf(script)) vocabulary.add(w);
    for (const w of ['e', 'math', 'nan', 'inf']) vocabulary.add(w);
    let checked = 0;
    for (const hostile of hostileDocuments(1)) {
      const doc = scanDocument(hostile.text, hostile.format);
      // The first few attention formulas of each note: the payloads sit in every one.
      const formulas = doc.regions
        .map((r, i) => (classifyCached(r.tex).kind.includes('scaled_dot_product') ? i : -1))
        .filter((i) => i >= 0)
        .slice(0, 5);
      for (const index of formulas) {
        const r = workedExampleInputs(doc, index, { limits: { maxDimension: 64 } });
        if (!r.ok) continue;
        for (const script of scriptsOf(r.inputs)) {
          checked++;
          assert.match(script, /^[\n\x20-\x7e]*$/, `${hostile.name}: only printable ASCII`);
          const foreign = wordsOf(script).filter((w) => !vocabulary.has(w));
          assert.deepEqual(foreign, [], `${hostile.name}: words from the note`);
        }
        runPython(pythonScript(r.inputs, 'numpy'));
      }
    }
    // None of the generated notes has a worked example to copy; this one has, with payloads all around it.
    const injection = `""" '); __import__("os").system("touch /tmp/pwned") # \\\\ \\n ${terminalPayloads.join(' ')}`;
    const crafted = inputsOf(
      `<script>window.${pwnedGlobal}=1</script> ${injection}\n\n$$Q = ${Q}, K = ${K}, V = ${V}, M = ${MASK}$$\n\n` +
        `$$\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}} + M\\right)V \\quad \\text{${injection}}$$\n${injection}\n`,
    );
    for (const script of scriptsOf(crafted.inputs)) {
      checked++;
      assert.deepEqual(
        wordsOf(script).filter((w) => !vocabulary.has(w)),
        [],
      );
      assert.ok(!script.includes('pwned') && !script.includes('__import__'));
    }
    assertSameSteps(runPython(pythonScript(crafted.inputs, 'numpy', { precision: 12 })), crafted.evaluation);
    assert.ok(checked > 0);
  });
});
