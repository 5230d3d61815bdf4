// Random and mutated documents for the scanner: none may make it throw or stall, its results must point into
// the text they came from, and adversarial inputs must take time proportional to their length.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DocumentFormat, ScannedDocument } from '../../src/core/document/document-model';
import { scanDocument } from '../../src/core/document/scan';
import { corpusFiles } from '../support/corpus';
import { Prng } from '../support/prng';

/** Pieces that start or end constructs, so random documents hit the scanner's edge cases often. */
export const SPECIAL_TOKENS = [
  '$',
  '$$',
  '$$$',
  '\\$',
  '$`',
  '`$',
  '\\(',
  '\\)',
  '\\[',
  '\\]',
  '`',
  '``',
  '```',
  '```math',
  '~~~',
  '\n```\n',
  '<!--',
  '-->',
  '\n---\n',
  '\\begin{bmatrix}',
  '\\end{bmatrix}',
  '\\begin{array}{cc}',
  '\\end{array}',
  '\\begin{equation}',
  '\\end{equation}',
  '\\begin{align*}',
  '\\end{align*}',
  '\\begin{verbatim}',
  '\\end{verbatim}',
  '\\verb|',
  '\\\\',
  '\\cr',
  '&',
  '\\hline',
  '{',
  '}',
  '[[',
  ']]',
  '[',
  ']',
  ',',
  '=',
  ':=',
  '_',
  '^',
  '%',
  '\\%',
  '\\newcommand{\\a}{\\a\\a}',
  '\\def\\b#1{#1#1}',
  '\\a',
  '\\b{x}',
  '\\DeclareMathOperator{\\op}{op}',
  '\\in\\mathbb{R}^{',
  '\\times',
  'Q',
  'K_1^{(h)}',
  '\\mathbf{W}',
  '-\\infty',
  '\\frac{1}{2}',
  '\\sqrt{',
  '1e-3',
  '0.5',
  '-2',
  '\n',
  '\r\n',
  '\r',
  '\n\n',
  '    ',
  '\t',
  '> ',
  '- ',
  '# ',
  '😀',
  '中文',
  ' ',
  'x',
];

/** Splits text into pieces at the characters the scanner cares about. */
const PIECES = /\\[a-zA-Z]+|\\.|\$+|`+|[{}&[\]=,\n]|[^\\$`{}&[\]=,\n]{1,12}/g;

interface Sources {
  tokens: string[];
  documents: string[];
}

let cachedSources: Sources | null = null;

function sources(): Sources {
  if (cachedSources) return cachedSources;
  const fixtureDir = join(__dirname, '../fixtures/scan');
  const documents = readdirSync(fixtureDir).map((f) => readFileSync(join(fixtureDir, f), 'utf8'));
  for (const { text } of corpusFiles() ?? []) documents.push(text);
  const tokens = [...SPECIAL_TOKENS];
  for (const d of documents) for (const m of d.matchAll(PIECES)) tokens.push(m[0]);
  cachedSources = { tokens, documents };
  return cachedSources;
}

function randomDocument(random: Prng, { tokens }: Sources): string {
  const parts: string[] = [];
  const count = 1 + random.int(200);
  for (let i = 0; i < count; i++) parts.push(random.next() < 0.5 ? random.pick(SPECIAL_TOKENS) : random.pick(tokens));
  return parts.join('');
}

function mutatedDocument(random: Prng, { tokens, documents }: Sources): string {
  const source = random.pick(documents);
  const start = random.int(source.length);
  return mutate(random, source.slice(start, start + 200 + random.int(3000)), tokens);
}

/** One to eight random edits: insert a token, delete or duplicate a span, or cut out the text between two places. */
export function mutate(random: Prng, original: string, tokens: readonly string[]): string {
  let text = original;
  const mutations = 1 + random.int(8);
  for (let m = 0; m < mutations; m++) {
    const at = random.int(text.length + 1);
    const span = random.int(40);
    switch (random.int(4)) {
      case 0:
        text = text.slice(0, at) + random.pick(random.next() < 0.5 ? SPECIAL_TOKENS : tokens) + text.slice(at);
        break;
      case 1:
        text = text.slice(0, at) + text.slice(at + span);
        break;
      case 2:
        text = text.slice(0, at) + text.slice(at, at + span).repeat(2) + text.slice(at + span);
        break;
      default: {
        // Cut inside a surrogate pair or a CRLF on purpose: the scanner must cope with broken text too.
        const other = random.int(text.length + 1);
        text = text.slice(0, Math.min(at, other)) + text.slice(Math.max(at, other));
      }
    }
  }
  return text;
}

/** Every region, literal, shape and problem lies inside the text, in order, and the TeX is the text's own. */
export function checkResult(text: string, doc: ScannedDocument): string | null {
  let previous = -1;
  for (const r of doc.regions) {
    if (r.startOffset < previous || r.startOffset > r.endOffset || r.endOffset > text.length)
      return 'region out of order or range';
    if (text.slice(r.texOffset, r.texOffset + r.tex.length) !== r.tex) return 'region TeX is not the text at texOffset';
    previous = r.endOffset;
  }
  for (const item of [...doc.matrices, ...doc.shapes, ...doc.scalars, ...doc.problems])
    if (item.startOffset < 0 || item.startOffset > item.endOffset || item.endOffset > text.length)
      return 'finding out of range';
  for (const m of doc.matrices) {
    if (m.values.length !== m.rows) return 'matrix row count differs from its values';
    if (m.regionIndex < 0 || m.regionIndex >= doc.regions.length) return 'matrix outside any region';
  }
  return null;
}

