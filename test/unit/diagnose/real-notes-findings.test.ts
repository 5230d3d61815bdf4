// The findings of `check` on the real notes are exactly the author mistakes reviewed by reading each note
// (test/fixtures/real-notes/expected-findings.json): every mistake still found, nothing else raised.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { measureFile, notesUnder, readExpectedFindings, realNotesDir } from '../../corpus/real-notes';

const skip = existsSync(realNotesDir) ? false : `real notes folder ${realNotesDir} is absent`;
const key = (f: { file: string; cell?: number; line: number; code: string }) =>
  `${f.file}:${f.cell === undefined ? '' : `cell ${f.cell}:`}${f.line} ${f.code}`;

describe('diagnostics on real notes', () => {
  it('raise exactly the reviewed author mistakes', { skip }, () => {
    const found = notesUnder(realNotesDir).flatMap((path) => measureFile(realNotesDir, path).findings);
    const expected = readExpectedFindings();
    assert.deepEqual([...new Set(found.map(key))].sort(), expected.map(key).sort());
  });
});
