// The matrices a note's Markdown tables give, read after a one-character edit in the middle of 5 MB notes: the
// generated note of the scan benchmarks (no table), and the same with a named table of inputs after every
// section. Ours finds the tables again around the edit only (the delimiter rows carried from the scan before) and
// reads each table's cells once per text; the baseline finds them in the whole text of the same scan.

import { DocumentIndex } from '../../src/core/document/document-index';
import { tableMatricesOf } from '../../src/core/document/table-matrices';
import { fmtMs, median, report, timed, unread } from './measure';
import { generateMarkdown } from './scan.bench';

const MB = 1024 * 1024;
const RUNS = 30;
const TABLE = 'Keys $K$:\n\n| token | a | b |\n| --- | --- | --- |\n| I | 1 | 0 |\n| tea | 0.5 | -1 |\n\n';

export function run(): void {
  const generated = generateMarkdown(5 * MB, 3);
  afterEdits('the generated note', generated);
  afterEdits('the same with a table after every section', generated.replace(/\n## /g, `\n${TABLE}## `));
}

function afterEdits(note: string, text: string): void {
  const at = text.indexOf('\n\n', text.length / 2);
  const typed = `${text.slice(0, at)}x${text.slice(at)}`;
  const index = new DocumentIndex();
  let version = 1;
  let scan = index.get('note', version, 'markdown', () => text).scan;
  tableMatricesOf(scan);
  const ours: number[] = [];
  const whole: number[] = [];
  // A character typed, then deleted, in turn.
  for (let run = 0; run < RUNS; run++) {
    const typing = version % 2 === 1;
    index.edit('note', ++version, [{ rangeOffset: at, rangeLength: typing ? 0 : 1, text: typing ? 'x' : '' }]);
    scan = index.get('note', version, 'markdown', () => (typing ? typed : text)).scan;
    const copy = unread(scan);
    ours.push(timed(() => tableMatricesOf(scan)));
    whole.push(timed(() => tableMatricesOf(copy)));
  }
  report({
    name: `tables read after a one-character edit, ${note}, 5 MB (${tableMatricesOf(scan).length} matrices)`,
    ours: fmtMs(median(ours)),
    baselineName: 'the same found in the whole text',
    baseline: fmtMs(median(whole)),
    ratio: median(whole) / median(ours),
  });
}
