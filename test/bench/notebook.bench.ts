// The cost of reading a notebook cell with the cells above it in the editor: after an edit of any cell, the notebook's
// cells are joined and scanned again (once, shared by every cell). Beside it, markdown-it parsing the same Markdown
// cells, which is what rendering them in the notebook costs VS Code; and the scan of the edited cell alone, which is
// all that reading each cell by itself would cost.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import MarkdownIt from 'markdown-it';
import type { NotebookSource } from '../../src/core/document/notebook';
import { IndexedNotebook } from '../../src/core/document/notebook-index';
import { scanDocument } from '../../src/core/document/scan';
import { fmtMs, measure, report } from './measure';
import { generateMarkdown } from './scan.bench';

type JsonCell = { cell_type: string; source: string | string[] };

/** The Markdown and code cells of a notebook file (outputs left aside: they are short beside the text). */
function sourcesOf(path: string): NotebookSource[] {
  const cells = (JSON.parse(readFileSync(path, 'utf8')) as { cells: JsonCell[] }).cells;
  return cells.flatMap((c, index) => {
    const text = Array.isArray(c.source) ? c.source.join('') : c.source;
    if (c.cell_type === 'markdown') return [{ index, text }];
    return c.cell_type === 'code' ? [{ index, text, outputs: [] }] : [];
  });
}

/** A generated notebook of `count` Markdown cells, each a paragraph or two of a note with its math. */
function generated(count: number): NotebookSource[] {
  return Array.from({ length: count }, (_, index) => ({ index, text: generateMarkdown(1500, index + 1) }));
}

function compare(name: string, sources: NotebookSource[]): void {
  const markdown = sources.filter((s) => !s.outputs);
  const md = new MarkdownIt();
  const last = markdown[markdown.length - 1];
  const ours = measure(() => new IndexedNotebook(name, sources).cell(last.index, 1));
  const render = measure(() => {
    for (const s of markdown) md.parse(s.text, {});
  });
  const alone = measure(() => scanDocument(last.text, 'markdown'));
  const size = `${sources.length} cells, ${(markdown.reduce((n, s) => n + s.text.length, 0) / 1024).toFixed(0)} KB of Markdown`;
  report({
    name: `${name} (${size}): scan of the notebook after an edit`,
    ours: fmtMs(ours.ms),
    baselineName: 'markdown-it parsing its Markdown cells',
    baseline: fmtMs(render.ms),
    ratio: ours.ms / render.ms,
  });
  report({
    name: `${name}: the same`,
    ours: fmtMs(ours.ms),
    baselineName: 'scan of the last cell alone',
    baseline: fmtMs(alone.ms),
    ratio: ours.ms / alone.ms,
  });
}

export function run(): void {
  compare('generated notebook', generated(300));
  const realNotes = resolve(__dirname, '../../../shared/real-notes');
  if (!existsSync(realNotes)) return;
  for (const file of readdirSync(realNotes).filter((f) => f.endsWith('.ipynb')))
    compare(file, sourcesOf(join(realNotes, file)));
}
