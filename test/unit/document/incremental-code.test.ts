// The code of a note (its blocks, spans and statements), the numbers its prose fixes and what code defines, read
// again after edits only around them: always exactly what reading the whole new text gives, and no more read again
// than the edit touched.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { codeDefinitionsOf } from '../../../src/core/attention/code-definitions';
import { codeFormulas } from '../../../src/core/attention/code-formulas';
import { proseExamples } from '../../../src/core/attention/selection-example';
import { codeText, noteCode, type StatementText } from '../../../src/core/document/code-blocks';
import { DocumentIndex } from '../../../src/core/document/document-index';
import type { DocumentFormat, ScannedDocument } from '../../../src/core/document/document-model';
import { LineIndex } from '../../../src/core/document/positions';
import { operationPhrases, operationPhrasesOf } from '../../../src/core/document/prose';
import { proseScalars, proseScalarsOf } from '../../../src/core/document/prose-scalars';
import { composed } from '../../../src/core/document/readings';
import { scanDocument } from '../../../src/core/document/scan';
import { allMatches, rematched } from '../../../src/core/document/text-matches';

const fixtures = join(__dirname, '../../fixtures');
const realNotes = join(__dirname, '../../../../shared/real-notes');

/** A note with every kind of code the readers tell apart, and prose that fixes numbers or quotes a paper's. */
const NOTE = [
  '# Code and prose',
  '',
  'The key width is d_k = 2; in the paper, d_model = 512. 维度 d_v 为 2。',
  '',
  '```python',
  'import torch',
  'X = torch.tensor([[1., 0.],  # token 1',
  '                  [0., 1.]])',
  'W = torch.rand(2, 2)',
  'Q = X @ X.T',
  'K = X',
  'for i in range(2):',
  '    K = K * 2',
  'V = X',
  'scores = Q @ K.T / d_k ** 0.5',
  'weights = torch.softmax(scores, dim=-1)',
  'out = weights @ V',
  'print(out)',
  '```',
  '',
  '```',
  'tensor([[0.5, 0.5], [0.5, 0.5]])',
  '```',
  '',
  'Worked in a span: `q1 = [1, 0]`, then `k1 = [1, 1]` and `v1 = [0, 2]`; also `1 / 1.414 = 0.707`.',
  '$$ Q = \\begin{bmatrix} 1 & 0 \\\\ 0 & 1 \\end{bmatrix} `not = [1]` $$',
  '',
  '~~~',
  'Y = [[2, 0], [0, 2]]',
  '~~~',
  '',
  'Then `z = softmax(Y @ Y.T) @ Y` and l_k equals 3.',
  '',
  'Scaled dot-product attention of these:',
  '',
  '$$K = \\begin{bmatrix} 1 & 0 \\\\ 0 & 1 \\end{bmatrix}$$',
  '',
].join('\n');

/** A small random generator, so that every run makes the same edits. */
function random(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s % n;
  };
}

/** What may be typed: characters, fences, backticks, math delimiters, code and prose that define values. */
const INSERTS = [
  'x',
  ' ',
  '`',
  '```\n',
  '~~~',
  '\n',
  '\n\n',
  '$',
  '$$',
  '# ',
  ' = ',
  'd_k = 3',
  'q2 = [0, 1]\n',
  'K = torch.randn(2, 2)\n',
  '  ',
  '#',
  '[',
  ']',
  'is 4',
  'scaled dot',
  '-product ',
];

interface Change {
  at: number;
  remove: number;
  insert: string;
}

/** One change at a random place, often next to code, where the readers are most easily misled. */
function randomChange(text: string, next: (n: number) => number): Change {
  const marks = [...text.matchAll(/```|~~~|`|\$|=|\n/g)].map((m) => m.index);
  const near = marks.length > 0 && next(2) === 0 ? marks[next(marks.length)] + next(3) - 1 : next(text.length + 1);
  const at = Math.max(0, Math.min(text.length, near));
  const kind = next(4);
  const remove = kind === 0 ? Math.min(text.length - at, 1 + next(12)) : kind === 1 ? Math.min(text.length - at, 1) : 0;
  return { at, remove, insert: kind === 0 && next(2) === 0 ? '' : INSERTS[next(INSERTS.length)] };
}

