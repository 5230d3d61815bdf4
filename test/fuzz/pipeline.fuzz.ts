// Small generated and mutated notes through the whole core: scan, translate (tryParseTex), classify and evaluate.
// None may throw or stall; each case is rebuilt from (seed, index) alone, so a failure replays on its own.

import { classifyFormula } from '../../src/core/attention/classify';
import { evaluateDocument } from '../../src/core/attention/evaluate';
import type { DocumentFormat } from '../../src/core/document/document-model';
import { scanDocument } from '../../src/core/document/scan';
import { tryParseTex } from '../../src/core/tex/tex-to-expr';
import { corpusFiles } from '../support/corpus';
import { Prng } from '../support/prng';
import { checkResult, mutate, SPECIAL_TOKENS } from './scan.fuzz';

export const STAGES = ['scan', 'translate', 'classify', 'evaluate'] as const;
export type Stage = (typeof STAGES)[number];

/** Small enough that a case stays cheap, so oversized matrices are refused often. */
const MAX_DIMENSION = 6;
/** Far beyond what a note of a few hundred characters costs: treated as a stall. */
const STALL_MS = 2000;

const SYMBOLS = ['Q', 'K', 'V', 'M', 'X', 'W_i^Q', 'W^O', 'd_k', 'l_q', 'head_1', 'q_i', 'k_j', 'A', 'S'];
const ENTRIES = [
  '0',
  '1',
  '-2',
  '0.5',
  '1e-3',
  '-\\infty',
  '\\infty',
  'NaN',
  '1e400',
  '\\frac{1}{2}',
  'a',
  '',
  '\\alpha',
];
const TRANSPOSES = ['^\\top', '^T', '^{\\top}', '^\\intercal', "'", '^{T}', ''];
const SOFTMAX = ['\\mathrm{softmax}', '\\operatorname{softmax}', '\\text{softmax}', 'softmax', '\\sigma'];
const SCALES = ['\\sqrt{d_k}', 'd_k', '\\sqrt{n}', '\\sqrt{2}', '2', '\\sqrt{d_k}\\sqrt{d_k}'];
const BRACKETS: [string, string][] = [
  ['(', ')'],
  ['\\left(', '\\right)'],
  ['\\big(', '\\big)'],
  ['\\{', '\\}'],
  ['[', ']'],
];

/** A matrix literal, sometimes ragged, empty or larger than the evaluation limit. */
function matrixLiteral(random: Prng): string {
  const rows = random.int(random.next() < 0.05 ? 12 : 5);
  const cols = 1 + random.int(random.next() < 0.05 ? 12 : 4);
  const body = Array.from({ length: rows }, () => {
    const width = random.next() < 0.1 ? 1 + random.int(cols + 1) : cols;
    return Array.from({ length: width }, () =>
      random.next() < 0.8 ? String(random.int(5) - 2) : random.pick(ENTRIES),
    );
  });
  const env = random.pick(['bmatrix', 'pmatrix', 'matrix', 'vmatrix']);
  return `\\begin{${env}} ${body.map((r) => r.join(' & ')).join(' \\\\ ')} \\end{${env}}`;
}

/** A random expression over the symbols, nested up to `depth`. */
function expression(random: Prng, depth: number): string {
  if (depth <= 0 || random.next() < 0.3) {
    const leaf = random.next() < 0.8 ? random.pick(SYMBOLS) : String(random.int(10));
    return leaf + (random.next() < 0.2 ? random.pick(TRANSPOSES) : '');
  }
  const a = () => expression(random, depth - 1);
  const [open, close] = random.pick(BRACKETS);
  switch (random.int(7)) {
    case 0:
      return `${a()}${a()}`;
    case 1:
      return `${a()} ${random.pick(['+', '-', '\\cdot', '\\odot', '\\times', '/'])} ${a()}`;
    case 2:
      return `\\frac{${a()}}{${a()}}`;
    case 3:
      return `\\sqrt{${a()}}`;
    case 4:
      return `${random.pick(SOFTMAX)}${open}${a()}${close}`;
    case 5:
      return `${open}${a()}${close}${random.pick(TRANSPOSES)}`;
    default:
      return `${random.pick(['\\mathrm{Attention}', '\\mathrm{Concat}', '\\exp', 'f'])}(${a()}, ${a()})`;
  }
}

/** An attention formula in one of its written forms, with the variations notes use. */
function attentionFormula(random: Prng): string {
  const [open, close] = random.pick(BRACKETS);
  const logits = `Q K${random.pick(TRANSPOSES)}`;
  const scaled =
    random.next() < 0.5 ? `\\frac{${logits}}{${random.pick(SCALES)}}` : `${logits} / ${random.pick(SCALES)}`;
  const masked = random.next() < 0.5 ? `${scaled} + M` : scaled;
  const body = `${random.pick(SOFTMAX)}${open}${masked}${close} V`;
  switch (random.int(4)) {
    case 0:
      return `\\mathrm{Attention}(Q, K, V) = ${body}`;
    case 1:
      return `\\mathrm{MultiHead}(Q, K, V) = \\mathrm{Concat}(\\mathrm{head}_1, \\dots, \\mathrm{head}_h) W^O, \\quad \\mathrm{head}_i = \\mathrm{Attention}(Q W_i^Q, K W_i^K, V W_i^V)`;
    default:
      return body;
  }
}

interface Sources {
  formulas: string[];
  tokens: string[];
}

let cachedSources: Sources | null = null;

