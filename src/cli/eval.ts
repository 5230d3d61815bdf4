// `attention-lens eval FILE [--line N | --lines A-B] [--masked-rows zeros|nan|uniform] [--json]`: evaluates the
// attention formulas of a document on the matrices it defines, step by step, or what lines A to B select.

import { type EvaluationStep, evaluateDocument, type FormulaEvaluation } from '../core/attention/evaluate';
import { evaluateCodeFormulas, evaluateProseExamples } from '../core/attention/evaluate-code';
import { evaluateSelection } from '../core/attention/evaluate-selection';
import type { MaskedRowPolicy } from '../core/attention/matrix';
import type { Position } from '../core/document/document-model';
import { LineIndex } from '../core/document/positions';
import { type Language, languages } from '../core/i18n';
import { type CliCommand, type CliIO, jsonNumber, UsageError } from './command';
import {
  type DocumentFile,
  type JsonPlace,
  jsonPlace,
  openDocument,
  placeOf,
  positionOf,
  scanFile,
} from './document-file';
import { terminalSafe } from './terminal-text';

const help = `Usage: attention-lens eval FILE [[--cell C] --line N | --lines A-B] [--masked-rows zeros|nan|uniform]
                           [--lang en|zh-cn] [--json]

Evaluates every attention formula of FILE whose symbols the document defines (a matrix literal such as
Q = \\begin{bmatrix}...\\end{bmatrix}, a scalar such as d_k = 2 in math or prose, a shape, or an assignment in
code such as Q = np.array([[1, 0], [0, 1]])), step by step: logits, scaled, masked, weights, output. Attention
written in code (softmax(Q @ K.T / np.sqrt(d_k)) @ V, or a chain of assignments ending in it) is evaluated too;
an input drawn at random (torch.rand, nn.Linear) is not. The definition used is the nearest one above the
formula, else the first below.

Options:
  --line N             evaluate only the formula whose region contains line N (1-based), whatever its kind
  --lines A-B          evaluate what lines A to B select, as Evaluate Selection does: the attention formula
                       there, else its matrices (Q, K, V and M by name or in the order written; one matrix
                       alone is self-attention, Q = K = V = X)
  --cell C             in a Jupyter notebook (.ipynb): line N is of cell C (counting every cell from 1);
                       places are printed 'cell C:line:column'
  --masked-rows P      what a fully masked row becomes: zeros (default), nan or uniform
  --lang en|zh-cn      language of the notes, warnings and errors (default en)
  --json               print a JSON array with an object per formula
  -h, --help

Exit code 1 when a formula cannot be evaluated (or there is no formula at line N).
`;

const POLICIES: readonly MaskedRowPolicy[] = ['zeros', 'nan', 'uniform'];

interface Options {
  path: string;
  line?: number;
  lines?: [number, number];
  cell?: number;
  maskedRows: MaskedRowPolicy;
  language: Language;
  json: boolean;
}

function parseArgs(args: string[]): Options {
  const paths: string[] = [];
  let line: number | undefined;
  let lines: [number, number] | undefined;
  let cell: number | undefined;
  let maskedRows: MaskedRowPolicy = 'zeros';
  let json = false;
  let language: Language = 'en';
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--json') json = true;
    else if (a === '--line') {
      const n = Number(args[++i]);
      if (!Number.isInteger(n) || n < 1)
        throw new UsageError(`--line needs a line number (1 or more), not '${args[i] ?? ''}'`);
      line = n;
    } else if (a === '--lines') {
      const m = /^(\d+)-(\d+)$/.exec(args[++i] ?? '');
      const [from, to] = m ? [Number(m[1]), Number(m[2])] : [0, 0];
      if (from < 1 || to < from)
        throw new UsageError(`--lines needs a range of lines A-B (1 <= A <= B), not '${args[i] ?? ''}'`);
      lines = [from, to];
    } else if (a === '--cell') {
      const n = Number(args[++i]);
      if (!Number.isInteger(n) || n < 1)
        throw new UsageError(`--cell needs a cell number (1 or more), not '${args[i] ?? ''}'`);
      cell = n;
    } else if (a === '--lang') {
      const l = args[++i] as Language;
      if (!languages.includes(l))
        throw new UsageError(`--lang is one of ${languages.join(', ')}, not '${args[i] ?? ''}'`);
      language = l;
    } else if (a === '--masked-rows') {
      const p = args[++i] as MaskedRowPolicy;
      if (!POLICIES.includes(p))
        throw new UsageError(`--masked-rows is one of ${POLICIES.join(', ')}, not '${args[i] ?? ''}'`);
      maskedRows = p;
    } else if (a.startsWith('-')) throw new UsageError(`unknown option '${a}'`);
    else paths.push(a);
  }
  if (paths.length !== 1) throw new UsageError(paths.length === 0 ? 'no file given' : 'eval takes one file');
  if (cell !== undefined && line === undefined) throw new UsageError('--cell goes with --line');
  if (lines !== undefined && line !== undefined) throw new UsageError('--line and --lines do not go together');
  return { path: paths[0], line, lines, cell, maskedRows, language, json };
}

const jsonRows = (rows: number[][]) => rows.map((r) => r.map(jsonNumber));

/** A 1-based line of the scanned text as a place: in a notebook, the cell and the line within it. */
function lineOf(file: DocumentFile, line: number): Omit<JsonPlace, 'column'> {
  const { cell, line: inCell } = jsonPlace(file, { line: line - 1, character: 0 });
  return cell === undefined ? { line: inCell } : { cell, line: inCell };
}

/** `line 5`, or `cell 3 line 5` in a notebook. */
function lineText(file: DocumentFile, line: number): string {
  const { cell, line: inCell } = lineOf(file, line);
  return `${cell === undefined ? '' : `cell ${cell} `}line ${inCell}`;
}