/** Everything read from the code and prose of a scan, to compare with the same read from scratch. */
function readings(scan: ScannedDocument, text: string) {
  return {
    definitions: codeDefinitionsOf(scan),
    formulas: codeFormulas(scan),
    code: scan.format === 'markdown' ? noteCode(scan)?.codeText() : null,
    scalars: proseScalarsOf(scan),
    phrases: operationPhrasesOf(scan),
    examples: proseExamples(scan, text),
  };
}

function scratch(text: string, format: DocumentFormat) {
  const scan = scanDocument(text, format);
  return {
    definitions: codeDefinitionsOf(scan),
    formulas: codeFormulas(scan),
    code: format === 'markdown' ? codeText(text, scan.regions) : null,
    scalars: proseScalars(new LineIndex(text), scan.regions),
    phrases: operationPhrases(text, scan),
    examples: proseExamples(scan, text),
  };
}

/**
 * Edits `text` `steps` times through a document index, as the editor reports changes, and compares what is read of
 * each version with a reading from scratch. Some versions are not read at all, and some take two changes: what
 * was read before is carried over both. Returns how many versions were compared.
 */
function editAndCompare(text: string, format: DocumentFormat, steps: number, seed: number): number {
  const next = random(seed);
  const index = new DocumentIndex();
  let version = 1;
  let current = text;
  readings(index.get('note', version, format, () => current).scan, current);
  let compared = 0;
  for (let step = 0; step < steps; step++) {
    const changes: Change[] = [];
    for (let k = next(3) === 0 ? 2 : 1; k > 0; k--) {
      const c = randomChange(current, next);
      current = current.slice(0, c.at) + c.insert + current.slice(c.at + c.remove);
      changes.push(c);
    }
    index.edit(
      'note',
      ++version,
      changes.map((c) => ({ rangeOffset: c.at, rangeLength: c.remove, text: c.insert })),
    );
    const indexed = index.get('note', version, format, () => current);
    // A version no feature reads the code of: the next one is read from two versions back.
    if (next(5) === 0) continue;
    assert.deepEqual(
      readings(indexed.scan, current),
      scratch(current, format),
      `step ${step} (seed ${seed}): ${JSON.stringify(changes)}`,
    );
    compared++;
  }
  return compared;
}

/** The statements `forEachStatement` visits, as the objects it visits. */
function statementsOf(scan: ScannedDocument): StatementText[] {
  const found: StatementText[] = [];
  noteCode(scan)?.forEachStatement((st) => found.push(st));
  return found;
}

