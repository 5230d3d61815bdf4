// The definitions in force, and the note's q_i, k_i, v_i family, found through lists carried from scan to scan,
// compared after every one of many random edits with the same found from scratch: the literals, declarations and
// scalars with the rule as it stood before the lists were carried (every definition of a name listed, the code's
// after the math's, sorted by offset), the formula definitions and the family with lists made whole for the scan.
// Then the work one keystroke costs, counted in items read: the same for a note four times longer.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { codeDefinitionsOf } from '../../../src/core/attention/code-definitions';
import { definitionsOf, isUsable } from '../../../src/core/attention/formula-inputs';
import { Splices } from '../../../src/core/attention/named-items';
import { familyExample } from '../../../src/core/attention/vector-families';
import { DocumentIndex } from '../../../src/core/document/document-index';
import type {
  DocumentFormat,
  Located,
  MatrixLiteral,
  ScannedDocument,
} from '../../../src/core/document/document-model';
import { rememberSource, sourceOf } from '../../../src/core/document/source-text';
import { Prng } from '../../support/prng';

type Defined = Located & { regionIndex: number };

/** The rule before the lists were carried: every item of a name, in order, binary-searched. */
function wholeRule<T extends Defined>(all: readonly T[], name: (t: T) => string | null) {
  const lists = new Map<string, T[]>();
  for (const t of all) {
    const key = name(t);
    if (key === null) continue;
    const list = lists.get(key);
    if (list) list.push(t);
    else lists.set(key, [t]);
  }
  for (const list of lists.values()) list.sort((a, b) => a.startOffset - b.startOffset);
  return (key: string, start: number, end: number, excluded: number | null): T | undefined => {
    const list = lists.get(key) ?? [];
    let lo = 0;
    while (lo < list.length && list[lo].startOffset < start) lo++;
    for (let i = lo - 1; i >= 0; i--) if (list[i].regionIndex !== excluded) return list[i];
    for (let i = lo; i < list.length; i++)
      if (list[i].startOffset >= end && list[i].regionIndex !== excluded) return list[i];
    return undefined;
  };
}

/** The same scan as data, without anything read of it: every reading of it is made from scratch. */
function fresh(scan: ScannedDocument): ScannedDocument {
  const copy = { ...scan };
  const lines = sourceOf(scan);
  if (lines) rememberSource(copy, lines);
  return copy;
}

const NAMES = ['Q', 'K', 'V', 'M', 'X', 'Y', 'A', 'S', 'O', 'H', 'd_k', 'd_v', 'h', 'l_q', 'W_Q', 'W^Q', 'W_K', 'W_V'];
const FAMILY = ['q', 'k', 'v'].flatMap((l) => [1, 2, 3, 4].map((i) => `${l}_${i}`));

