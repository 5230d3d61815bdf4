// The real-notes measurement (npm run corpus) as a regression floor: the figures may rise, never fall. Raise a floor
// when a figure improves (rounded down to a whole percent).
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  ATTENTION_KINDS,
  type FileResult,
  formatReport,
  measureFolder,
  placeKey,
  readExpectedFindings,
  readLabels,
  realNotesDir,
  scoreFindings,
  scoreLabels,
} from '../corpus/real-notes';

const FLOORS = {
  precision: 1,
  recall: 0.93,
  kindAccuracy: 0.99,
  /** Findings that are reviewed author mistakes. */
  confirmedFindings: 7,
  /** Attention formulas of the notes that evaluate, in math or in code. */
  evaluated: 13,
  /** Printed values checked, in math, code spans and code outputs. */
  printedValues: 54,
};
/** Findings that are not reviewed author mistakes: a new one is a false alarm to fix, or a mistake to review and
 * add to expected-findings.json. */
const MAX_FALSE_ALARMS = 0;

const skip = existsSync(realNotesDir) ? false : `real notes folder ${realNotesDir} is absent`;

describe('real notes', () => {
  const labels = readLabels();
  const expected = readExpectedFindings();

  it('labels name a known kind, one line of reason and a distinct place', () => {
    for (const l of labels) {
      assert.ok(ATTENTION_KINDS.includes(l.kind), `${placeKey(l)}: kind ${l.kind}`);
      assert.match(l.reason, /^[^\n]{10,200}$/, placeKey(l));
      assert.ok(Number.isInteger(l.line) && l.line >= 1, placeKey(l));
      assert.equal(l.file.endsWith('.ipynb'), l.cell !== undefined, `${placeKey(l)}: a cell exactly in notebooks`);
    }
    assert.equal(new Set(labels.map(placeKey)).size, labels.length);
    for (const e of expected) assert.match(`${e.code} ${e.why}`, /^AL\d{3} [^\n]+$/, `${e.file}:${e.line}`);
  });

  it('classifies, checks and evaluates the notes no worse than the floors', { skip }, () => {
    const report = measureFolder(realNotesDir, labels, expected);
    assert.equal(report.files.length, 34);
    assert.deepEqual(
      report.files.filter((f) => f.error),
      [],
    );
    for (const l of labels) assert.ok(existsSync(join(realNotesDir, l.file)), l.file);
    const score = report.labels;
    const findings = report.findings;
    assert.ok(score && findings);
    const figures = {
      precision: score.precision,
      recall: score.recall,
      kindAccuracy: score.kindAccuracy,
      confirmedFindings: findings.confirmed.length,
      evaluated: report.files.reduce((n, f) => n + f.evaluated, 0),
      printedValues: report.files.reduce((n, f) => n + f.printedValues, 0),
    };
    for (const [name, floor] of Object.entries(FLOORS))
      assert.ok(
        figures[name as keyof typeof FLOORS] >= floor,
        `${name} ${figures[name as keyof typeof FLOORS]} < ${floor}`,
      );
    assert.ok(
      findings.falseAlarms.length <= MAX_FALSE_ALARMS,
      findings.falseAlarms.map((f) => `${f.file}:${f.line} ${f.code}`).join(', '),
    );
    // Only formulas in math the scanner does not read (Doxygen's \f[ ... \f]) may lack a region.
    assert.deepEqual(
      score.missingRegions.map((p) => p.file),
      ['libdl-doxygen-transformer.md', 'libdl-doxygen-transformer.md'],
    );
  });
});

