// A one-character edit in the middle of 1 MB and 5 MB generated notes: the incremental rescan the editor runs
// (through the document index, as every feature reads documents) beside a whole scan of the same edited text; and
// the reading of the prose's statements of the softmax's name after the same edit beside a whole reading.
import { DocumentIndex } from '../../src/core/document/document-index';
import { LineIndex } from '../../src/core/document/positions';
import type { TextEdit } from '../../src/core/document/readings';
import { scanWithLines } from '../../src/core/document/scan';
import { softmaxStatements } from '../../src/core/document/softmax-names';
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
  statementsAfterEdit('generated note', generateMarkdown(5 * MB, 3));
  statementsAfterEdit('inline math in every sentence', mathDense(5 * MB));
}

/** Paragraphs of prose with four inline formulas each, about 30 formulas per kilobyte. */
function mathDense(length: number): string {
  const paragraphs: string[] = [];
  for (let i = 0, size = 0; size < length; i++) {
    const p = `Row ${i} of $QK^\\top$ is scaled by $\\sqrt{d_k}$,\nthen $\\sigma(x_{${i}})$ and $W^O$ give the output.`;
    paragraphs.push(p);
    size += p.length + 2;
  }
  return paragraphs.join('\n\n');
}

/**
 * One statement at the top of a 5 MB note, and a character typed in the middle: the sparse statements are the case
 * where a search resumed at the edit would run on to the note's end.
 */
function statementsAfterEdit(kind: string, note: string): void {
  const text = `Here $\\sigma$ denotes the row-wise softmax.\n\n${note}`;
  const at = text.indexOf('\\sqrt{d_k}', text.length / 2);
  const typed = `${text.slice(0, at)}x${text.slice(at)}`;
  const typing: TextEdit = { start: at, oldEnd: at, newEnd: at + 1 };
  const deleting: TextEdit = { start: at, oldEnd: at + 1, newEnd: at };
  let reading = softmaxStatements(text);
  let version = 0;
  // Typed and deleted in turn, each reading from the one before.
  const incremental = measure(
    () => {
      const odd = version++ % 2 === 0;
      reading = softmaxStatements(odd ? typed : text, { reading, edit: odd ? typing : deleting });
      return reading;
    },
    { minRuns: 30 },
  );
  const whole = measure(() => softmaxStatements(typed), { minRuns: 5 });
  const formulas = scanWithLines(text, 'markdown', {}, new LineIndex(text)).regions.length;
  report({
    name: `softmax statements read again after a one-character edit, 5 MB, ${kind} (${formulas} formulas)`,
    ours: fmtMs(incremental.ms),
    baselineName: 'whole reading',
    baseline: fmtMs(whole.ms),
    ratio: whole.ms / incremental.ms,
    goal: '>= 100x',
    met: whole.ms / incremental.ms >= 100,
  });
}