/** Every question the features ask, at `regions` and `offsets`, answered by the carried lists and from scratch. */
function compare(scan: ScannedDocument, regions: number[], offsets: number[], names: string[], what: string): void {
  const defs = definitionsOf(scan);
  const code = codeDefinitionsOf(scan);
  const matrices = wholeRule([...scan.matrices, ...code.matrices], (m) => m.name);
  const shapes = wholeRule(scan.shapes, (s) => s.symbol);
  const scalars = wholeRule([...scan.scalars, ...code.scalars], (s) => s.symbol);
  const scratch = definitionsOf(fresh(scan));
  const formulaOf = (f: ReturnType<typeof defs.formula>) =>
    f && { symbol: f.symbol, regionIndex: f.regionIndex, startOffset: f.startOffset, expr: f.expr };
  for (const index of regions) {
    const { startOffset, endOffset } = scan.regions[index];
    for (const name of names) {
      const at = `${what}: ${name} at region ${index}`;
      assert.equal(defs.matrix(name, index), matrices(name, startOffset, endOffset, index), at);
      assert.equal(defs.declaration(name, index), shapes(name, startOffset, endOffset, index), at);
      assert.equal(defs.scalar(name, index), scalars(name, startOffset, endOffset, index), at);
      assert.deepEqual(formulaOf(defs.formula(name, index)), formulaOf(scratch.formula(name, index)), at);
    }
  }
  for (const offset of offsets)
    for (const name of names) {
      const at = `${what}: ${name} near ${offset}`;
      assert.equal(defs.matrixNear(name, offset), matrices(name, offset, offset, null), at);
      assert.equal(defs.declarationNear(name, offset), shapes(name, offset, offset, null), at);
      assert.equal(defs.scalarNear(name, offset), scalars(name, offset, offset, null), at);
    }
  // The family's members as the note's matrices were searched for them before.
  const members = [...scan.matrices, ...code.matrices]
    .filter((m) => m.name !== null && FAMILY.includes(m.name) && isUsable(m) && m.nonNumeric.length === 0)
    .sort((a, b) => a.startOffset - b.startOffset);
  for (const name of FAMILY) {
    const accept = (m: MatrixLiteral) => isUsable(m) && m.nonNumeric.length === 0;
    assert.equal(
      defs.firstMatrix(name, accept),
      members.find((m) => m.name === name),
      `${what}: first ${name}`,
    );
  }
  assert.deepEqual(familyExample(scan), familyExample(fresh(scan)), `${what}: family`);
}

const SNIPPETS = [
  '$$Q = \\begin{bmatrix} 1 & 0 \\\\ 0 & 1 \\end{bmatrix}$$',
  '$K = X W_K$',
  '$V = K$',
  '$q_1 = [1, 0]$, $k_1 = [0, 1]$, $v_1 = [2, 2]$, $k_2 = [1, 1]$, $v_2 = [0, 3]$',
  '$d_k = 2$',
  'd_k = 3',
  'where $\\sigma$ is the softmax',
  'Here σ denotes the row-wise softmax.\n\n',
  '$V \\in \\mathbb{R}^{2 \\times 3}$',
  '\n\n```python\nQ = np.array([[1.0, 2.0]])\nd_k = 2\n```\n\n',
  '$$\nA = \\sigma(Q K^\\top)\n$$',
  '$$\n',
  '\\[ M = \\begin{pmatrix} 0 & -\\infty \\end{pmatrix} \\]',
];
const CHARACTERS = ['x', '$', '\\', '{', '}', '=', ' ', '\n', '1', '&', 'Q', '_', '`', '[', ']'];

/** Random edits, most near a cursor that sometimes jumps, each checked after its rescan. */
function typeInto(text: string, format: DocumentFormat, seed: number, edits: number, jump = 0.15): void {
  const random = new Prng(seed);
  const index = new DocumentIndex();
  let version = 1;
  let current = text;
  index.get('note', version, format, () => current);
  let cursor = random.int(current.length + 1);
  for (let step = 0; step < edits; step++) {
    // Several changes before a scan, and scans nobody asks about, compose the edits the lists are carried across.
    const changes = 1 + (random.next() < 0.2 ? random.int(3) : 0);
    version++;
    for (let c = 0; c < changes; c++) {
      if (random.next() < jump) cursor = random.int(current.length + 1);
      cursor = Math.max(0, Math.min(current.length, cursor + random.int(161) - 80));
      const roll = random.next();
      const inserted = roll < 0.55 ? random.pick(CHARACTERS) : roll < 0.75 ? random.pick(SNIPPETS) : '';
      const removed = inserted === '' ? Math.min(current.length - cursor, 1 + random.int(roll < 0.9 ? 3 : 80)) : 0;
      index.edit('note', version, [{ rangeOffset: cursor, rangeLength: removed, text: inserted }]);
      current = current.slice(0, cursor) + inserted + current.slice(cursor + removed);
      cursor += inserted.length;
    }
    const scan = index.get('note', version, format, () => current).scan;
    if (random.next() < 0.25 || scan.regions.length === 0) continue;
    const near = scan.regions.findIndex((r) => r.endOffset >= cursor);
    const regions = [near - 1, near, near + 1, ...Array.from({ length: 6 }, () => random.int(scan.regions.length))];
    const picked = (items: readonly { name?: string | null; symbol?: string }[]) =>
      items.length === 0 ? [] : [0, 1, 2].map(() => random.pick(items)).map((t) => t.name ?? t.symbol ?? 'none');
    const names = [...NAMES, ...picked(scan.matrices), ...picked(scan.shapes), ...picked(scan.scalars)];
    compare(
      scan,
      regions.filter((r) => r >= 0 && r < scan.regions.length),
      [cursor, random.int(current.length + 1)],
      [...new Set(names)],
      `edit ${step}`,
    );
  }
}