function toJson(file: DocumentFile, r: FormulaEvaluation) {
  const jsonPosition = (p: Position) => jsonPlace(file, p);
  const step = (s: EvaluationStep) => ({ name: s.name, rows: s.rows, cols: s.cols, value: jsonRows(s.value) });
  return {
    ...lineOf(file, r.line),
    kind: r.kind,
    expression: r.expression,
    bindings: Object.fromEntries(Object.entries(r.bindings).map(([s, b]) => [s, { ...b, ...lineOf(file, b.line) }])),
    steps: r.steps.map(step),
    output: r.output && { rows: r.output.rows, cols: r.output.cols, value: jsonRows(r.output.value) },
    check: r.check,
    notes: r.notes,
    warnings: r.warnings,
    errors: r.errors.map((e) => ({
      message: e.message,
      ...(e.range ? { start: jsonPosition(e.range.start), end: jsonPosition(e.range.end) } : {}),
    })),
  };
}

/** A matrix as aligned rows of numbers, indented. */
function formatMatrix(rows: number[][], indent: string): string {
  const cells = rows.map((r) => r.map((v) => String(Number.isFinite(v) ? Number(v.toPrecision(6)) : v)));
  const width = Math.max(0, ...cells.flat().map((c) => c.length));
  return cells.map((r) => `${indent}[ ${r.map((c) => c.padStart(width)).join('  ')} ]`).join('\n');
}

function toText(file: DocumentFile, r: FormulaEvaluation): string {
  const { cell, line } = lineOf(file, r.line);
  const lines = [
    `${file.path}:${cell === undefined ? '' : `cell ${cell}:`}${line}  ${r.kind}${r.expression ? `  ${r.expression}` : ''}`,
  ];
  const bindings = Object.entries(r.bindings).map(
    ([s, b]) => `${s} ${b.value !== undefined ? `= ${b.value}` : `${b.rows}x${b.cols}`} (${lineText(file, b.line)})`,
  );
  if (bindings.length > 0) lines.push(`  bindings: ${bindings.join(', ')}`);
  for (const s of r.steps) lines.push(`  ${s.name} (${s.rows}x${s.cols}):`, formatMatrix(s.value, '    '));
  if (r.check) {
    lines.push(
      `  numeric core: ${r.check.agrees ? 'agrees' : 'DISAGREES'} (largest relative difference ${r.check.maxRelativeDifference.toExponential(1)})`,
    );
  }
  for (const n of r.notes) lines.push(`  note: ${n}`);
  for (const w of r.warnings) lines.push(`  warning: ${w.message}`);
  for (const e of r.errors) {
    const at = e.range ? `${placeOf(file, e.range.start)}: ` : '';
    lines.push(`  error: ${at}${e.message}`);
  }
  return `${lines.join('\n')}\n`;
}

export const evalCommand: CliCommand = {
  summary: 'evaluate the attention formulas of a file on the matrices it defines',
  help,
  run(args: string[], io: CliIO): number {
    const options = parseArgs(args);
    let file: DocumentFile;
    try {
      file = openDocument(options.path);
    } catch (err) {
      io.err(`attention-lens eval: cannot read ${options.path}: ${err instanceof Error ? err.message : String(err)}\n`);
      return 1;
    }
    let line: number | undefined;
    if (options.line !== undefined) {
      if (file.notebook && options.cell === undefined) throw new UsageError('in a notebook, --line goes with --cell');
      if (!file.notebook && options.cell !== undefined) throw new UsageError('--cell is for notebooks (.ipynb)');
      const position = positionOf(file, { cell: options.cell, line: options.line, column: 1 });
      if (!position) {
        io.err(`attention-lens eval: ${options.path} has no cell ${options.cell}\n`);
        return 1;
      }
      line = position.line + 1;
    }
    const { text } = file;
    const lines = new LineIndex(text);
    const doc = scanFile(file, lines);
    const evaluation = {
      maskedRows: options.maskedRows,
      language: options.language,
      positionAt: (offset: number) => lines.positionAt(offset),
    };
    let results: FormulaEvaluation[];
    if (options.lines) {
      if (file.notebook) throw new UsageError('--lines is for Markdown and LaTeX files');
      const [from, to] = options.lines;
      const start = lines.offsetAt({ line: from - 1, character: 0 });
      const end = lines.offsetAt({ line: to, character: 0 });
      const selected = evaluateSelection(doc, text, start, end, evaluation);
      if (selected.kind === 'unclear') {
        io.err(
          `attention-lens eval: lines ${from}-${to} of ${options.path} hold ${selected.matrices} matrices and no attention formula; select one matrix (self-attention) or three or four (Q, K, V and M)\n`,
        );
        return 1;
      }
      results = [selected.evaluation];
    } else
      results = [
        ...evaluateDocument(doc, { line, ...evaluation }),
        ...evaluateCodeFormulas(doc, { line, ...evaluation }),
        ...evaluateProseExamples(doc, text, { line, ...evaluation }),
      ].sort((a, b) => a.line - b.line);
    if (options.json)
      io.out(
        `${JSON.stringify(
          results.map((r) => toJson(file, r)),
          null,
          2,
        )}\n`,
      );
    else if (results.length === 0 && options.line === undefined) {
      io.out(`${options.path}: no attention formula whose symbols the document defines\n`);
    } else {
      for (const r of results) io.out(terminalSafe(toText(file, r)));
    }
    if (options.line !== undefined && results.length === 0) {
      const where = `${options.cell === undefined ? '' : `cell ${options.cell} `}line ${options.line}`;
      io.err(`attention-lens eval: no formula at ${where} of ${options.path}\n`);
      return 1;
    }
    return results.some((r) => r.errors.length > 0) ? 1 : 0;
  },
};
