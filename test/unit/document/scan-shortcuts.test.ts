// The scanner's shortcuts against straightforward references on random, hostile and real input: the quick check that
// passes a formula over, the findings of a TeX read before replayed, a matrix's end found without matching the
// formula's environments, the digit-by-digit integers, the shape dimensions sliced without a regular expression.
// Results must be equal; nothing here is timed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MacroDefinition } from '../../../src/core/document/document-model';
import { matchEnvironments } from '../../../src/core/document/environments';
import { closedNext, MathReader, type MathSink, mayFind } from '../../../src/core/document/math-analysis';
import { ReplayedReads } from '../../../src/core/document/math-replays';
import type { LiteralFound } from '../../../src/core/document/matrix-literal';
import { parseNumber } from '../../../src/core/document/numeric-entry';
import { findRegions } from '../../../src/core/document/scan';
import { readShape } from '../../../src/core/document/shape-declaration';
import { collapseBlanks, readEnvironmentName } from '../../../src/core/tex/tex-lexing';
import { SPECIAL_TOKENS } from '../../fuzz/scan.fuzz';
import { corpusFiles } from '../../support/corpus';
import { hostileDocuments } from '../../support/hostile';
import { Prng } from '../../support/prng';

/** Everything the reader reports, in order. */
class Recorder implements MathSink {
  readonly found: unknown[] = [];
  matrix(name: string | null, literal: LiteralFound): void {
    this.found.push(['matrix', name, literal]);
  }
  shape(symbol: string, rows: string, cols: string, start: number, end: number): void {
    this.found.push(['shape', symbol, rows, cols, start, end]);
  }
  scalar(symbol: string, value: number, start: number, end: number): void {
    this.found.push(['scalar', symbol, value, start, end]);
  }
  definition(definition: MacroDefinition): void {
    this.found.push(['definition', definition]);
  }
  problem(start: number, end: number, message: string): void {
    this.found.push(['problem', start, end, message]);
  }
}

/** TeX pieces besides the scanner's special tokens: words that look like the triggers, thin spaces, Unicode. */
const TEX_PIECES = [
  ...SPECIAL_TOKENS,
  '\\int',
  '\\infty',
  '\\index',
  '\\beginning',
  '\\approxeq',
  '\\approx',
  '\\newcommand',
  '\\def',
  '\\left[',
  '\\[',
  '\\=',
  ':',
  '\\text{Scores}',
  '\\mathbb{R}^{n \\times d}',
  '\\sqrt{d_k}',
  'W_i^Q',
  '\\,',
  '\u00a0',
  'ℝ',
];

function randomTex(random: Prng, pieces: readonly string[]): string {
  const parts: string[] = [];
  for (let n = 1 + random.int(12); n > 0; n--) parts.push(random.pick(pieces));
  return parts.join(random.next() < 0.5 ? '' : ' ');
}

/** Every formula of `text`, as a Markdown and as a LaTeX document. */
function formulas(text: string): string[] {
  const found: string[] = [];
  for (const format of ['markdown', 'latex'] as const)
    for (const r of findRegions(text, format).regions) found.push(text.slice(r.texOffset, r.texEnd));
  return found;
}