const fixtures = resolve(__dirname, '../../fixtures');
const realNotes = resolve(__dirname, '../../../../shared/real-notes');

/** The fixtures of one format, joined, and repeated up to about `size` characters. */
function joinedFixtures(extension: string, size: number): string {
  const dirs = ['notation', 'scan', 'eval'].map((d) => join(fixtures, d)).filter(existsSync);
  const texts = dirs.flatMap((d) =>
    readdirSync(d)
      .filter((f) => f.endsWith(extension))
      .sort()
      .map((f) => readFileSync(join(d, f), 'utf8')),
  );
  const one = texts.join('\n\n');
  return one.repeat(Math.max(1, Math.ceil(size / one.length)));
}

describe('definitions carried across edits', () => {
  test('Markdown fixtures, joined and repeated', () => {
    typeInto(joinedFixtures('.md', 60_000), 'markdown', 1, 250);
  });

  test('LaTeX fixtures, joined and repeated', () => {
    typeInto(joinedFixtures('.tex', 30_000), 'latex', 2, 120);
  });

  test('edits far apart in a long note, which list its definitions anew', () => {
    typeInto(joinedFixtures('.md', 800_000), 'markdown', 3, 40, 0.7);
  });

  test('the real notes', { skip: existsSync(realNotes) ? false : `${realNotes} is absent` }, () => {
    const notes = readdirSync(realNotes)
      .filter((f) => f.endsWith('.md') || f.endsWith('.tex'))
      .sort();
    notes.forEach((name, i) => {
      const text = readFileSync(join(realNotes, name), 'utf8');
      typeInto(text, name.endsWith('.tex') ? 'latex' : 'markdown', 10 + i, 30);
    });
  });
});

test('a statement of the softmax typed above changes what the formulas below define', () => {
  // Far enough below that the rescan of the statement's paragraph does not reach the formulas.
  const filler = Array.from({ length: 200 }, (_, i) => `Step ${i}: $x_{${i}} = ${i}$.`).join('\n\n');
  const note = `Intro.\n\n${filler}\n\n$$\nK = X W_K\n$$\n\nMore.\n\n$$\nA = \\sigma(Q K^\\top)\n$$\n\n$$\nO = \\sigma(K) V\n$$\n`;
  const statement = 'Here σ denotes the softmax.\n\n';
  const index = new DocumentIndex();
  const before = index.get('note', 1, 'markdown', () => note).scan;
  const described = (scan: ScannedDocument, name: string, region: number) => {
    const f = definitionsOf(scan).formula(name, region);
    return f && { region: f.regionIndex, expr: f.expr };
  };
  const found = (scan: ScannedDocument) => ['A', 'O', 'K'].map((name) => described(scan, name, 1));
  assert.deepEqual(found(before), found(fresh(before)));
  index.edit('note', 2, [{ rangeOffset: 0, rangeLength: 0, text: statement }]);
  const after = index.get('note', 2, 'markdown', () => statement + note).scan;
  assert.notDeepEqual(described(fresh(after), 'A', 1)?.expr, described(before, 'A', 1)?.expr);
  assert.deepEqual(found(after), found(fresh(after)));
});

