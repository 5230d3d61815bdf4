// The printed-value checks of one scan, computed once and shared by the features that show them (hover, preview,
// CodeLens), each of which asks about one place of the note.
import type { ScannedDocument } from '../document/document-model';
import { lastStartingAtOrBefore } from '../document/spans';
import { checkPrintedValues, type PrintedValueCheck } from './printed-values';

const byScan = new WeakMap<ScannedDocument, PrintedValueCheck[]>();

/** Every printed value of `scan` that can be checked, in document order; `text` is the text it was made from. */
export function printedChecksOf(scan: ScannedDocument, text: string): PrintedValueCheck[] {
  let checks = byScan.get(scan);
  if (!checks) {
    checks = checkPrintedValues(scan, { text });
    byScan.set(scan, checks);
  }
  return checks;
}

/** Checks of `scan` computed elsewhere (in steps, between other work), for the features that ask later. */
export function rememberPrintedChecks(scan: ScannedDocument, checks: PrintedValueCheck[]): void {
  byScan.set(scan, checks);
}

/** The checks of the printed values that lie in [start, end), in order. */
export function printedChecksIn(checks: readonly PrintedValueCheck[], start: number, end: number): PrintedValueCheck[] {
  const found: PrintedValueCheck[] = [];
  for (let i = lastStartingAtOrBefore(checks, start - 1) + 1; i < checks.length && checks[i].startOffset < end; i++)
    if (checks[i].endOffset <= end) found.push(checks[i]);
  return found;
}

/** The check of the printed value that contains [start, end), if one does. */
export function printedCheckAround(
  checks: readonly PrintedValueCheck[],
  start: number,
  end: number,
): PrintedValueCheck | undefined {
  const i = lastStartingAtOrBefore(checks, start);
  return i >= 0 && checks[i].endOffset >= end ? checks[i] : undefined;
}
