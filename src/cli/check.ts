// `attention-lens check FILE-OR-FOLDER... [--format text|json] [--lang en|zh-cn]`: the editor's diagnostics from
// the command line, one `file:line:column severity code message` line each, for CI and editors' problem matchers.
import { readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { checkPrintedValues, type PrintedValueCheck } from '../core/attention/printed-values';
import { diagnoseDocument } from '../core/diagnose/diagnose';
import type { Finding } from '../core/diagnose/findings';
import { LineIndex } from '../core/document/positions';
import { type Language, languages } from '../core/i18n';
import { jsonNumber } from '../core/numbers';
import { type CliCommand, type CliIO, UsageError } from './command';
import { type DocumentFile, jsonPlace, openDocument, placeText, scanFile } from './document-file';
import { terminalSafe } from './terminal-text';

const help = `Usage: attention-lens check FILE-OR-FOLDER... [--format text|json] [--lang en|zh-cn]

Checks Markdown and LaTeX files for attention mistakes: shapes that cannot multiply, masks of the wrong shape or
kind, scaling by something other than sqrt(d_k), a missing transpose, a causal mask in cross-attention, dimensions
the document contradicts, malformed matrices, printed values that the note's earlier values do not give. Folders are searched for .md, .markdown, .tex, .txt and .ipynb
files, skipping node_modules and folders whose name starts with a dot. In a Jupyter notebook the Markdown cells
are checked, each with the definitions of the cells above it, and places are 'file:cell N:line:column' (N counts
every cell from 1; line and column are within the cell).

Options:
  --format text|json   one line per finding and a count of the printed values checked (default), or JSON: for
                       each file its findings and its printed values checked
  --lang en|zh-cn      language of the messages (default en)
  -h, --help

Exit code: 1 when any finding is an error, 0 otherwise, 2 on bad usage or an unreadable path.
`;

const EXTENSIONS = new Set(['.md', '.markdown', '.tex', '.txt', '.ipynb']);
const FORMATS = ['text', 'json'] as const;
type OutputFormat = (typeof FORMATS)[number];

interface Options {
  paths: string[];
  format: OutputFormat;
  language: Language;
}

function parseArgs(args: string[]): Options {
  const paths: string[] = [];
  let format: OutputFormat = 'text';
  let language: Language = 'en';
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--format') {
      const f = args[++i] as OutputFormat;
      if (!FORMATS.includes(f)) throw new UsageError(`--format is text or json, not '${args[i] ?? ''}'`);
      format = f;
    } else if (a === '--lang') {
      const l = args[++i] as Language;
      if (!languages.includes(l))
        throw new UsageError(`--lang is one of ${languages.join(', ')}, not '${args[i] ?? ''}'`);
      language = l;
    } else if (a.startsWith('-')) throw new UsageError(`unknown option '${a}'`);
    else paths.push(a);
  }
  if (paths.length === 0) throw new UsageError('no file or folder given');
  return { paths, format, language };
}

/** The documents under `path`, in a stable order: the file itself, or a folder's files, depth first. */
export function documentsUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  const entries = readdirSync(path, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  return entries.flatMap((e) => {
    if (e.isDirectory())
      return e.name.startsWith('.') || e.name === 'node_modules' ? [] : documentsUnder(join(path, e.name));
    return e.isFile() && EXTENSIONS.has(extname(e.name).toLowerCase()) ? [join(path, e.name)] : [];
  });
}

/** The finding's place: 1-based, and in a notebook within the cell (`cell` counts every cell from 1). */
function jsonFindingPlace(file: DocumentFile, f: Finding) {
  const { cell, line, column } = jsonPlace(file, f.range.start);
  const end = jsonPlace(file, f.range.end);
  return {
    file: file.path,
    ...(cell === undefined ? {} : { cell }),
    line,
    column,
    endLine: end.line,
    endColumn: end.column,
  };
}

const jsonFinding = (file: DocumentFile, f: Finding) => ({
  ...jsonFindingPlace(file, f),
  severity: f.severity,
  code: f.code,
  name: f.name,
  message: f.message,
});

/** A printed value checked: where, what, at which precision, and the entries that differ (1-based). */
const jsonChecked = (file: DocumentFile, c: PrintedValueCheck) => ({
  ...jsonPlace(file, c.range.start),
  name: c.name,
  decimals: c.decimals,
  agrees: c.agrees,
  differing: c.differing.map((d) => ({
    row: d.row,
    col: d.col,
    printed: jsonNumber(d.printed),
    computed: jsonNumber(d.computed),
  })),
  ...(c.causedBy === undefined ? {} : { causedBy: c.causedBy }),
});

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export const checkCommand: CliCommand = {
  summary: 'report attention mistakes in Markdown and LaTeX files, as the editor does',
  help,
  run(args: string[], io: CliIO): number {
    const options = parseArgs(args);
    let files: string[];
    try {
      files = options.paths.flatMap(documentsUnder);
    } catch (err) {
      io.err(`attention-lens check: ${err instanceof Error ? err.message : String(err)}\n`);
      return 2;
    }
    const all: ReturnType<typeof jsonFinding>[] = [];
    const perFile: {
      file: string;
      findings: ReturnType<typeof jsonFinding>[];
      checked: ReturnType<typeof jsonChecked>[];
    }[] = [];
    for (const path of files) {
      let file: DocumentFile;
      try {
        file = openDocument(path);
      } catch (err) {
        io.err(`attention-lens check: cannot read ${path}: ${err instanceof Error ? err.message : String(err)}\n`);
        return 2;
      }
      const { text } = file;
      const lines = new LineIndex(text);
      const scan = scanFile(file, lines);
      const positionAt = (offset: number) => lines.positionAt(offset);
      const printedValues = checkPrintedValues(scan, { text, positionAt });
      const findings = diagnoseDocument(scan, { text, language: options.language, positionAt, printedValues }).map(
        (f) => jsonFinding(file, f),
      );
      const checked = printedValues.map((c) => jsonChecked(file, c));
      all.push(...findings);
      perFile.push({ file: path, findings, checked });
    }
    if (options.format === 'json') io.out(`${JSON.stringify(perFile, null, 2)}\n`);
    else for (const f of all) io.out(terminalSafe(`${f.file}:${placeText(f)} ${f.severity} ${f.code} ${f.message}\n`));
    const errors = all.filter((f) => f.severity === 'error').length;
    const checked = perFile.reduce((n, f) => n + f.checked.length, 0);
    const differ = perFile.reduce((n, f) => n + f.checked.filter((c) => !c.agrees).length, 0);
    io.err(
      `${plural(all.length, 'finding')} (${plural(errors, 'error')}) in ${plural(files.length, 'file')}\n` +
        `${plural(checked, 'printed value')} checked, ${differ} differ${differ === 1 ? 's' : ''}\n`,
    );
    return errors > 0 ? 1 : 0;
  },
};
