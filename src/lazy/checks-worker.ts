// The Node host's checks worker: a worker thread that keeps the text of each note it is asked about, brought to
// each new version by the changes the host posts (posted-texts.ts), scans it again around them and runs the
// diagnostics and printed-value checks of checks.ts, so the extension host's thread does none of that work. Runs
// pause now and then to read new messages: a newer text of the same note, or word that it changed, drops the run
// going on.
import { parentPort } from 'node:worker_threads';
import { DocumentIndex } from '../core/document/document-index';
import { checkNote, timeSlicing } from './checks';
import { ReceivedTexts } from './posted-texts';
import type { CheckerReply, WorkerRequest } from './worker-protocol';

/** Long enough that pausing costs little, short enough that a stale run is dropped soon. */
const SLICE_MS = 50;

const port = parentPort;
if (!port) throw new Error('checks-worker.js runs as a worker thread');

type Check = Extract<WorkerRequest, { type: 'check' }>;
/** A check with the text it is of. */
interface Asked {
  check: Check;
  text: string;
}
/** The latest request of each note not yet started, and the run going on. */
const waiting = new Map<string, Asked>();
let running: { asked: Asked; dropped: boolean } | null = null;

/** Each note's text as last posted, and its last scan, read again around the changes that follow. */
const texts = new ReceivedTexts();
const index = new DocumentIndex();
/** The macros each note was scanned with: others make the next scan a whole one. */
const macrosOf = new Map<string, Readonly<Record<string, string>>>();

const reply = (message: CheckerReply) => port.postMessage(message);

port.on('message', (message: WorkerRequest) => {
  const older = waiting.get(message.key);
  if (older) reply({ type: 'dropped', id: older.check.id });
  waiting.delete(message.key);
  if (running?.asked.check.key === message.key) running.dropped = true;
  switch (message.type) {
    case 'check': {
      const text = received(message);
      if (text === null) {
        reply({ type: 'resend', id: message.id });
        break;
      }
      waiting.set(message.key, { check: message, text });
      if (!running) void drain();
      break;
    }
    case 'forget':
      texts.forget(message.key);
      index.forget(message.key);
      macrosOf.delete(message.key);
      break;
    case 'cancel':
      break;
  }
});

/**
 * The text of the version `check` is of, the changes it brings made to the one held and recorded for the next
 * scan; null when they do not fit it.
 */
function received(check: Check): string | null {
  const { key, version, text: update, macros } = check;
  const text = texts.receive(key, version, update);
  const scannedWith = macrosOf.get(key);
  if (text === null || 'whole' in update || !scannedWith || !sameMacros(scannedWith, macros)) {
    // The next scan reads the whole text.
    index.setDocumentMacros(key, macros);
    macrosOf.set(key, macros);
  } else index.edit(key, version, update.changes);
  return text;
}

function sameMacros(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const names = Object.keys(a);
  return names.length === Object.keys(b).length && names.every((name) => Object.hasOwn(b, name) && a[name] === b[name]);
}

async function drain(): Promise<void> {
  for (let [asked] = waiting.values(); asked; [asked] = waiting.values()) {
    const { check } = asked;
    waiting.delete(check.key);
    const run = { asked, dropped: false };
    running = run;
    try {
      reply((await checked(run)) ?? { type: 'dropped', id: check.id });
    } catch (err) {
      reply({ type: 'failed', id: check.id, message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    } finally {
      running = null;
    }
  }
}

async function checked(run: { asked: Asked; dropped: boolean }): Promise<CheckerReply | null> {
  const { check, text } = run.asked;
  const rescans = index.rescans;
  const indexed = index.get(check.key, check.version, check.format, () => text);
  const rescanned = index.rescans > rescans;
  const slicing = timeSlicing(
    SLICE_MS,
    () => new Promise((resolve) => setImmediate(resolve)),
    () => run.dropped,
  );
  // Messages that came during the scan are read first.
  await slicing.pause();
  if (run.dropped) return null;
  const note = {
    scan: indexed.scan,
    text: indexed.text,
    positionAt: (o: number) => indexed.positionAt(o),
    language: check.language,
  };
  const result = await checkNote(note, slicing);
  return result && !run.dropped ? { type: 'checked', id: check.id, result, rescanned } : null;
}
