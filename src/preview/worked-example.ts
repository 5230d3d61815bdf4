// Turns the evaluator's result for one formula into the worked example the preview shows: the input matrices,
// each step with the TeX it stands for, the weights as a heatmap, and what is missing when symbols are unbound.
// Kept free of `vscode`: texts come in through `ExampleText`, already translated.
import type { Classification } from '../core/attention/classify';
import type { EvaluationStep, FormulaEvaluation } from '../core/attention/evaluate';
import { definitionsOf } from '../core/attention/formula-inputs';
import type { MatrixLiteral, ScannedDocument } from '../core/document/document-model';
import { jsonNumber } from '../core/numbers';
import type { Expr } from '../core/tex/expr';
import type { ExampleInput, ExampleStep, MatrixView, StepName, WorkedExample } from '../preview-page/protocol';

export interface ExampleText {
  stepTitle(name: StepName): string;
  /** "V is not defined in this document." */
  missing(symbol: string): string;
  /** Why a matrix is not shown cell by cell. */
  tooLarge(limit: number): string;
  /** Under an example the prose names without a formula: the words, quoted from the note. */
  fromWords(phrase: string): string;
}

export interface ExampleOptions {
  text: ExampleText;
  /** Rows or columns above this are summarised, not sent. */
  maxMatrixSize: number;
}

/** Generic TeX per step, for formulas whose parts cannot be cut out of the source as valid TeX. */
const GENERIC_TEX: Readonly<Record<StepName, string>> = {
  logits: 'QK^\\top',
  scaled: 's\\,QK^\\top',
  masked: 's\\,QK^\\top + M',
  weights: '\\mathrm{softmax}(\\cdot)',
  output: '\\mathrm{softmax}(\\cdot)\\,V',
};

/**
 * The example under a formula, or null when there is nothing to show: no value is bound, no step computed and no
 * shape known.
 */
export function workedExample(
  evaluation: FormulaEvaluation,
  classification: Classification,
  doc: ScannedDocument,
  options: ExampleOptions,
): WorkedExample | null {
  const index = evaluation.regionIndex;
  const region = doc.regions[index];
  // The definitions in force are found by binary search: a note may define thousands of matrices.
  const defs = definitionsOf(doc);
  const view = (rows: number[][], r: number, c: number) => matrixView(rows, r, c, options);
  const inputs: ExampleInput[] = inputLiterals(evaluation, doc).map(({ symbol, literal }) => ({
    tex: symbolTex(symbol),
    matrix: view(literal.values, literal.rows, literal.cols),
    line: literal.range.start.line,
  }));
  const shapes: string[] = [];
  for (const [symbol, binding] of Object.entries(evaluation.bindings))
    if (binding.value !== undefined) shapes.push(`${symbol} = ${binding.value}`);
  const symbols = new Set([...Object.keys(evaluation.bindings), ...evaluation.unbound]);
  for (const symbol of symbols) {
    const declared = evaluation.bindings[symbol] ? undefined : defs.declaration(symbol, index);
    if (declared) shapes.push(`${symbol}: ${declared.rows} × ${declared.cols}`);
  }
  const steps: ExampleStep[] = evaluation.steps.map((step) => ({
    name: step.name,
    title: options.text.stepTitle(step.name),
    tex: stepTex(step.name, classification, region.tex),
    matrix: view(step.value, step.rows, step.cols),
  }));
  if (inputs.length === 0 && steps.length === 0 && shapes.length === 0) return null;
  const missing = evaluation.unbound.map((symbol) => options.text.missing(symbol));
  return {
    inputs,
    steps,
    heatmap: heatmapOf(evaluation.steps, options),
    warnings: [...evaluation.notes, ...evaluation.warnings.map((w) => w.message)],
    missing,
    shapes: [...new Set(shapes)],
    // Unbound symbols are already listed as missing; their errors would only repeat that.
    error: missing.length > 0 ? null : evaluation.errors.map((e) => e.message).join('\n') || null,
  };
}

/** The bound matrices the example shows as its inputs, in order, each with the literal in force at the formula. */
export function inputLiterals(
  evaluation: FormulaEvaluation,
  doc: ScannedDocument,
): { symbol: string; literal: MatrixLiteral }[] {
  const defs = definitionsOf(doc);
  const found: { symbol: string; literal: MatrixLiteral }[] = [];
  for (const [symbol, binding] of Object.entries(evaluation.bindings)) {
    // A scalar is listed with the shapes.
    if (binding.value !== undefined) continue;
    const literal = defs.matrix(symbol, evaluation.regionIndex);
    if (literal) found.push({ symbol, literal });
  }
  return found;
}

function heatmapOf(steps: readonly EvaluationStep[], options: ExampleOptions): WorkedExample['heatmap'] {
  const weights = steps.find((s) => s.name === 'weights');
  if (!weights) return null;
  const masked = steps.find((s) => s.name === 'masked');
  const maskedCells: [number, number][] = [];
  const fullyMaskedRows: number[] = [];
  masked?.value.forEach((row, i) => {
    row.forEach((v, j) => {
      if (v === Number.NEGATIVE_INFINITY) maskedCells.push([i, j]);
    });
    if (row.length > 0 && row.every((v) => v === Number.NEGATIVE_INFINITY)) fullyMaskedRows.push(i);
  });
  return { weights: matrixView(weights.value, weights.rows, weights.cols, options), maskedCells, fullyMaskedRows };
}

function matrixView(rows: number[][], r: number, c: number, options: ExampleOptions): MatrixView {
  if (r > options.maxMatrixSize || c > options.maxMatrixSize)
    return { rows: r, cols: c, cells: null, summary: options.text.tooLarge(options.maxMatrixSize) };
  return { rows: r, cols: c, cells: rows.map((row) => row.map(jsonNumber)), summary: null };
}

/** `W_1^Q` is already TeX; `head_12` needs braces to keep its subscript whole. */
function symbolTex(symbol: string): string {
  return symbol.replace(/_([^_^{}\s]{2,})/g, '_{$1}').replace(/\^([^_^{}\s]{2,})/g, '^{$1}');
}

/** The part of the formula a step computes, cut from its TeX, or a generic form when the cut is not valid TeX. */
function stepTex(name: StepName, c: Classification, tex: string): string {
  const part: Expr | undefined = name === 'output' ? outputName(c) : c.parts[name];
  const cut = part ? tex.slice(part.start, part.end).trim() : '';
  return cut && balanced(cut) ? cut : GENERIC_TEX[name];
}

/** The output is best named by the left side, `\mathrm{Attention}(Q, K, V)`, when the formula has one. */
function outputName(c: Classification): Expr | undefined {
  const equation = c.formula?.equations[c.equation];
  if (equation && c.side > 0 && equation.relations[0] === '=') return equation.sides[0];
  return c.parts.output;
}

function balanced(tex: string): boolean {
  let depth = 0;
  for (let i = 0; i < tex.length; i++) {
    const ch = tex[i];
    if (ch === '\\') i++;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth < 0) return false;
  }
  const count = (re: RegExp) => tex.match(re)?.length ?? 0;
  return depth === 0 && count(/\\left\b/g) === count(/\\right\b/g);
}
