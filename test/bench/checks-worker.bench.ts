// What a keystroke in a 5 MB note costs the host's thread to hand its text to the checks worker (the built worker,
// dist/node/lazy/checks-worker.js): the changes since the version the worker holds, beside the whole text posted
// as before, keystroke for keystroke in the same run. The time is the host's synchronous part of asking for the
// checks (recording the change, the structured clone of the message); the worker's run is dropped each time.
import { join } from 'node:path';
import { DocumentIndex } from '../../src/core/document/document-index';
import { applyChanges } from '../../src/core/document/edited-texts';
import type { TextChange } from '../../src/core/document/incremental-scan';
import { WorkerChecker } from '../../src/lazy/worker-checker';
import { root } from '../harness/code-server';
import { fmtMs, report } from './measure';
import { generateMarkdown } from './scan.bench';

const MB = 1024 * 1024;
const KEYSTROKES = 40;

export async function run(): Promise<void> {
  let text = generateMarkdown(5 * MB, 3);
  const at = text.indexOf('\\sqrt{d_k}', text.length / 2);
  const checker = new WorkerChecker(join(root, 'dist/node/lazy/checks-worker.js'), () =>
    Promise.reject(new Error('no notebooks here')),
  );
  // The host's own index of the note, as the features read it: its scan is not part of the figure.
  const index = new DocumentIndex();
  let version = 1;
  const key = 'note';
  const request = () => ({
    key,
    indexed: index.get(key, version, 'markdown', () => text),
    format: 'markdown' as const,
    macros: {},
    language: 'en' as const,
  });
  /** A character typed or deleted in turn, kept from the change as the host keeps its text; the host's cost. */
  const keystroke = async (reported: boolean) => {
    const typing = version % 2 === 1;
    const change: TextChange = { rangeOffset: at, rangeLength: typing ? 0 : 1, text: typing ? 'x' : '' };
    text = applyChanges(text, [change]) ?? text;
    version++;
    index.edit(key, version, [change]);
    const asked = request();
    const posted = checker.counts.postedCharacters;
    const t0 = performance.now();
    // Unreported, the version is missed: the whole text goes, as it went before.
    if (reported) checker.edited(key, version, [change]);
    const result = checker.check(asked);
    const ms = performance.now() - t0;
    checker.cancel(key);
    await result;
    return { ms, characters: checker.counts.postedCharacters - posted };
  };
  try {
    // The worker holds the note first.
    const first = checker.check(request());
    checker.cancel(key);
    await first;
    const ours: number[] = [];
    const whole: number[] = [];
    const characters = { ours: 0, whole: 0 };
    for (let k = 0; k < KEYSTROKES; k++) {
      const edit = await keystroke(true);
      ours.push(edit.ms);
      characters.ours += edit.characters;
      const all = await keystroke(false);
      whole.push(all.ms);
      characters.whole += all.characters;
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    report({
      name: 'characters posted to the checks worker per keystroke',
      ours: `${characters.ours / KEYSTROKES} (the changes)`,
      baselineName: 'the whole note',
      baseline: `${characters.whole / KEYSTROKES}`,
      ratio: characters.whole / characters.ours,
      goal: 'the characters typed',
      met: characters.ours === KEYSTROKES,
    });
    report({
      name: `host-side cost of a keystroke's checks request, ${(text.length / MB).toFixed(1)} MB note, median of ${KEYSTROKES} (longest)`,
      ours: `${fmtMs(median(ours))} (${fmtMs(Math.max(...ours))})`,
      baselineName: 'posting the whole text',
      baseline: `${fmtMs(median(whole))} (${fmtMs(Math.max(...whole))})`,
      ratio: median(whole) / median(ours),
    });
  } finally {
    checker.dispose();
  }
}
