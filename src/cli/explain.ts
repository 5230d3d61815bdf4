// `attention-lens explain FILE --line L --column C [--lang en|zh-cn]`: prints the Markdown the editor's hover
// shows at that place (without the rendered formula), so explanations can be checked outside the editor.
import { IndexedDocument } from '../core/document/document-index';
import { LineIndex } from '../core/document/positions';
import { explainAt } from '../core/explain/explain';
import { explanationToMarkdown } from '../core/explain/explain-markdown';
import { type Language, languages } from '../core/i18n';
import { type CliCommand, type CliIO, UsageError } from './command';
import { type DocumentFile, openDocument, placeText, positionOf, scanFile } from './document-file';
import { terminalSafe } from './terminal-text';

const help = `Usage: attention-lens explain FILE [--cell N] --line L --column C [--lang en|zh-cn]

Explains what is at line L, column C of FILE (both 1-based): an attention formula (its kind, its inputs and
their shapes, where cross-attention's Q, K and V come from), a symbol inside one (Q, K, V, M, d_k, W_i^Q,
softmax, the sqrt(d_k) scale ...) or a matrix literal. Prints Markdown, as the editor's hover shows it.

Options:
  --line L        1-based line
  --column C      1-based column (UTF-16 code units, as the editor counts)
  --cell N        in a Jupyter notebook (.ipynb), required: line and column are of cell N (counting every
                  cell from 1)
  --lang LANG     en (default) or zh-cn
  -h, --help

Exit code 1 when there is nothing to explain at that place.
`;

interface Options {
  path: string;
  cell?: number;
  line: number;
  column: number;
  lang: Language;
}

function positive(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} needs a number (1 or more), not '${value ?? ''}'`);
  return n;
}

function parseArgs(args: string[]): Options {
  const paths: string[] = [];
  let cell: number | undefined;
  let line: number | undefined;
  let column: number | undefined;
  let lang: Language = 'en';
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--cell') cell = positive(a, args[++i]);
    else if (a === '--line') line = positive(a, args[++i]);
    else if (a === '--column') column = positive(a, args[++i]);
    else if (a === '--lang') {
      const l = args[++i] as Language;
      if (!languages.includes(l))
        throw new UsageError(`--lang is one of ${languages.join(', ')}, not '${args[i] ?? ''}'`);
      lang = l;
    } else if (a.startsWith('-')) throw new UsageError(`unknown option '${a}'`);
    else paths.push(a);
  }
  if (paths.length !== 1) throw new UsageError(paths.length === 0 ? 'no file given' : 'explain takes one file');
  if (line === undefined || column === undefined) throw new UsageError('--line and --column are required');
  return { path: paths[0], cell, line, column, lang };
}

export const explainCommand: CliCommand = {
  summary: 'explain the formula, symbol or matrix at a line and column of a file',
  help,
  run(args: string[], io: CliIO): number {
    const { path, cell, line, column, lang } = parseArgs(args);
    let file: DocumentFile;
    try {
      file = openDocument(path);
    } catch (err) {
      io.err(`attention-lens explain: cannot read ${path}: ${err instanceof Error ? err.message : String(err)}\n`);
      return 1;
    }
    if (file.notebook && cell === undefined) throw new UsageError('in a notebook, --cell is required');
    if (!file.notebook && cell !== undefined) throw new UsageError('--cell is for notebooks (.ipynb)');
    const { text } = file;
    const lines = new LineIndex(text);
    const doc = new IndexedDocument(path, 0, scanFile(file, lines), lines);
    const position = positionOf(file, { cell, line, column });
    const offset = position ? doc.offsetAt(position) : 0;
    // offsetAt clamps; a place past the end of its line, its cell or the file has nothing to explain.
    const at = doc.positionAt(offset);
    const explanation =
      position && at.line === position.line && at.character === position.character
        ? explainAt(doc, offset, (s, e) => text.slice(s, e))
        : null;
    if (!explanation) {
      io.err(`attention-lens explain: nothing to explain at ${path}:${placeText({ cell, line, column })}\n`);
      return 1;
    }
    io.out(terminalSafe(explanationToMarkdown(explanation, lang)));
    return 0;
  },
};
