// What the scanner finds in a document, as plain data. Every later stage (evaluation, explanations,
// diagnostics, the preview, the command line) reads documents through these types only.

/** Zero-based line and UTF-16 character, as VS Code counts them. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A range plus the same place as UTF-16 offsets into the document text. */
export interface Located {
  range: Range;
  startOffset: number;
  endOffset: number;
}

export type DocumentFormat = 'markdown' | 'latex';

export type MathKind = 'inline' | 'display';

export interface MathRegion extends Located {
  kind: MathKind;
  /** The opening delimiter as written: `$`, `$$`, `\(`, `\[`, "$`", "```math", or `\begin{align*}`. */
  delimiter: string;
  /** The TeX between the delimiters (for environments: the environment's body). */
  tex: string;
  /** Offset of `tex` in the document, so positions inside the TeX map back to the document. */
  texOffset: number;
}

/** An entry that is not a number: `a`, `\alpha`. Its place is reported, never silently replaced. */
export interface MatrixEntryProblem extends Located {
  row: number;
  col: number;
  text: string;
}

export interface MatrixLiteral extends Located {
  /** The symbol it is assigned to, normalised (`\mathbf{Q}` -> `Q`, `W^Q_1` -> `W_1^Q`), or null. */
  name: string | null;
  /** The environment or form: `bmatrix`, `pmatrix`, `array`, `brackets` ... */
  form: string;
  rows: number;
  /** Column count of the widest row. */
  cols: number;
  /** Row-major values; a ragged or non-numeric literal still lists what it has, with NaN for non-numbers. */
  values: number[][];
  /** Rows whose length differs from `cols`. Empty when the literal is rectangular. */
  raggedRows: readonly number[];
  nonNumeric: readonly MatrixEntryProblem[];
  /** The region the literal is in. */
  regionIndex: number;
}

export interface ShapeDeclaration extends Located {
  /** Normalised symbol name, as for MatrixLiteral.name. */
  symbol: string;
  /** Dimensions as written (`l_q`, `d_k`, `2`), after normalisation of whitespace. */
  rows: string;
  cols: string;
  regionIndex: number;
}

/** `d_k = 2`, `h = 8`: a scalar the document fixes. */
export interface ScalarDefinition extends Located {
  symbol: string;
  value: number;
  regionIndex: number;
}

export interface MacroDefinition {
  /** With its backslash: `\R`. */
  name: string;
  /** Number of parameters (#1..#9). */
  params: number;
  /** `\newcommand{\x}[2][d]{..}`: the default of the optional first parameter. */
  optionalDefault?: string;
  body: string;
}

export interface ScanProblem extends Located {
  message: string;
}

export interface ScannedDocument {
  format: DocumentFormat;
  regions: MathRegion[];
  matrices: MatrixLiteral[];
  shapes: ShapeDeclaration[];
  scalars: ScalarDefinition[];
  macros: MacroDefinition[];
  problems: ScanProblem[];
}
