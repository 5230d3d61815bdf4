// Diagnostics after an edit in a 1 MB Markdown document, as the editor computes them: the document index rescans
// around the edit it is told about, and every check runs. Compared with markdown-it + texmath parsing the same
// text, which is the least an editor extension reading Markdown would do on each edit, and with a whole rescan.
import katex from 'katex';
import MarkdownIt from 'markdown-it';
import texmath from 'markdown-it-texmath';
import { diagnoseDocument } from '../../src/core/diagnose/diagnose';
import { DocumentIndex } from '../../src/core/document/document-index';
import { LineIndex } from '../../src/core/document/positions';
import { scanDocument } from '../../src/core/document/scan';
import { fmtMs, measure, report } from './measure';
import { generateMarkdown } from './scan.bench';

const MB = 1024 * 1024;
const GOAL_MS = 20;

function diagnose(text: string) {
  const lines = new LineIndex(text);
  const scan = scanDocument(text, 'markdown');
  return diagnoseDocument(scan, { text, positionAt: (offset) => lines.positionAt(offset) });
}

export function run(): void {
  const base = generateMarkdown(MB, 3);
  // Each run types into the middle of the document: one formula changes its scale, the rest stay as they were.
  const at = base.indexOf('\\sqrt{d_k}', base.length / 2);
  const variants = ['\\sqrt{n}', '\\sqrt{d_k}', 'd_k', '\\sqrt{l_k}'];
  const edits = variants.map((s) => base.slice(0, at) + s + base.slice(at + 10));
  let i = 0;
  const findings = diagnose(edits[0]);
  const wholeRescan = measure(() => diagnose(edits[i++ % edits.length]), { minRuns: 10 });

  // As in the editor: each edit is reported to the index, which rescans around it before the checks run.
  const index = new DocumentIndex();
  let version = 0;
  index.get('note', version, 'markdown', () => edits[0]);
  const afterEdit = measure(
    () => {
      const previous = variants[version % variants.length];
      const text = edits[++version % edits.length];
      const change = { rangeOffset: at, rangeLength: previous.length, text: variants[version % variants.length] };
      index.edit('note', version, [change]);
      const doc = index.get('note', version, 'markdown', () => text);
      return diagnoseDocument(doc.scan, { text, positionAt: (offset) => doc.positionAt(offset) });
    },
    { minRuns: 20 },
  );
  const md = new MarkdownIt().use(texmath, { engine: katex, delimiters: ['dollars'] });
  const markdownIt = measure(() => md.parse(edits[i++ % edits.length], {}), { minRuns: 5, minMs: 0 });

  // The checks alone, on a scan already made: what diagnostics add to the scan every feature shares.
  const scan = scanDocument(edits[0], 'markdown');
  const lines = new LineIndex(edits[0]);
  const checks = measure(() => diagnoseDocument(scan, { text: edits[0], positionAt: (o) => lines.positionAt(o) }), {
    minRuns: 20,
  });
  console.log(
    `document: ${(base.length / MB).toFixed(1)} MB, ${scan.regions.length} regions, ${scan.matrices.length} matrices; ${findings.length} findings after the edit; the checks alone take ${fmtMs(checks.ms)}, the rescan the rest; with a whole rescan instead: ${fmtMs(wholeRescan.ms)}`,
  );
  report({
    name: 'diagnostics after an edit (incremental rescan + checks), 1 MB',
    ours: fmtMs(afterEdit.ms),
    baselineName: 'markdown-it + texmath parse',
    baseline: fmtMs(markdownIt.ms),
    ratio: markdownIt.ms / afterEdit.ms,
    goal: `under ${GOAL_MS} ms`,
    met: afterEdit.ms < GOAL_MS,
  });
}
