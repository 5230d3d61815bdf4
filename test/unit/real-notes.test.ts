// The real-notes measurement (npm run corpus) as a regression floor: the figures may rise, never fall. Raise a floor
// when a figure improves (rounded down to a whole percent).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  ATTENTION_KINDS,
  measureFolder,
  placeKey,
  readExpectedFindings,
  readLabels,
  realNotesDir,
} from '../corpus/real-notes';

const FLOORS = {
  precision: 0.99,
  recall: 0.82,
  kindAccuracy: 0.96,
  /** Findings that are reviewed author mistakes. */
  confirmedFindings: 0,
  /** Attention formulas of the notes that evaluate. */
  evaluated: 3,
};

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
    };
    for (const [name, floor] of Object.entries(FLOORS))
      assert.ok(
        figures[name as keyof typeof FLOORS] >= floor,
        `${name} ${figures[name as keyof typeof FLOORS]} < ${floor}`,
      );
    // Only formulas in math the scanner does not read (Doxygen's \f[ ... \f]) may lack a region.
    assert.deepEqual(
      score.missingRegions.map((p) => p.file),
      ['libdl-doxygen-transformer.md', 'libdl-doxygen-transformer.md'],
    );
  });
});