describe('incremental reading of code and prose', () => {
  it('reads the written note as a whole reading does after 400 random edits', () => {
    assert.equal(editAndCompare(NOTE, 'markdown', 400, 7), 320);
  });

  it('reads the worked example in NumPy as a whole reading does after 200 random edits', () => {
    const text = readFileSync(join(fixtures, 'eval', 'code-worked-example.md'), 'utf8');
    assert.equal(editAndCompare(text, 'markdown', 200, 11), 167);
  });

  it('reads the prose of a LaTeX note as a whole reading does after 150 random edits', () => {
    const text = `\\section{Widths}\nHere d_k = 2 and d_v is 3.\n\\begin{equation}d_k = 4\\end{equation}\n${NOTE}`;
    assert.equal(editAndCompare(text, 'latex', 150, 13), 121);
  });

  it('reads real notes as a whole reading does after random edits', {
    skip: existsSync(realNotes) ? false : 'the real notes are absent',
  }, () => {
    const notes = readdirSync(realNotes).filter((f) => f.endsWith('.md'));
    assert.ok(notes.length >= 20, `${notes.length} notes`);
    for (const [i, file] of notes.entries()) {
      const text = readFileSync(join(realNotes, file), 'utf8');
      assert.ok(editAndCompare(text, 'markdown', 12, 100 + i) > 0, file);
    }
  });

  it('reads no statement again after an edit outside code, and only the edited block after an edit in one', () => {
    const index = new DocumentIndex();
    const first = index.get('note', 1, 'markdown', () => NOTE);
    const before = statementsOf(first.scan);
    assert.deepEqual(
      before.map((st) => st.text),
      [
        'import torch',
        'X = torch.tensor([[1., 0.], [0., 1.]])',
        'W = torch.rand(2, 2)',
        'Q = X @ X.T',
        'K = X',
        'for i in range(2):',
        'K = K * 2',
        'V = X',
        'scores = Q @ K.T / d_k ** 0.5',
        'weights = torch.softmax(scores, dim=-1)',
        'out = weights @ V',
        'print(out)',
        'q1 = [1, 0]',
        'k1 = [1, 1]',
        'v1 = [0, 2]',
        '1 / 1.414 = 0.707',
        'Y = [[2, 0], [0, 2]]',
        'z = softmax(Y @ Y.T) @ Y',
      ],
    );
    // A word typed in the prose above the code.
    const prose = NOTE.indexOf('The key width');
    const typed = `${NOTE.slice(0, prose)}Now: ${NOTE.slice(prose)}`;
    index.edit('note', 2, [{ rangeOffset: prose, rangeLength: 0, text: 'Now: ' }]);
    const second = index.get('note', 2, 'markdown', () => typed);
    const after = statementsOf(second.scan);
    assert.equal(after.length, before.length);
    assert.ok(after.every((st, i) => st === before[i]));
    // A digit changed in the tilde block: its statement alone is read again.
    const at = typed.indexOf('Y = [[2') + 6;
    const changed = `${typed.slice(0, at)}3${typed.slice(at + 1)}`;
    index.edit('note', 3, [{ rangeOffset: at, rangeLength: 1, text: '3' }]);
    const third = statementsOf(index.get('note', 3, 'markdown', () => changed).scan);
    assert.deepEqual(
      third.flatMap((st, i) => (st === before[i] ? [] : [st.text])),
      ['Y = [[3, 0], [0, 2]]'],
    );
  });

  it('computes again only the code values an edit reaches', () => {
    const index = new DocumentIndex();
    const valuesOf = (scan: ScannedDocument) =>
      new Map(codeDefinitionsOf(scan).matrices.map((m) => [m.name, m.values] as const));
    const before = valuesOf(index.get('note', 1, 'markdown', () => NOTE).scan);
    assert.deepEqual(before.get('Q'), [
      [1, 0],
      [0, 1],
    ]);
    // A word typed in the prose: every value is the one computed before.
    const prose = NOTE.indexOf('The key width');
    const typed = `${NOTE.slice(0, prose)}Now: ${NOTE.slice(prose)}`;
    index.edit('note', 2, [{ rangeOffset: prose, rangeLength: 0, text: 'Now: ' }]);
    const second = valuesOf(index.get('note', 2, 'markdown', () => typed).scan);
    for (const name of ['X', 'Q', 'V', 'Y', 'z']) assert.equal(second.get(name), before.get(name), name);
    // X changed: Q, computed from it, is computed again; Y, apart from it, is not.
    const at = typed.indexOf('[[1., 0.]') + 2;
    const changed = `${typed.slice(0, at)}3${typed.slice(at + 1)}`;
    index.edit('note', 3, [{ rangeOffset: at, rangeLength: 1, text: '3' }]);
    const third = valuesOf(index.get('note', 3, 'markdown', () => changed).scan);
    assert.deepEqual(third.get('Q'), [
      [9, 0],
      [0, 1],
    ]);
    assert.deepEqual(third, valuesOf(scanDocument(changed, 'markdown')));
    assert.equal(third.get('Y'), before.get('Y'));
  });

  it('finds the matches of an expression again only between the separators around an edit', () => {
    const pattern = /`([^`\n]+)`/g;
    const text = 'a `b` c\nd `e` f\ng `h` i\n';
    const earlier = allMatches(text, pattern, (m) => m[1]);
    assert.deepEqual([...earlier.starts], [2, 10, 18]);
    // The second line's span made longer; the line after moves.
    const edited = 'a `b` c\nd `eee` f\ng `h` i\n';
    const again = rematched(
      earlier,
      edited,
      { start: 12, oldEnd: 12, newEnd: 14 },
      pattern,
      (m) => m[1],
      (t, at) => t.charCodeAt(at) === 10,
    );
    assert.deepEqual(
      { starts: [...again.starts], ends: [...again.ends], items: again.items },
      { starts: [2, 10, 20], ends: [5, 15, 23], items: ['b', 'eee', 'h'] },
    );
    // The first and last spans are those of the earlier reading, not read again.
    assert.equal(again.items[0], earlier.items[0]);
    // An edit that does not fit the earlier text's length is read whole.
    const whole = rematched(earlier, edited, { start: 12, oldEnd: 12, newEnd: 13 }, pattern, (m) => m[1]);
    assert.deepEqual([...whole.starts], [2, 10, 20]);
  });

  it('keeps the earlier items after an edit that finds no match anew, and the offsets when none moved', () => {
    const pattern = /`([^`\n]+)`/g;
    const lineBreak = (t: string, at: number) => t.charCodeAt(at) === 10;
    const text = 'a `b` c\nd e f\ng `h` i\n';
    const earlier = allMatches(text, pattern, (m) => m[1]);
    // A letter of the second line replaced: the same reading's arrays.
    const replaced = rematched(
      earlier,
      'a `b` c\nd x f\ng `h` i\n',
      { start: 10, oldEnd: 11, newEnd: 11 },
      pattern,
      (m) => m[1],
      lineBreak,
    );
    assert.equal(replaced.starts, earlier.starts);
    assert.equal(replaced.ends, earlier.ends);
    assert.equal(replaced.items, earlier.items);
    // Two letters typed: the same items, the last span moved.
    const typed = rematched(
      earlier,
      'a `b` c\nd xxe f\ng `h` i\n',
      { start: 10, oldEnd: 10, newEnd: 12 },
      pattern,
      (m) => m[1],
      lineBreak,
    );
    assert.deepEqual({ starts: [...typed.starts], ends: [...typed.ends] }, { starts: [2, 18], ends: [5, 21] });
    assert.equal(typed.items, earlier.items);
    // A span made: the items are new.
    const spanned = rematched(
      earlier,
      'a `b` c\nd `e` f\ng `h` i\n',
      { start: 10, oldEnd: 11, newEnd: 13 },
      pattern,
      (m) => m[1],
      lineBreak,
    );
    assert.deepEqual(spanned.items, ['b', 'e', 'h']);
    assert.deepEqual(
      { starts: [...spanned.starts], ends: [...spanned.ends] },
      { starts: [2, 10, 18], ends: [5, 13, 21] },
    );
  });

  it('composes two edits into the one span they change', () => {
    // "abcdef": "cd" becomes "XYZ" (abXYZef), then "Z" and "e" are deleted (abXYf).
    assert.deepEqual(composed({ start: 2, oldEnd: 4, newEnd: 5 }, { start: 4, oldEnd: 6, newEnd: 4 }), {
      start: 2,
      oldEnd: 5,
      newEnd: 4,
    });
    // The second edit before the first: "abcdef" to "abcXf" (de replaced), then "a" deleted: "bcXf".
    assert.deepEqual(composed({ start: 3, oldEnd: 5, newEnd: 4 }, { start: 0, oldEnd: 1, newEnd: 0 }), {
      start: 0,
      oldEnd: 5,
      newEnd: 3,
    });
  });
});