describe('real-notes scoring', () => {
  const file = (name: string, kinds: FileResult['regions'][number]['kind'][]): FileResult => ({
    file: name,
    regions: kinds.map((kind, i) => ({ file: name, line: i + 1, kind })),
    findings: [
      { file: name, line: 1, column: 3, code: 'AL003', message: 'wrong scale' },
      { file: name, line: 2, column: 1, code: 'AL004', message: 'no transpose' },
    ],
    evaluations: 0,
    evaluated: 0,
    printedValues: 0,
    printedValuesDiffering: 0,
  });

  it('counts a region as attention by its kind, and a missed place as not classified', () => {
    const files = [file('a.md', ['scaled_dot_product', 'multi_head', 'luong_general_or_dot', 'none'])];
    const score = scoreLabels(files, [
      { file: 'a.md', line: 1, kind: 'scaled_dot_product', reason: 'right kind' },
      { file: 'a.md', line: 2, kind: 'head_projection', reason: 'wrong kind' },
      { file: 'a.md', line: 4, kind: 'linear_attention', reason: 'not found as attention' },
      { file: 'a.md', line: 9, kind: 'other_attention', reason: 'no region there' },
    ]);
    assert.deepEqual(
      [score.classifiedAttention, score.truePositives, score.labelledAttention, score.kindCorrect],
      [3, 2, 4, 1],
    );
    assert.deepEqual([score.precision, score.recall, score.kindAccuracy], [2 / 3, 2 / 4, 1 / 2]);
    assert.deepEqual(
      score.mismatches.map((m) => `${m.place.line} ${m.labelled}->${m.classified} ${m.found}`),
      [
        '2 head_projection->multi_head true',
        '3 none->luong_general_or_dot true',
        '4 linear_attention->none true',
        '9 other_attention->none false',
      ],
    );
    assert.deepEqual(
      score.missingRegions.map((p) => p.line),
      [9],
    );
    assert.deepEqual(score.byKind, {
      scaled_dot_product: { labelled: 1, found: 1, right: 1 },
      head_projection: { labelled: 1, found: 1, right: 0 },
      linear_attention: { labelled: 1, found: 0, right: 0 },
      other_attention: { labelled: 1, found: 0, right: 0 },
    });
  });

  it('matches findings by file, line and code', () => {
    const score = scoreFindings(
      [file('a.md', [])],
      [
        { file: 'a.md', line: 1, code: 'AL003', why: 'scaled by a length' },
        { file: 'a.md', line: 5, code: 'AL001', why: 'no longer reported' },
      ],
    );
    assert.deepEqual(
      [score.confirmed.map((f) => f.code), score.falseAlarms.map((f) => f.code), score.missed.map((f) => f.line)],
      [['AL003'], ['AL004'], [5]],
    );
  });

  it('gives a folder without labels its counts only, notebooks included and its README left out', () => {
    const root = mkdtempSync(join(tmpdir(), 'attention-lens-corpus-'));
    try {
      mkdirSync(join(root, 'sub'));
      writeFileSync(join(root, 'README.md'), '$$\\mathrm{softmax}(QK^\\top)V$$\n');
      writeFileSync(join(root, 'sub', 'README.md'), '$$\\mathrm{softmax}(QK^\\top)V$$\n');
      copyFileSync(join(__dirname, '../fixtures/notebook/cross-attention.ipynb'), join(root, 'nb.ipynb'));
      writeFileSync(join(root, 'broken.ipynb'), '{');
      const report = measureFolder(root);
      assert.equal(report.labels, undefined);
      assert.deepEqual(
        report.files.map((f) => [
          f.file,
          f.regions.filter((r) => r.kind !== 'none').length,
          f.error?.replace(/\(.*\)$/, '(...)') ?? '',
        ]),
        [
          ['broken.ipynb', 0, 'not valid JSON (...)'],
          ['nb.ipynb', 2, ''],
          ['sub/README.md', 1, ''],
        ],
      );
      const nb = report.files[1];
      assert.deepEqual([nb.evaluations, nb.evaluated], [2, 1]);
      assert.deepEqual(
        nb.findings.map((f) => `${f.cell}:${f.line}:${f.column} ${f.code}`),
        ['5:5:49 AL004'],
      );
      const text = formatReport(report);
      assert.match(text, /: 3 notes, 7 math regions, 3 classified as attention\n/);
      assert.match(text, /broken\.ipynb: not read: not valid JSON/);
      assert.match(text, /nb\.ipynb:cell 5:5:49 AL004 K is not transposed/);
      assert.match(text, /1 finding \(no reviewed list for this folder\)/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
