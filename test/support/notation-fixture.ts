// The notes of our own in test/fixtures/notation, read the way `attention-lens check` and `eval` read a note: the
// output of every worked example by line, and the findings.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateDocument } from '../../src/core/attention/evaluate';
import { fromRows } from '../../src/core/attention/matrix';
import { diagnoseDocument } from '../../src/core/diagnose/diagnose';
import { LineIndex } from '../../src/core/document/positions';
import { scanDocument } from '../../src/core/document/scan';
import { assertMatrixClose } from './approx';

const fixtures = join(__dirname, '../fixtures/notation');

/** Fixture `name` with each evaluation as `line: output` (or its errors), and its findings as `line code`. */
export function readNotation(name: string) {
  const text = readFileSync(join(fixtures, name), 'utf8');
  const scan = scanDocument(text, name.endsWith('.tex') ? 'latex' : 'markdown');
  const lines = new LineIndex(text);
  const positionAt = (o: number) => lines.positionAt(o);
  return {
    text,
    scan,
    outputs: new Map(evaluateDocument(scan, { positionAt }).map((e) => [e.line, e.output?.value ?? e.errors])),
    findings: diagnoseDocument(scan, { text, positionAt }).map((f) => `${f.range.start.line + 1} ${f.code}`),
  };
}

/** The output evaluated on `line` is the matrix `expected`. */
export function assertOutput(outputs: Map<number, unknown>, line: number, expected: number[][]): void {
  const value = outputs.get(line);
  assert.ok(Array.isArray(value) && Array.isArray(value[0]), `line ${line}: ${JSON.stringify(value)}`);
  assertMatrixClose(fromRows(value as number[][]), expected);
}
