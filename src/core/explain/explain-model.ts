// What an explanation says, as plain data: no language and no Markdown yet, so the same result can be
// rendered in English or Chinese, checked in tests, and printed by the command line.
import type { AttentionKind } from '../attention/classify';
import type { Role } from '../attention/conventions';
import type { MeaningKind } from '../document/dimension-meanings';

// Roles and the softmax forms are conventions of attention, kept in one place.
export { REFERENCE_SOFTMAX_KINDS as SOFTMAX_FORMS, type Role } from '../attention/conventions';

/** A shape as the document gives it: the dimensions it names and, where it fixes them, their numbers. */
export interface ShapeInfo {
  /** Dimension names as written (`l_q`, `d_k`), or numerals; null when the document declares no shape. */
  symbolic: [string, string] | null;
  /** The numbers, from a matrix literal or from scalar definitions; null when unknown. */
  numeric: [number, number] | null;
}

/**
 * One vector (`k_2`, `q_i`, a one-column literal named in lower case): one token's query, key or value, whose
 * shape is its one dimension, its length, as written (`d_k`) and as a number, rather than a matrix of one column.
 */
export interface VectorShape {
  vector: true;
  symbolic: [string];
  numeric: [number] | null;
}

export type Extent = ShapeInfo | VectorShape;

export const isVector = (e: Extent): e is VectorShape => 'vector' in e;

export interface InputRow {
  symbol: string;
  role: Role;
  shape: Extent;
}

/** How the formula scales its logits. */
export type ScaleSummary =
  | { type: 'sqrt'; of: string; standard: boolean }
  | { type: 'none' }
  | { type: 'other'; tex: string };

/** A misconception the prose around a formula states, with the sentence that states it. */
export interface Correction {
  claim: 'cross-future-mask' | 'cross-kv-source';
  quote: string;
}

/** What a symbol inside a formula stands for. */
export type Topic =
  | { type: 'role'; role: Role }
  | { type: 'dimension'; dimension: 'd_k' | 'd_v' | 'l_q' | 'l_k' | 'd_model' | 'h' }
  | { type: 'projection'; target: 'Q' | 'K' | 'V'; head: string | null }
  | { type: 'output-projection' }
  | { type: 'head'; index: string }
  | { type: 'softmax' }
  /** `standard` when the root is of d_k, the width of queries and keys. */
  | { type: 'scaling'; of: string; standard: boolean }
  /** A name the conventions do not know (`n`, `L`, `D_k`) that the note itself says is a dimension. */
  | { type: 'note-dimension'; kind: NoteKind };

/** What the note says a dimension is (its own words, shapes or sums), with the sentence it said it in. */
export interface NoteSays {
  kind: NoteKind;
  quote: string;
}

export type NoteKind = Exclude<MeaningKind, 'unknown'>;

interface Place {
  /** Document offsets of what is explained: the hover's range. */
  startOffset: number;
  endOffset: number;
}

export interface FormulaExplanation extends Place {
  type: 'formula';
  tex: string;
  kind: Exclude<AttentionKind, 'none'>;
  /** The formula is cross-attention by its structure or as the text around it presents it. */
  cross: boolean;
  /** Null for forms with no logits to scale. */
  scale: ScaleSummary | null;
  inputs: InputRow[];
  /** l_q x d_v for the softmax forms, when Q and V are known; a vector of length d_v for one query. */
  output: Extent | null;
  corrections: Correction[];
}

export interface SymbolExplanation extends Place {
  type: 'symbol';
  /** The symbol as the formula names it (`W_i^Q`, `d_k`), or the TeX of a scale or function. */
  symbol: string;
  topic: Topic;
  cross: boolean;
  /** For matrices: their shape here; for vectors their length. */
  shape: Extent | null;
  /** For scalars: the value the document gives. */
  value: number | null;
  /** For dimensions and the scale's root: what the note itself says it is. */
  noteSays: NoteSays | null;
  corrections: Correction[];
  /** The TeX of the formula the symbol is in. */
  tex: string;
}

export interface MatrixExplanation extends Place {
  type: 'matrix';
  name: string | null;
  form: string;
  rows: number;
  cols: number;
  /** 1-based rows whose length differs from the others. */
  raggedRows: number[];
  /** Entries that are not numbers, as written. */
  nonNumeric: string[];
  /** One row or one column named as a vector (`k_2`) or not named: a vector of that orientation, else null. */
  vector: 'row' | 'column' | null;
  topic: Topic | null;
  /** The literal's TeX, for rendering. */
  tex: string;
}

export type Explanation = FormulaExplanation | SymbolExplanation | MatrixExplanation;
