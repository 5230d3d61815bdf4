// `attention-lens scan FILE... [--json]`: what the scanner finds in each file, as text or as JSON whose positions
// are 1-based lines and columns (like eslint's), so editors and CI tools can jump to them.

import { classifyRegion } from '../core/attention/formula-inputs';
import type { Position, ScannedDocument } from '../core/document/document-model';
import { oneLineTex } from '../core/tex/tex-summary';
import { type CliCommand, type CliIO, jsonNumber, UsageError } from './command';
import { type DocumentFile, jsonPlace, openDocument, placeOf, scanFile } from './document-file';
import { terminalSafe } from './terminal-text';

const help = `Usage: attention-lens scan FILE... [--json]

Lists the math regions, matrix literals and shape declarations of each file.
Files ending in .tex are read as LaTeX; .md, .markdown, .txt and others as Markdown; in a Jupyter notebook
(.ipynb) the Markdown cells, places given as 'cell N:line:column' (N counts every cell from 1).

Options:
  --json    print one JSON array with an object per file
  -h, --help
`;

function toJson(file: DocumentFile, doc: ScannedDocument) {
  const jsonPosition = (p: Position) => jsonPlace(file, p);
  return {
    path: file.path,
    format: file.notebook ? 'notebook' : doc.format,
    regions: doc.regions.map((r, i) => ({
      kind: r.kind,
      delimiter: r.delimiter,
      start: jsonPosition(r.range.start),
      end: jsonPosition(r.range.end),
      tex: r.tex,
      attention: classifyRegion(doc, i).kind,
    })),
    matrices: doc.matrices.map((m) => ({
      name: m.name,
      rows: m.rows,
      cols: m.cols,
      values: m.values.map((row) => row.map(jsonNumber)),
      start: jsonPosition(m.range.start),
    })),
    shapes: doc.shapes.map((s) => ({
      symbol: s.symbol,
      rows: s.rows,
      cols: s.cols,
      start: jsonPosition(s.range.start),
    })),
    errors: doc.problems.map((p) => ({
      message: p.message,
      start: jsonPosition(p.range.start),
      end: jsonPosition(p.range.end),
    })),
  };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** One line per finding: `path:line:column  what`. */
function toText(file: DocumentFile, doc: ScannedDocument): string {
  const at = (p: Position) => placeOf(file, p);
  const lines = [
    `${file.path} (${file.notebook ? 'notebook' : doc.format}): ${plural(doc.regions.length, 'region')}, ${plural(doc.matrices.length, 'matrix', 'matrices')}, ${plural(doc.shapes.length, 'shape')}, ${plural(doc.problems.length, 'error')}`,
  ];
  doc.regions.forEach((r, i) => {
    const attention = classifyRegion(doc, i).kind;
    lines.push(
      `${at(r.range.start)}  ${r.kind} ${r.delimiter}  ${oneLineTex(r.tex, 100)}${attention === 'none' ? '' : `  (${attention})`}`,
    );
  });
  for (const m of doc.matrices) {
    const values = m.values.map((row) => `[${row.map((v) => String(jsonNumber(v))).join(', ')}]`).join(', ');
    lines.push(
      `${at(m.range.start)}  matrix ${m.name ?? '(unnamed)'} ${m.rows}x${m.cols}  [${oneLineTex(values, 100)}]`,
    );
  }
  for (const s of doc.shapes) lines.push(`${at(s.range.start)}  shape ${s.symbol} in R^{${s.rows} x ${s.cols}}`);
  for (const p of doc.problems) lines.push(`${at(p.range.start)}  error  ${p.message}`);
  return `${lines.join('\n')}\n`;
}

export const scanCommand: CliCommand = {
  summary: 'list the math regions, matrix literals and shape declarations of files',
  help,
  run(args: string[], io: CliIO): number {
    const json = args.includes('--json');
    const unknown = args.find((a) => a.startsWith('-') && a !== '--json');
    if (unknown) throw new UsageError(`unknown option '${unknown}'`);
    const paths = args.filter((a) => !a.startsWith('-'));
    if (paths.length === 0) throw new UsageError('no files given');

    let exitCode = 0;
    const results: ReturnType<typeof toJson>[] = [];
    for (const path of paths) {
      let file: DocumentFile;
      try {
        file = openDocument(path);
      } catch (err) {
        io.err(`attention-lens scan: cannot read ${path}: ${err instanceof Error ? err.message : String(err)}\n`);
        exitCode = 1;
        continue;
      }
      const doc = scanFile(file);
      if (json) results.push(toJson(file, doc));
      else io.out(terminalSafe(toText(file, doc)));
    }
    if (json) io.out(`${JSON.stringify(results, null, 2)}\n`);
    return exitCode;
  },
};