/** Formulas of the shared corpus (when it is there) to mutate, and the pieces they are made of. */
function sources(): Sources {
  if (cachedSources) return cachedSources;
  const formulas: string[] = [];
  for (const { name, text } of corpusFiles() ?? [])
    for (const r of scanDocument(text, name.endsWith('.tex') ? 'latex' : 'markdown').regions)
      if (r.tex.length < 400) formulas.push(r.tex);
  const tokens = [...SPECIAL_TOKENS, ...SYMBOLS, ...SOFTMAX, ...TRANSPOSES.filter(Boolean), '\\frac{', '\\sqrt{'];
  cachedSources = { formulas, tokens };
  return cachedSources;
}

/** The note of case `index`: definitions and a formula, in Markdown or LaTeX, mutated half of the time. */
export function fuzzCase(seed: number, index: number): { text: string; format: DocumentFormat } {
  const random = new Prng(seed ^ Math.imul(index + 1, 0x9e3779b1));
  const src = sources();
  const format: DocumentFormat = random.next() < 0.7 ? 'markdown' : 'latex';
  const math = (tex: string) =>
    format === 'latex' && random.next() < 0.5 ? `\\begin{equation}${tex}\\end{equation}` : `$$${tex}$$`;
  const parts: string[] = [];
  for (const symbol of ['Q', 'K', 'V', 'M'])
    if (random.next() < 0.7) parts.push(math(`${symbol} = ${matrixLiteral(random)}`));
  if (random.next() < 0.5) parts.push(`$d_k = ${random.pick(['1', '2', '0', '-1', '4', 'n', '\\infty'])}$`);
  if (random.next() < 0.3) parts.push(`$Q \\in \\mathbb{R}^{${random.int(4)} \\times ${random.int(4)}}$`);
  const formula =
    src.formulas.length > 0 && random.next() < 0.3
      ? random.pick(src.formulas)
      : random.next() < 0.6
        ? attentionFormula(random)
        : expression(random, 4);
  parts.push(math(formula));
  const text = parts.join(random.pick(['\n\n', ' ', '\r\n', '\n']));
  return { text: random.next() < 0.5 ? mutate(random, text, src.tokens) : text, format };
}

export interface PipelineFailure {
  seed: number;
  index: number;
  stage: Stage;
  problem: string;
  text: string;
  format: DocumentFormat;
}

export interface PipelineReport {
  cases: number;
  characters: number;
  /** Milliseconds spent in each stage and the number of inputs it took (regions for translate and classify). */
  stages: Record<Stage, { ms: number; inputs: number }>;
  ms: number;
  failures: PipelineFailure[];
}

/** Runs one case through every stage; returns the first failure, timing each stage into `stages`. */
function runCase(
  seed: number,
  index: number,
  { text, format }: { text: string; format: DocumentFormat },
  stages: PipelineReport['stages'],
): PipelineFailure | null {
  let stage: Stage = 'scan';
  const timed = <T>(s: Stage, inputs: number, fn: () => T): T => {
    stage = s;
    const t0 = performance.now();
    const value = fn();
    const ms = performance.now() - t0;
    stages[s].ms += ms;
    stages[s].inputs += inputs;
    if (ms > STALL_MS) throw new Error(`took ${ms.toFixed(0)} ms`);
    return value;
  };
  try {
    const doc = timed('scan', 1, () => scanDocument(text, format));
    const problem = checkResult(text, doc);
    if (problem) return { seed, index, stage, problem, text, format };
    timed('translate', doc.regions.length, () => doc.regions.map((r) => tryParseTex(r.tex)));
    timed('classify', doc.regions.length, () => doc.regions.map((r) => classifyFormula(r.tex)));
    const results = timed('evaluate', 1, () =>
      evaluateDocument(doc, { limits: { maxDimension: MAX_DIMENSION }, maskedRows: 'zeros' }),
    );
    for (const r of results) {
      for (const s of r.steps)
        if (s.rows > MAX_DIMENSION || s.cols > MAX_DIMENSION)
          return {
            seed,
            index,
            stage,
            problem: `step ${s.name} is ${s.rows}x${s.cols}, above the limit`,
            text,
            format,
          };
      if (r.errors.some((e) => !e.message))
        return { seed, index, stage, problem: 'an error without a message', text, format };
    }
    return null;
  } catch (err) {
    const problem = `threw ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`;
    return { seed, index, stage, problem, text, format };
  }
}

/** Runs cases `from`, `from + 1`, ... until `count` have run or `seconds` have passed. */
export function fuzzPipeline(
  seed: number,
  {
    count,
    seconds = Number.POSITIVE_INFINITY,
    from = 0,
  }: {
    count: number;
    seconds?: number;
    from?: number;
  },
): PipelineReport {
  const stages = Object.fromEntries(STAGES.map((s) => [s, { ms: 0, inputs: 0 }])) as PipelineReport['stages'];
  const failures: PipelineFailure[] = [];
  const t0 = performance.now();
  const until = t0 + seconds * 1000;
  let cases = 0;
  let characters = 0;
  for (; cases < count; cases++) {
    // The clock is read every hundred cases: reading it is not free at a few microseconds a case.
    if (cases % 100 === 0 && performance.now() > until) break;
    const input = fuzzCase(seed, from + cases);
    characters += input.text.length;
    const failure = runCase(seed, from + cases, input, stages);
    if (failure) failures.push(failure);
  }
  return { cases, characters, stages, ms: performance.now() - t0, failures };
}
