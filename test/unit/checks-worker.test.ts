// The checks worker keeps each note's text from the changes the host posts (src/lazy/posted-texts.ts): run as the
// real worker thread, its findings and printed-value checks after random edits equal those of a check of the whole
// final text from scratch; only the changes are posted while they lead from the worker's version to the one
// checked, and the whole text otherwise. Counted in characters posted, never timed.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { DocumentIndex } from '../../src/core/document/document-index';
import type { DocumentFormat } from '../../src/core/document/document-model';
import type { TextChange } from '../../src/core/document/incremental-scan';
import { LineIndex } from '../../src/core/document/positions';
import { scanDocument } from '../../src/core/document/scan';
import type { NoteCheckResult } from '../../src/lazy/checker';
import { checkNote } from '../../src/lazy/checks';
import { WorkerChecker } from '../../src/lazy/worker-checker';
import type { CheckerReply, WorkerRequest } from '../../src/lazy/worker-protocol';
import { Prng } from '../support/prng';

const WORKER = join(__dirname, '../support/checks-worker.cjs');

const NOTE = [
  // K, of a shape the formulas below cannot use, with the macros of the user that name it.
  '$$Q = \\begin{bmatrix}1 & 0\\\\0 & 1\\end{bmatrix}, \\Km = \\begin{bmatrix}1 & 2 & 3\\end{bmatrix}$$\n\n',
  ...Array.from({ length: 120 }, (_, i) =>
    i % 7 === 3
      ? `Step ${i}: $$\\mathrm{softmax}\\left(\\frac{QK}{\\sqrt{d_k}}\\right)V$$\n\n`
      : `Step ${i}: $$S_{${i}} = \\frac{QK^\\top}{\\sqrt{d_k}}$$ with $d_k = 2$.\n\n`,
  ),
  '$$X = \\begin{bmatrix}1 & 2\\\\3 & 4\\end{bmatrix}, \\quad Y = 2X = \\begin{bmatrix}2 & 4\\\\6 & 9\\end{bmatrix}$$\n',
  // Code and prose the checks read too: values given in code, a printed result, d_k fixed in words.
  '\n```python\nA = np.array([[1.0, 0.0], [0.0, 1.0]])\nB = A @ A.T\nprint(B)\n```\n\n```\n[[1. 0.]\n [0. 2.]]\n```\n\n',
  'Here d_k is 2, and $$\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right)V$$\n',
].join('');

/** Pieces that make or unmake formulas, matrices, printed values and their mistakes. */
const PIECES = [
  '$$',
  '$',
  '\n\n',
  '\n',
  'QK',
  'K^\\top',
  '\\sqrt{d_k}',
  '9',
  '2',
  ' & 5',
  '\\\\',
  'd_k = 3',
  'x',
  '😀',
  '```',
  '\n```\n',
  '`',
  'A = np.eye(2)\n',
  'print(A)\n',
  ', [2.0, 1.0]',
  'd_k is 4',
];

function randomChange(random: Prng, text: string): TextChange {
  const rangeOffset = random.int(text.length + 1);
  const rangeLength = random.next() < 0.5 ? 0 : Math.min(text.length - rangeOffset, random.int(30));
  return { rangeOffset, rangeLength, text: random.next() < 0.2 && rangeLength > 0 ? '' : random.pick(PIECES) };
}

const apply = (text: string, c: TextChange) =>
  text.slice(0, c.rangeOffset) + c.text + text.slice(c.rangeOffset + c.rangeLength);

/** The checks of `text` from scratch, in this thread, as the worker posts them back. */
async function fromScratch(
  text: string,
  format: DocumentFormat,
  macros: Readonly<Record<string, string>> = {},
): Promise<NoteCheckResult> {
  const lines = new LineIndex(text);
  const never = { due: () => false, pause: async () => {}, stale: () => false };
  const scan = scanDocument(text, format, { macros });
  const result = await checkNote({ scan, text, positionAt: (o) => lines.positionAt(o), language: 'en' }, never);
  assert.ok(result);
  return structuredClone(result);
}

