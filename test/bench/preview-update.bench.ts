// The host's part of one preview update after a one-character edit in 1 MB and 5 MB generated notes: the rescan,
// the preview content (formulas around the cursor, cached worked examples, headings), the diff against what was
// sent and the message's serialisation, beside building the content from scratch for the same text: a whole scan
// and every formula classified and evaluated anew, as each update did before examples were cached.
import { DocumentIndex } from '../../src/core/document/document-index';
import { LineIndex } from '../../src/core/document/positions';
import { scanWithLines } from '../../src/core/document/scan';
import { PreviewContentBuilder, SentFormulas } from '../../src/preview/preview-content';
import { contentOptions } from '../preview-page/messages';
import { fmtMs, measure, report } from './measure';
import { generateMarkdown } from './scan.bench';

const MB = 1024 * 1024;
/** The longest synchronous task typing may cause in the extension host. */
const LONGEST_GOAL_MS = 50;

export function run(): void {
  for (const size of [1, 5]) {
    const text = generateMarkdown(size * MB, 3);
    const at = text.indexOf('\\sqrt{d_k}', text.length / 2);
    const typed = `${text.slice(0, at)}x${text.slice(at)}`;
    const index = new DocumentIndex();
    const builder = new PreviewContentBuilder();
    const sent = new SentFormulas();
    let version = 1;
    const first = index.get('note', version, 'markdown', () => text);
    sent.reset(builder.build(text, first.scan, contentOptions, at, first.lines).formulas);
    let longest = 0;
    let formulas = 0;
    // A character typed, then deleted, in turn, with the cursor at the edit, as the editor reports it.
    const update = measure(
      () => {
        const t0 = performance.now();
        const typing = version % 2 === 1;
        const current = typing ? typed : text;
        index.edit('note', ++version, [{ rangeOffset: at, rangeLength: typing ? 0 : 1, text: typing ? 'x' : '' }]);
        const { scan, lines } = index.get('note', version, 'markdown', () => current);
        const content = builder.build(current, scan, contentOptions, at, lines);
        const message = JSON.stringify({ ...content, formulas: sent.changed(content.formulas) });
        formulas = content.formulas.length;
        longest = Math.max(longest, performance.now() - t0);
        return message;
      },
      { minRuns: 30 },
    );
    const scratch = measure(
      () => {
        const lines = new LineIndex(typed);
        const scan = scanWithLines(typed, 'markdown', {}, lines);
        return new PreviewContentBuilder(Number.POSITIVE_INFINITY).build(typed, scan, contentOptions, at, lines);
      },
      { minRuns: 3, minMs: 0 },
    );
    report({
      name: `preview update after a one-character edit, ${size} MB (${formulas} formulas shown)`,
      ours: fmtMs(update.ms),
      baselineName: 'content from scratch (whole scan, every formula)',
      baseline: fmtMs(scratch.ms),
      ratio: scratch.ms / update.ms,
    });
    const met = longest < LONGEST_GOAL_MS ? 'goal met' : 'goal missed';
    console.log(`  longest update of ${update.runs}: ${fmtMs(longest)} (goal < ${LONGEST_GOAL_MS} ms) [${met}]`);
  }
}
