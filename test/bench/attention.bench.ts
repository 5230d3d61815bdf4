// Full attention softmax(Q K^T / sqrt(d)) V for l = d = 64 and 256: the numeric core beside the same
// computation with mathjs matrices and beside a plain i-k-j Float64Array loop, in one run. Then the cold and warm
// time of evaluating the seed formula on 8x8 matrices through the whole path (translate, bind, evaluate).
import type { Matrix } from '../../src/core/attention/matrix';
import { corpusFiles } from '../support/corpus';
import { prng, randomMatrix } from '../support/random';
import { fmtMs, measure, report } from './measure';

/** The baseline: transpose K, then i-k-j products and a two-pass softmax, nothing else. */
function plainAttention(Q: Matrix, K: Matrix, V: Matrix): Float64Array {
  const [l, d, lk, dv] = [Q.rows, Q.cols, K.rows, V.cols];
  const kt = new Float64Array(d * lk);
  for (let i = 0; i < lk; i++) for (let j = 0; j < d; j++) kt[j * lk + i] = K.data[i * d + j];
  const s = new Float64Array(l * lk);
  for (let i = 0; i < l; i++) {
    for (let k = 0; k < d; k++) {
      const q = Q.data[i * d + k];
      for (let j = 0; j < lk; j++) s[i * lk + j] += q * kt[k * lk + j];
    }
  }
  const scale = 1 / Math.sqrt(d);
  for (let i = 0; i < l; i++) {
    let max = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < lk; j++) max = Math.max(max, s[i * lk + j] * scale);
    let sum = 0;
    for (let j = 0; j < lk; j++) {
      const e = Math.exp(s[i * lk + j] * scale - max);
      s[i * lk + j] = e;
      sum += e;
    }
    for (let j = 0; j < lk; j++) s[i * lk + j] /= sum;
  }
  const out = new Float64Array(l * dv);
  for (let i = 0; i < l; i++) {
    for (let k = 0; k < lk; k++) {
      const w = s[i * lk + k];
      for (let j = 0; j < dv; j++) out[i * dv + j] += w * V.data[k * dv + j];
    }
  }
  return out;
}

const bmatrix = (name: string, rows: number[][]) =>
  `$$${name} = \\begin{bmatrix} ${rows.map((r) => r.map((v) => v.toFixed(3)).join(' & ')).join(' \\\\ ')} \\end{bmatrix}$$`;

/** The seed page's masked formula as it is written there, or the same formula when the corpus is absent. */
async function seedFormula(): Promise<string> {
  const { classifyFormula } = await import('../../src/core/attention/classify');
  const { scanDocument } = await import('../../src/core/document/scan');
  const seed = corpusFiles()?.find((f) => f.name.startsWith('000_'));
  const region =
    seed && scanDocument(seed.text, 'markdown').regions.find((r) => classifyFormula(r.tex).kind !== 'none');
  return region?.tex ?? '\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}} + M\\right) V';
}

async function wholePath(): Promise<void> {
  const next = prng(8);
  const m = () =>
    Array.from({ length: 8 }, () => Array.from({ length: 8 }, () => Math.round((next() * 2 - 1) * 1000) / 1000));
  const causal = Array.from({ length: 8 }, (_, i) =>
    Array.from({ length: 8 }, (_, j) => (j <= i ? 0 : Number.NEGATIVE_INFINITY)),
  );
  const text = [
    bmatrix('Q', m()),
    bmatrix('K', m()),
    bmatrix('V', m()),
    bmatrix('M', causal).replace(/-Infinity/g, '-\\infty'),
    `$$${await seedFormula()}$$`,
  ].join('\n\n');
  const { scanDocument } = await import('../../src/core/document/scan');
  const doc = scanDocument(text, 'markdown');
  const index = doc.regions.length - 1;
  // Cold: loading the evaluator (and mathjs with it) and building the sandbox are part of the first call.
  const t0 = performance.now();
  const { evaluateRegion } = await import('../../src/core/attention/evaluate');
  const first = evaluateRegion(doc, index);
  const cold = performance.now() - t0;
  if (first.errors.length > 0 || !first.check?.agrees)
    throw new Error(`seed formula did not evaluate: ${JSON.stringify(first.errors)}`);
  const warm = measure(() => evaluateRegion(doc, index));
  report({
    name: 'seed formula, 8x8, translate + bind + evaluate (+ core check)',
    ours: `cold ${fmtMs(cold)}`,
    baselineName: 'warm',
    baseline: fmtMs(warm.ms),
    ratio: cold / warm.ms,
  });
}

export async function run(): Promise<void> {
  // First, before anything else loads mathjs, so that cold means cold.
  await wholePath();
  const math = await import('mathjs');
  const { attention } = await import('../../src/core/attention/attention');
  const { toRows } = await import('../../src/core/attention/matrix');
  for (const n of [64, 256]) {
    const next = prng(n);
    const [Q, K, V] = [randomMatrix(next, n, n), randomMatrix(next, n, n), randomMatrix(next, n, n)];
    const [Qm, Km, Vm] = [Q, K, V].map((x) => math.matrix(toRows(x)));
    const ours = measure(() => attention({ Q, K, V }));
    const plain = measure(() => plainAttention(Q, K, V));
    const withMathjs = measure(() => {
      const scaled = math.multiply(math.multiply(Qm, math.transpose(Km)), 1 / Math.sqrt(n)) as import('mathjs').Matrix;
      const weights = (scaled.toArray() as number[][]).map((row) => {
        const max = Math.max(...row);
        const e = row.map((x) => Math.exp(x - max));
        const sum = e.reduce((a, b) => a + b, 0);
        return e.map((x) => x / sum);
      });
      return math.multiply(math.matrix(weights), Vm);
    });
    const vsMathjs = withMathjs.ms / ours.ms;
    report({
      name: `attention l = d = ${n}`,
      ours: fmtMs(ours.ms),
      baselineName: 'mathjs matrices',
      baseline: fmtMs(withMathjs.ms),
      ratio: vsMathjs,
      ...(n === 256 ? { goal: '>= 4x faster', met: vsMathjs >= 4 } : {}),
    });
    const vsPlain = plain.ms / ours.ms;
    report({
      name: `attention l = d = ${n}`,
      ours: fmtMs(ours.ms),
      baselineName: 'plain i-k-j loop',
      baseline: fmtMs(plain.ms),
      ratio: vsPlain,
      goal: '>= 1x (not slower)',
      met: vsPlain >= 1,
    });
  }
}