/** A note as the host sees it: its text and version, scanned by a host-side index, and checked by `checker`. */
function note(checker: WorkerChecker, key: string, text: string, format: DocumentFormat = 'markdown') {
  const index = new DocumentIndex();
  let version = 1;
  return {
    get text() {
      return text;
    },
    /** One event of changes, each to the text the previous ones left; reported to the checker unless `missed`. */
    edit(changes: TextChange[], { missed = false } = {}) {
      for (const c of changes) text = apply(text, c);
      version++;
      if (!missed) checker.edited(key, version, changes);
    },
    /** A version whose changes the editor does not give (the line ends replaced). */
    unknownEdit(newText: string) {
      text = newText;
      version++;
      checker.edited(key, version, []);
    },
    async check(macros: Readonly<Record<string, string>> = {}) {
      const indexed = index.get(key, version, format, () => text);
      const before = checker.counts;
      const result = await checker.check({ key, indexed, format, macros, language: 'en' });
      const after = checker.counts;
      return {
        result,
        posted: after.postedCharacters - before.postedCharacters,
        /** Whether the worker scanned the note again only around the changes. */
        rescanned: after.workerRescans - before.workerRescans === 1,
      };
    },
  };
}

describe('checks worker kept in step by the changes posted', () => {
  const checkers: WorkerChecker[] = [];
  const newChecker = () => {
    const checker = new WorkerChecker(WORKER, () => Promise.reject(new Error('no notebooks here')));
    checkers.push(checker);
    return checker;
  };
  after(() => {
    for (const c of checkers) c.dispose();
  });

  it('finds after random edits what a check of the whole final text finds, posting only the changes', async () => {
    const checker = newChecker();
    const random = new Prng(11);
    const [NOTES, ROUNDS] = [5, 10];
    let findings = 0;
    let printed = 0;
    // Several notes edited in turn from the same start, so that the edits do not leave a note of noise.
    for (let k = 0; k < NOTES; k++) {
      const n = note(checker, `a${k}`, NOTE);
      const first = await n.check();
      assert.equal(first.posted, NOTE.length);
      assert.deepEqual(first.result, await fromScratch(n.text, 'markdown'));
      for (let round = 0; round < ROUNDS; round++) {
        let inserted = 0;
        for (let events = 1 + random.int(4); events > 0; events--) {
          const changes: TextChange[] = [];
          let text = n.text;
          for (let c = 1 + (random.next() < 0.3 ? random.int(3) : 0); c > 0; c--) {
            const change = randomChange(random, text);
            changes.push(change);
            text = apply(text, change);
            inserted += change.text.length;
          }
          n.edit(changes);
        }
        const { result, posted, rescanned } = await n.check();
        const at = `note ${k}, round ${round}`;
        assert.equal(posted, inserted, `${at}: only the changes are posted`);
        assert.ok(rescanned, `${at}: scanned again around the changes`);
        assert.deepEqual(result, await fromScratch(n.text, 'markdown'), at);
        findings += result?.findings.length ?? 0;
        printed += result?.printed.length ?? 0;
      }
      checker.forget(`a${k}`);
    }
    assert.ok(findings > NOTES * ROUNDS, `${findings} findings compared`);
    assert.ok(printed > NOTES * ROUNDS, `${printed} printed values compared`);
    assert.equal(checker.counts.workerRuns, NOTES * (ROUNDS + 1));
    assert.equal(checker.counts.workerRescans, NOTES * ROUNDS);
  });

  it('posts the whole text after a missed version, a version without changes, a close or another note', async () => {
    const checker = newChecker();
    const n = note(checker, 'b', NOTE);
    await n.check();

    // The missed change keeps the length: only the versions tell it was missed.
    n.edit([{ rangeOffset: 0, rangeLength: 0, text: 'x' }]);
    n.edit([{ rangeOffset: 1, rangeLength: 2, text: 'y$' }], { missed: true });
    n.edit([{ rangeOffset: 2, rangeLength: 0, text: 'z' }]);
    const gap = await n.check();
    assert.equal(n.text.slice(0, 5), 'xyz$Q');
    assert.equal(gap.posted, n.text.length);
    assert.equal(gap.rescanned, false);
    assert.deepEqual(gap.result, await fromScratch(n.text, 'markdown'));

    // Then the changes again, from the version posted whole.
    n.edit([{ rangeOffset: 0, rangeLength: 3, text: '' }]);
    const back = await n.check();
    assert.equal(back.posted, 0);
    assert.equal(back.rescanned, true);
    assert.deepEqual(back.result, await fromScratch(n.text, 'markdown'));

    n.unknownEdit(n.text.replaceAll('\n', '\r\n'));
    const lineEnds = await n.check();
    assert.equal(lineEnds.posted, n.text.length);
    assert.equal(lineEnds.rescanned, false);
    assert.deepEqual(lineEnds.result, await fromScratch(n.text, 'markdown'));

    // The same version checked again (a run dropped before) posts nothing; other macros are read from scratch.
    const macros = { '\\Km': 'K' };
    const again = await n.check(macros);
    assert.equal(again.posted, 0);
    assert.equal(again.rescanned, false);
    assert.deepEqual(again.result, await fromScratch(n.text, 'markdown', macros));
    const codes = (r: NoteCheckResult | null) => r?.findings.map((f) => f.code);
    assert.ok(codes(again.result)?.includes('AL001'));
    assert.ok(!codes(lineEnds.result)?.includes('AL001'));

    checker.forget('b');
    n.edit([{ rangeOffset: 0, rangeLength: 0, text: '$' }]);
    const closed = await n.check();
    assert.equal(closed.posted, n.text.length);
    assert.deepEqual(closed.result, await fromScratch(n.text, 'markdown'));

    // Another note is posted whole, and the first one's changes still go alone.
    const other = note(checker, 'c', '\\[ \\mathrm{softmax}(QK^\\top)V \\]\n', 'latex');
    const latex = await other.check();
    assert.equal(latex.posted, other.text.length);
    assert.deepEqual(latex.result, await fromScratch(other.text, 'latex'));
    n.edit([{ rangeOffset: 0, rangeLength: 1, text: '' }]);
    const last = await n.check();
    assert.equal(last.posted, 0);
    assert.equal(last.rescanned, true);
    assert.deepEqual(last.result, await fromScratch(n.text, 'markdown'));
  });

  it('posts the whole text again when the worker asks for it', async () => {
    const checker = new WorkerChecker(join(__dirname, '../support/resending-worker.cjs'), () =>
      Promise.reject(new Error('no notebooks here')),
    );
    checkers.push(checker);
    const n = note(checker, 'e', 'abc');
    assert.equal((await n.check()).posted, 3);
    n.edit([{ rangeOffset: 3, rangeLength: 0, text: 'd' }]);
    // The change, then the whole text the worker asked for, under the same request.
    const asked = await n.check();
    assert.deepEqual(asked, { result: { findings: [], printed: [] }, posted: 1 + 4, rescanned: false });
    assert.equal(checker.counts.workerRuns, 2);
  });

  it('asks for the whole text when the changes do not fit the text it holds', async () => {
    const worker = new Worker(WORKER);
    const replies: CheckerReply[] = [];
    let arrived: (() => void) | undefined;
    worker.on('message', (reply: CheckerReply) => {
      replies.push(reply);
      arrived?.();
    });
    const ask = async (id: number, version: number, text: Extract<WorkerRequest, { type: 'check' }>['text']) => {
      const replied = new Promise<void>((resolve) => {
        arrived = resolve;
      });
      const message: WorkerRequest = {
        type: 'check',
        id,
        key: 'd',
        version,
        text,
        format: 'markdown',
        macros: {},
        language: 'en',
      };
      worker.postMessage(message);
      await replied;
      return replies[replies.length - 1];
    };
    const insert = { rangeOffset: 0, rangeLength: 0, text: 'x' };
    try {
      // Nothing held yet.
      assert.deepEqual(await ask(1, 2, { base: 1, changes: [insert], length: NOTE.length + 1 }), {
        type: 'resend',
        id: 1,
      });
      assert.equal((await ask(2, 1, { whole: NOTE })).type, 'checked');
      // Another version than the one held, another length, a change past the end.
      assert.deepEqual(await ask(3, 3, { base: 2, changes: [insert], length: NOTE.length + 1 }), {
        type: 'resend',
        id: 3,
      });
      assert.equal((await ask(4, 1, { whole: NOTE })).type, 'checked');
      assert.deepEqual(await ask(5, 2, { base: 1, changes: [insert], length: NOTE.length + 2 }), {
        type: 'resend',
        id: 5,
      });
      // The text was dropped with that: even changes that would have fitted it are refused now.
      assert.deepEqual(await ask(6, 2, { base: 1, changes: [insert], length: NOTE.length + 1 }), {
        type: 'resend',
        id: 6,
      });
      assert.equal((await ask(7, 1, { whole: NOTE })).type, 'checked');
      const past = { rangeOffset: NOTE.length, rangeLength: 1, text: '' };
      assert.deepEqual(await ask(8, 2, { base: 1, changes: [past], length: NOTE.length - 1 }), {
        type: 'resend',
        id: 8,
      });
      // A whole text, then changes that fit it.
      assert.equal((await ask(9, 1, { whole: NOTE })).type, 'checked');
      const fits = await ask(10, 2, { base: 1, changes: [insert], length: NOTE.length + 1 });
      assert.equal(fits.type, 'checked');
      assert.deepEqual(fits.type === 'checked' && fits.result, await fromScratch(`x${NOTE}`, 'markdown'));
    } finally {
      await worker.terminate();
    }
  });
});
