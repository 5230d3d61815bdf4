// The cells of a notebook file as VS Code's notebook editor hands them over: Markdown cells, and code cells with the
// text of their streams and plain-text results.
import { readFileSync } from 'node:fs';
import type { NotebookSource } from '../../src/core/document/notebook';

type JsonText = string | string[] | undefined;
type JsonOutput = { text?: JsonText; data?: { 'text/plain'?: JsonText } };
type JsonCell = { cell_type: string; source: JsonText; outputs?: JsonOutput[] };

const joined = (s: JsonText) => (Array.isArray(s) ? s.join('') : s);

export function notebookSources(path: string): NotebookSource[] {
  const cells = (JSON.parse(readFileSync(path, 'utf8')) as { cells: JsonCell[] }).cells;
  return cells.flatMap((c, index) => {
    const text = joined(c.source) ?? '';
    if (c.cell_type === 'markdown') return [{ index, text }];
    if (c.cell_type !== 'code') return [];
    const outputs = (c.outputs ?? []).flatMap((o) => {
      const out = joined(o.text) ?? joined(o.data?.['text/plain']);
      return out === undefined ? [] : [out];
    });
    return [{ index, text, outputs }];
  });
}