describe('scanner shortcuts against references', () => {
  it('a formula the quick check passes over reports nothing when read token by token', () => {
    const random = new Prng(20_261_206);
    const samples = Array.from({ length: 20_000 }, () => randomTex(random, TEX_PIECES));
    for (const doc of hostileDocuments(0.05)) samples.push(...formulas(doc.text).slice(0, 500));
    let passedOver = 0;
    for (const tex of samples) {
      if (mayFind(tex, 0, tex.length)) continue;
      passedOver++;
      const recorder = new Recorder();
      new MathReader(recorder).readTokens(tex, 0, tex.length);
      assert.deepEqual(recorder.found, [], tex);
    }
    // Both sides of the check are exercised.
    assert.ok(passedOver > 1000 && passedOver < samples.length - 1000, `${passedOver} of ${samples.length}`);
  });

  it('reading with the quick check reports what reading every formula token by token does', () => {
    const random = new Prng(7);
    for (let n = 0; n < 5000; n++) {
      const tex = randomTex(random, TEX_PIECES);
      const quick = new Recorder();
      const full = new Recorder();
      new MathReader(quick).read(tex, 0, tex.length);
      new MathReader(full).readTokens(tex, 0, tex.length);
      assert.deepEqual(quick.found, full.found, tex);
    }
  });

  it('a TeX read before has its findings replayed where it is written again, as reading it afresh finds them', () => {
    const random = new Prng(23);
    // Random formulas, each written several times at random places, between hostile and real documents.
    const texts = [...hostileDocuments(0.05), ...(corpusFiles() ?? [])].map((d) => d.text);
    const written = Array.from({ length: 300 }, () => randomTex(random, [...TEX_PIECES, 'Q = ', '[1, 2]', 'd_k = 2']));
    texts.push(Array.from({ length: 3000 }, () => `$${random.pick(written)}$${' x'.repeat(random.int(3))}`).join('\n'));
    let shared = 0;
    for (const text of texts) {
      const replayed = new Recorder();
      const afresh = new Recorder();
      const replays = new ReplayedReads(replayed);
      const reader = new MathReader(afresh);
      for (const r of findRegions(text, 'markdown').regions) {
        replays.read(text, r.texOffset, r.texEnd);
        reader.read(text, r.texOffset, r.texEnd);
      }
      assert.deepEqual(replayed.found, afresh.found);
      // Replays happened: a replayed matrix shares its entries with the one first read.
      const entries = replayed.found.flatMap((f) => (Array.isArray(f) && f[0] === 'matrix' ? [f[2].values] : []));
      shared += entries.length - new Set(entries).size;
    }
    assert.ok(shared > 100, `${shared} replayed matrices`);
  });

  it('a matrix closed by the next environment word is matched as matching every environment matches it', () => {
    const random = new Prng(17);
    const pieces = ['\\begin{bmatrix}', '\\end{bmatrix}', '\\begin{pmatrix}', '\\end{pmatrix}', '\\begin{aligned}'];
    const more = [...pieces, '\\end{aligned}', '\\begin {bmatrix}', '\\end{', '\\endx', '\\\\', '1 & 2', ' '];
    let shortcuts = 0;
    for (let n = 0; n < 20_000; n++) {
      const tex = randomTex(random, n % 2 === 0 ? pieces : more);
      const all = matchEnvironments(tex, 0, tex.length);
      for (let i = tex.indexOf('\\begin'); i !== -1; i = tex.indexOf('\\begin', i + 1)) {
        const name = readEnvironmentName(tex, i + 6, tex.length);
        const next = name && closedNext(tex, name.name, name.after, tex.length);
        if (!next) continue;
        shortcuts++;
        assert.deepEqual(next, all.get(i), tex);
      }
    }
    assert.ok(shortcuts > 5000, `${shortcuts}`);
  });

  it('integers read digit by digit equal the engine number parsing', () => {
    const random = new Prng(11);
    for (let n = 0; n < 20_000; n++) {
      let digits = '';
      for (let k = 1 + random.int(20); k > 0; k--) digits += String(random.int(10));
      const entry = random.next() < 0.3 ? `${digits}.${random.int(1000)}` : digits;
      assert.equal(parseNumber(entry, 0, entry.length), Number(entry), entry);
      assert.equal(parseNumber(`x${entry}y`, 1, entry.length + 1), Number(entry), entry);
    }
  });

  it('shape dimensions equal the thin-space and blank normalisation of what is written', () => {
    const random = new Prng(13);
    const pieces = [
      'n',
      'd_k',
      'l_q',
      '2',
      ' ',
      '  ',
      '\t',
      '\n',
      '\\,',
      '\\;',
      '\\!',
      '\\ ',
      '\u00a0',
      '\u3000',
      'h',
      '+',
    ];
    const reference = (raw: string) => collapseBlanks(raw.replace(/\\[,;:! ]/g, ' '));
    for (let n = 0; n < 20_000; n++) {
      const rows = Array.from({ length: 1 + random.int(4) }, () => random.pick(pieces)).join('');
      // The blank ends the word `\times`.
      const cols = ` ${Array.from({ length: 1 + random.int(4) }, () => random.pick(pieces)).join('')}`;
      const text = `\\in \\mathbb{R}^{${rows}\\times${cols}}`;
      const shape = readShape(text, 3, text.length);
      const expected = reference(rows) && reference(cols) ? [reference(rows), reference(cols)] : null;
      assert.deepEqual(shape && [shape.rows, shape.cols], expected, JSON.stringify(text));
    }
  });
});