/** Adversarial inputs of size n, each with the format it attacks. */
const ADVERSARIAL: { name: string; format: DocumentFormat; make(n: number): string; n: number }[] = [
  { name: '$ signs', format: 'markdown', make: (n) => '$'.repeat(n), n: 100_000 },
  { name: '$ a pairs', format: 'markdown', make: (n) => '$a '.repeat(n / 3), n: 100_000 },
  { name: '$$ openers', format: 'markdown', make: (n) => '$$ '.repeat(n / 3), n: 100_000 },
  { name: 'nested braces', format: 'markdown', make: (n) => `$$${'{'.repeat(n)}x${'}'.repeat(n)}$$`, n: 10_000 },
  { name: 'unclosed braces', format: 'latex', make: (n) => `$\\mathbf{${'{'.repeat(n)}$`, n: 10_000 },
  {
    name: 'runs of \\\\',
    format: 'markdown',
    make: (n) => `$$${'\\\\'.repeat(n / 2)}$$ $${'\\'.repeat(n)}`,
    n: 100_000,
  },
  {
    name: 'backtick runs',
    format: 'markdown',
    make: (n) => Array.from({ length: n / 40 }, (_, i) => '`'.repeat(1 + (i % 20))).join(' '),
    n: 100_000,
  },
  {
    name: 'unclosed matrices',
    format: 'markdown',
    make: (n) => `$$${'\\begin{bmatrix}1&'.repeat(n / 18)}$$`,
    n: 100_000,
  },
  { name: 'bracket arrays', format: 'markdown', make: (n) => `$$${'[['.repeat(n / 2)}$$`, n: 100_000 },
  { name: 'comment openers', format: 'markdown', make: (n) => 'a <!-- '.repeat(n / 7), n: 100_000 },
  { name: 'unclosed environments', format: 'latex', make: (n) => '\\begin{equation} $'.repeat(n / 18), n: 100_000 },
  {
    name: 'symbols and commas',
    format: 'markdown',
    make: (n) => `$$${'Q_{1}, '.repeat(n / 7)}\\in\\mathbb{R}^{a\\times b}$$`,
    n: 100_000,
  },
];

function timeOf(text: string, format: DocumentFormat): number {
  let best = Number.POSITIVE_INFINITY;
  for (let k = 0; k < 5; k++) {
    const t0 = performance.now();
    scanDocument(text, format);
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

export interface LinearityResult {
  name: string;
  n: number;
  msN: number;
  ms2N: number;
  ratio: number;
}

/** A quadratic scan takes 4x as long on twice the input; linear, 2x. The bound leaves room for timer noise. */
export const LINEARITY_BOUND = 3;

export function linearity(): LinearityResult[] {
  return ADVERSARIAL.map(({ name, format, make, n }) => {
    const small = make(n);
    const large = make(2 * n);
    // Warm up first: the first runs of a new input shape measure the compiler, not the scan.
    timeOf(large, format);
    // A busy machine can stretch a measurement; a quadratic scan stays quadratic however often it is measured,
    // so the best of a few attempts is kept.
    let msN = timeOf(small, format);
    let ms2N = timeOf(large, format);
    for (let attempt = 0; attempt < 3 && ms2N / msN > LINEARITY_BOUND; attempt++) {
      const again = timeOf(small, format);
      const againLarge = timeOf(large, format);
      if (againLarge / again < ms2N / msN) [msN, ms2N] = [again, againLarge];
    }
    return { name, n, msN, ms2N, ratio: ms2N / Math.max(msN, 0.05) };
  });
}

export interface FuzzReport {
  cases: number;
  characters: number;
  ms: number;
  failures: { seed: number; index: number; problem: string; text: string }[];
}

/**
 * Runs `count` random and mutated documents from `seed`. With `stallMs`, a document taking longer counts as a
 * failure: only the long fuzzing run sets it, since a clock in the test suite fails on a busy machine.
 */
export function fuzzScan(count: number, seed: number, { stallMs }: { stallMs?: number } = {}): FuzzReport {
  const random = new Prng(seed);
  const src = sources();
  const failures: FuzzReport['failures'] = [];
  let characters = 0;
  const t0 = performance.now();
  for (let index = 0; index < count; index++) {
    const text = random.next() < 0.5 ? randomDocument(random, src) : mutatedDocument(random, src);
    const format: DocumentFormat = random.next() < 0.7 ? 'markdown' : 'latex';
    characters += text.length;
    const started = performance.now();
    try {
      const problem = checkResult(text, scanDocument(text, format));
      if (problem) failures.push({ seed, index, problem, text });
    } catch (err) {
      failures.push({ seed, index, problem: `threw ${err instanceof Error ? err.stack : String(err)}`, text });
    }
    if (stallMs !== undefined && performance.now() - started > stallMs)
      failures.push({ seed, index, problem: `took over ${stallMs} ms`, text });
  }
  return { cases: count, characters, ms: performance.now() - t0, failures };
}
