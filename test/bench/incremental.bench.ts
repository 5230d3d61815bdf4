// A one-character edit in the middle of 1 MB and 5 MB generated notes: the incremental rescan the editor runs
// (through the document index, as every feature reads documents) beside a whole scan of the same edited text.
import { DocumentIndex } from '../../src/core/document/document-index';
import { LineIndex } from '../../src/core/document/positions';
import { scanWithLines } from '../../src/core/document/scan';
import { fmtMs, measure, report } from './measure';
import { generateMarkdown } from './scan.bench';

const MB = 1024 * 1024;

export function run(): void {
  for (const size of [1, 5]) {
    const text = generateMarkdown(size * MB, 3);
    const at = text.indexOf('\\sqrt{d_k}', text.length / 2);
    const index = new DocumentIndex();
    let version = 1;
    index.get('note', version, 'markdown', () => text);
    // A character typed, then deleted, in turn: the document keeps its size over many runs.
    const typed = `${text.slice(0, at)}x${text.slice(at)}`;
    const incremental = measure(
      () => {
        const typing = version % 2 === 1;
        index.edit('note', ++version, [{ rangeOffset: at, rangeLength: typing ? 0 : 1, text: typing ? 'x' : '' }]);
        return index.get('note', version, 'markdown', () => (typing ? typed : text));
      },
      { minRuns: 30 },
    );
    const whole = measure(() => scanWithLines(typed, 'markdown', {}, new LineIndex(typed)), {
      minRuns: size === 1 ? 10 : 5,
    });
    report({
      name: `rescan after a one-character edit, ${size} MB`,
      ours: fmtMs(incremental.ms),
      baselineName: 'whole scan',
      baseline: fmtMs(whole.ms),
      ratio: whole.ms / incremental.ms,
      goal: '>= 20x',
      met: whole.ms / incremental.ms >= 20,
    });
  }
}
