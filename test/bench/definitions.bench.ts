// What the preview and the CodeLens ask of the definitions after a one-character edit in the middle of 5 MB notes
// (the generated note of the scan benchmarks, and the typing benchmark's, which defines Q 45,000 times): for each attention formula around the edit, the values its symbols are bound to (as the preview
// binds them before evaluating) and the shapes of its query, key, value and mask (as the lenses show them), and the
// note's q_i, k_i, v_i family (as the prose examples ask). Ours reads them through the lists carried from the scan
// before the edit; the baseline asks the same of the same scan with lists made from scratch, as every update did.

import { codeDefinitionsOf } from '../../src/core/attention/code-definitions';
import { boundInputs, targetOf } from '../../src/core/attention/evaluation-inputs';
import { classifyRegion, definitionsOf } from '../../src/core/attention/formula-inputs';
import { familyExample } from '../../src/core/attention/vector-families';
import { DocumentIndex } from '../../src/core/document/document-index';
import type { ScannedDocument } from '../../src/core/document/document-model';
import { softmaxNamesAt } from '../../src/core/document/softmax-names';
import { lastStartingAtOrBefore } from '../../src/core/document/spans';
import { hostileDocuments } from '../support/hostile';
import { fmtMs, median, report, timed, unread } from './measure';
import { generateMarkdown } from './scan.bench';

const MB = 1024 * 1024;
/** About what the preview and the lenses cover around the cursor. */
const WINDOW = 20_000;
const RUNS = 30;

/** What the features ask after an update, about the formulas within WINDOW of `at`. */
function ask(scan: ScannedDocument, at: number): number {
  const defs = definitionsOf(scan);
  let answers = 0;
  for (let i = Math.max(0, lastStartingAtOrBefore(scan.regions, at - WINDOW)); i < scan.regions.length; i++) {
    if (scan.regions[i].startOffset > at + WINDOW) break;
    const c = classifyRegion(scan, i);
    if (c.kind === 'none') continue;
    const target = targetOf(c);
    if (target) answers += boundInputs(scan, i, c, target).bindings.size;
    for (const name of [c.roles.query, c.roles.key, c.roles.value, c.roles.mask])
      if (name !== null && defs.shapeOf(name, i)) answers++;
  }
  return answers + (familyExample(scan) ? 1 : 0);
}

/** What other readings of the scan give, read before the timing on both sides: the code's, the softmax's names. */
function readOthers(scan: ScannedDocument): void {
  codeDefinitionsOf(scan);
  softmaxNamesAt(scan, 0);
}

export function run(): void {
  const generated = generateMarkdown(5 * MB, 3);
  afterEdits('the generated note', generated, generated.indexOf('\\sqrt{d_k}', generated.length / 2));
  const typing = hostileDocuments(5).find((d) => d.name === 'large note')?.text ?? '';
  afterEdits("the typing benchmark's note", typing, typing.indexOf('x_i', typing.length / 2));
}

function afterEdits(note: string, text: string, at: number): void {
  const typed = `${text.slice(0, at)}x${text.slice(at)}`;
  const index = new DocumentIndex();
  let version = 1;
  let scan = index.get('note', version, 'markdown', () => text).scan;
  readOthers(scan);
  ask(scan, at);
  const carried: number[] = [];
  const again: number[] = [];
  const whole: number[] = [];
  // A character typed, then deleted, in turn; each update asks what the features ask.
  for (let run = 0; run <= RUNS; run++) {
    const typing = version % 2 === 1;
    index.edit('note', ++version, [{ rangeOffset: at, rangeLength: typing ? 0 : 1, text: typing ? 'x' : '' }]);
    scan = index.get('note', version, 'markdown', () => (typing ? typed : text)).scan;
    readOthers(scan);
    const copy = unread(scan);
    readOthers(copy);
    const ours = timed(() => ask(scan, at));
    const asked = timed(() => ask(scan, at));
    const scratch = timed(() => ask(copy, at));
    // The first run also reads the TeX the edit changed.
    if (run > 0) {
      carried.push(ours);
      again.push(asked);
      whole.push(scratch);
    }
  }
  const ours = median(carried);
  const baseline = median(whole);
  report({
    name: `definitions and vector families asked by the features after a one-character edit, ${note}, 5 MB (${scan.regions.length} regions, ${scan.matrices.length} matrices, ${ask(scan, at)} answers)`,
    ours: fmtMs(ours),
    baselineName: 'the same asked with definitions listed from scratch',
    baseline: fmtMs(baseline),
    ratio: baseline / ours,
    goal: '>= 5x',
    met: baseline / ours >= 5,
  });
  // What the same questions cost once every list is made: the binding's own work, which both sides share.
  console.log(`  (the same asked again of the same scan: ${fmtMs(median(again))})`);
  jumps(index, version, at);
}

/**
 * A character typed half the note before the last edit, then back there, in turn: the lists carry the edits at
 * both places, and each update reads again only the items around them.
 */
function jumps(index: DocumentIndex, version: number, at: number): void {
  let text = index.peek('note')?.text ?? '';
  const far = Math.floor(at / 2);
  const ours: number[] = [];
  const whole: number[] = [];
  for (let run = 0; run < 8; run++) {
    const place = run % 2 === 0 ? far : at;
    index.edit('note', ++version, [{ rangeOffset: place, rangeLength: 0, text: 'x' }]);
    text = `${text.slice(0, place)}x${text.slice(place)}`;
    const scan = index.get('note', version, 'markdown', () => text).scan;
    readOthers(scan);
    const copy = unread(scan);
    readOthers(copy);
    ours.push(timed(() => ask(scan, place)));
    whole.push(timed(() => ask(copy, place)));
  }
  report({
    name: '  the update after typing half the note away from the last edit, and back, in turn',
    ours: fmtMs(median(ours)),
    baselineName: 'from scratch',
    baseline: fmtMs(median(whole)),
    ratio: median(whole) / median(ours),
  });
}
