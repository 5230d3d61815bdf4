// Every message between the extension host and the preview webview. Both sides import this module with
// `import type` only, so it holds types and nothing that runs. Lines are zero-based, as VS Code counts them.

import type { JsonNumber } from '../core/numbers';

/** A number as JSON can carry it: postMessage serialises to JSON, which has no NaN or infinities. */
export type Cell = JsonNumber;

export interface MatrixView {
  rows: number;
  cols: number;
  /** Row by row; null when the matrix is above the preview's size limit and `summary` says so instead. */
  cells: Cell[][] | null;
  summary: string | null;
}

/** A matrix the example starts from, as the document defines it. */
export interface ExampleInput {
  /** TeX of the symbol: `Q`, `W_1^Q`. */
  tex: string;
  matrix: MatrixView;
  /** Where the literal is, for a click to reveal it. */
  line: number;
}

export type StepName = 'logits' | 'scaled' | 'masked' | 'weights' | 'output';

export interface ExampleStep {
  name: StepName;
  /** Already translated: "Scaled logits". */
  title: string;
  /** The step as TeX: `QK^\top`, `\mathrm{softmax}(\cdot)V`. */
  tex: string;
  matrix: MatrixView;
}

export interface HeatmapView {
  /** Row = query, column = key. */
  weights: MatrixView;
  /** [row, column] of every cell the mask removed (its logit was -Infinity). */
  maskedCells: [number, number][];
  fullyMaskedRows: number[];
}

/** The worked example under an attention formula, or what keeps it from being computed. */
export interface WorkedExample {
  inputs: ExampleInput[];
  steps: ExampleStep[];
  heatmap: HeatmapView | null;
  /** Already translated sentences. */
  warnings: string[];
  /** "V is not defined in this document." One sentence per missing symbol. */
  missing: string[];
  /** What is known without values: `Q: l_q × d_k`. */
  shapes: string[];
  /** Why evaluation failed (shapes that do not fit, a size limit), or null. */
  error: string | null;
  /** For an example the prose names without a formula: says so, translated. */
  fromWords?: string;
}

/** A value the formula prints, checked against what the note's earlier values give. */
export interface PrintedMark {
  agrees: boolean;
  /** Already translated: what it was checked against, and the result. */
  text: string;
}

export interface FormulaView {
  /** Stable while the formula's TeX is unchanged, so the webview re-renders only what changed. */
  id: string;
  tex: string;
  display: boolean;
  /** The kind of attention it writes, translated ("scaled dot-product attention"), or null. */
  kind: string | null;
  example: WorkedExample | null;
  /** The values it prints, in order, each agreeing or not. */
  printed: PrintedMark[];
}

export interface FormulaPlace {
  id: string;
  line: number;
}

/** Formulas in document order under the nearest heading above them (null before the first heading). */
export interface SectionLayout {
  heading: string | null;
  /** 1 for `#` or `\section`, and so on; 0 for the part before the first heading. */
  level: number;
  line: number;
  formulas: FormulaPlace[];
}

/** Every text the webview shows that is not from the document, translated by the host. */
export interface Labels {
  empty: string;
  untitledSection: string;
  revealTitle: string;
  inputs: string;
  heatmapCaption: string;
  query: string;
  key: string;
  maskedCell: string;
  fullyMaskedRow: string;
  missingTitle: string;
  shapesTitle: string;
}

export interface PreviewSettings {
  /** Decimal places of the numbers shown. */
  precision: number;
}

export type HostMessage =
  | { type: 'configure'; settings: PreviewSettings; labels: Labels }
  /** The whole document: replaces whatever the webview shows. */
  | {
      type: 'document';
      uri: string;
      title: string;
      version: number;
      locked: boolean;
      macros: Record<string, string>;
      layout: SectionLayout[];
      formulas: FormulaView[];
      /** Shown above the formulas when the document has more than the preview shows at once, else null. */
      notice: string | null;
    }
  /** The same document after an edit: the full layout, but only the formulas that are new or changed. */
  | {
      type: 'update';
      version: number;
      macros: Record<string, string>;
      layout: SectionLayout[];
      formulas: FormulaView[];
      notice: string | null;
    }
  | { type: 'lock'; locked: boolean }
  /** The formula at the cursor (null: none); `reveal` scrolls it into view. */
  | { type: 'cursor'; id: string | null; reveal: boolean }
  /** Asks what the page shows, answered by an `inspection`. */
  | { type: 'inspect'; requestId: number };

export interface FormulaInspection {
  id: string;
  highlighted: boolean;
  /** KaTeX's message when the formula could not be rendered. */
  error: string | null;
  /** The text of its worked example as shown, or null without one. */
  example: string | null;
  /** Its printed values' marks as shown: `agrees: ...` or `differs: ...`. */
  printed: string[];
}

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'reveal'; line: number }
  /** After each `document`/`update`: the ids whose KaTeX output was (re)built, and those that failed. */
  | { type: 'rendered'; version: number; rendered: string[]; errors: string[]; ms: number }
  | { type: 'highlighted'; id: string | null }
  | { type: 'inspection'; requestId: number; formulas: FormulaInspection[] };

/** What the webview keeps across reloads (`setState`); the panel serializer reads it back. */
export interface PersistedState {
  uri: string;
  locked: boolean;
  scrollY: number;
}
