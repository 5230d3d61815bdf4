// What the checks report, as plain data: the editor turns findings into diagnostics and quick fixes, the
// command line prints them. Codes are stable: documentation, CI logs and users' notes refer to them.
import type { Range } from '../document/document-model';

export type Severity = 'error' | 'warning' | 'information';

export const FINDING_CODES = {
  AL001: 'shape-mismatch',
  AL002: 'mask-shape',
  AL003: 'wrong-scale',
  AL004: 'missing-transpose',
  AL005: 'binary-mask-added',
  AL006: 'causal-mask-in-cross-attention',
  AL007: 'dimension-contradiction',
  AL008: 'fully-masked-row',
  AL009: 'malformed-matrix',
  AL010: 'math-syntax',
  AL011: 'printed-value-differs',
} as const;

export type FindingCode = keyof typeof FINDING_CODES;

/** Replace the text between two document offsets. */
export interface TextEdit {
  range: Range;
  startOffset: number;
  endOffset: number;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
}

export interface Finding {
  code: FindingCode;
  /** The code's readable name, `shape-mismatch`. */
  name: string;
  severity: Severity;
  message: string;
  range: Range;
  startOffset: number;
  endOffset: number;
  /** Edits that correct the finding, when the correction is clear; several when the intent is ambiguous. */
  fixes: Fix[];
}