test('splices place the items the edits left where the edits moved them', () => {
  const random = new Prng(7);
  for (let round = 0; round < 200; round++) {
    // The list as items of the base (their index there) and items read again (-1).
    let current = Array.from({ length: 50 + random.int(200) }, (_, i) => i);
    const base = current.length;
    let splices = new Splices([]);
    for (let step = 0; step < 1 + random.int(12); step++) {
      const start = random.int(current.length + 1);
      const oldEnd = Math.min(current.length, start + (random.next() < 0.5 ? 0 : random.int(20)));
      const newEnd = start + random.int(20);
      current = [...current.slice(0, start), ...Array(newEnd - start).fill(-1), ...current.slice(oldEnd)];
      splices = splices.with({ start, oldEnd, newEnd });
      let readAgain = 0;
      current.forEach((item, at) => {
        const before = splices.toBase(at);
        if (before < 0) readAgain++;
        else assert.equal(before, item, `round ${round}, step ${step}: item ${at}`);
        if (item < 0) assert.equal(before, -1);
      });
      assert.equal(readAgain, splices.length);
      for (let b = 0; b < base; b++) {
        const at = splices.toCurrent(b);
        assert.equal(at < 0 ? -1 : current[at], at < 0 ? -1 : b);
        if (at < 0) assert.ok(!current.includes(b) || splices.toBase(current.indexOf(b)) < 0);
      }
    }
  }
});

/** The items of the scan's lists read while `ask` runs. */
function itemsRead(scan: ScannedDocument, ask: () => void): number {
  let read = 0;
  const counted = <T extends object>(list: T[]): T[] =>
    new Proxy(list, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) read++;
        return Reflect.get(target, key, receiver);
      },
    });
  const lists = { matrices: scan.matrices, shapes: scan.shapes, scalars: scan.scalars, regions: scan.regions };
  Object.assign(scan, {
    matrices: counted(lists.matrices),
    shapes: counted(lists.shapes),
    scalars: counted(lists.scalars),
    regions: counted(lists.regions),
  });
  try {
    ask();
  } finally {
    Object.assign(scan, lists);
  }
  return read;
}

/** The items read to answer, after one character typed in the middle, what the features ask about one formula. */
function keystrokeWork(text: string): number {
  const index = new DocumentIndex();
  index.get('note', 1, 'markdown', () => text);
  const ask = (scan: ScannedDocument, region: number) => {
    const defs = definitionsOf(scan);
    for (const name of ['Q', 'K', 'V', 'M', 'd_k']) {
      defs.matrix(name, region);
      defs.declaration(name, region);
      defs.scalar(name, region);
      defs.formula(name, region);
    }
    familyExample(scan);
  };
  const before = index.get('note', 1, 'markdown', () => text).scan;
  ask(before, Math.floor(before.regions.length / 2));
  const at = text.indexOf('\\sqrt{d_k}', text.length / 2);
  const typed = `${text.slice(0, at)}x${text.slice(at)}`;
  index.edit('note', 2, [{ rangeOffset: at, rangeLength: 0, text: 'x' }]);
  const scan = index.get('note', 2, 'markdown', () => typed).scan;
  const region = scan.regions.findIndex((r) => r.endOffset >= at);
  // The code and the prose's names of the softmax are read by their own readings, counted elsewhere.
  codeDefinitionsOf(scan);
  return itemsRead(scan, () => ask(scan, region));
}

test('a keystroke reads the same items of a note four times longer', () => {
  const part = joinedFixtures('.md', 40_000);
  const small = keystrokeWork(part);
  const large = keystrokeWork(part.repeat(4));
  assert.ok(small < 400, `${small} items read`);
  assert.ok(large <= small + 40, `${large} items read in the longer note, ${small} in the shorter`);
});
