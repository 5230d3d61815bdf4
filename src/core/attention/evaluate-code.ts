// Evaluates, as `eval` lists them, the examples a note gives without an attention formula in math: the formulas it
// writes in code (code-formulas.ts), each on the values of its inputs and reported on the note's own lines (one
// whose inputs are drawn at random is named with them and not evaluated), and the matrices its prose names the
// operation of, or its vectors per token, under the standard formula.
import type { ScannedDocument } from '../document/document-model';
import { codeExamples } from './code-formulas';
import type { EvaluateOptions, FormulaEvaluation } from './evaluate';
import { evaluateMessages } from './evaluate-messages';
import { evaluateExample } from './evaluate-selection';
import { proseExamples } from './selection-example';

/**
 * With `line` (1-based): the code formula on that line, evaluated whatever is missing. Without it: every code
 * formula whose inputs the note gives, and those it draws at random, which say so.
 */
export function evaluateCodeFormulas(
  scan: ScannedDocument,
  options: EvaluateOptions & { line?: number } = {},
): FormulaEvaluation[] {
  const msg = evaluateMessages[options.language ?? 'en'];
  const results: FormulaEvaluation[] = [];
  for (const { formula, target, roles, scalarLines, random } of codeExamples(scan)) {
    if (options.line !== undefined && formula.line !== options.line) continue;
    const result = evaluateExample(target, options);
    result.regionIndex = -1;
    result.line = formula.line;
    for (const [symbol, b] of Object.entries(result.bindings))
      b.line = scalarLines.get(symbol) ?? (Number.isFinite(b.line) ? b.line : formula.line);
    if (random.length > 0) {
      result.errors = random.map((r) => ({ message: msg.randomInCode(r.name, r.source, r.via) }));
      result.steps = [];
      result.output = null;
      result.check = null;
    }
    const renamed = [...roles].filter(([role, name]) => role !== name);
    if (renamed.length > 0 && random.length === 0) result.notes.unshift(msg.codeNames(renamed));
    if (random.length > 0 || result.unbound.length === 0 || options.line !== undefined) results.push(result);
  }
  return results;
}

/** The examples the prose names, and the note's vectors per token, evaluated; with `line`, those starting on it. */
export function evaluateProseExamples(
  scan: ScannedDocument,
  text: string,
  options: EvaluateOptions & { line?: number } = {},
): FormulaEvaluation[] {
  const inCode = new Set(codeExamples(scan).map((e) => e.target));
  const results: FormulaEvaluation[] = [];
  for (const example of proseExamples(scan, text)) {
    if (inCode.has(example.target)) continue;
    const line = (options.positionAt?.(example.startOffset).line ?? -2) + 1;
    if (options.line !== undefined && line !== options.line) continue;
    const result = evaluateExample(example.target, options);
    if (line > 0) result.line = line;
    results.push(result);
  }
  return results;
}
