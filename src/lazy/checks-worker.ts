// The Node host's checks worker: a worker thread that receives a note's text, scans it and runs the diagnostics
// and printed-value checks of checks.ts, so the extension host's thread does none of that work. Runs pause now and
// then to read new messages: a newer text of the same note, or word that it changed, drops the run going on.
import { parentPort } from 'node:worker_threads';
import { LineIndex } from '../core/document/positions';
import { scanWithLines } from '../core/document/scan';
import { checkNote, timeSlicing } from './checks';
import type { CheckerReply, WorkerRequest } from './worker-protocol';

/** Long enough that pausing costs little, short enough that a stale run is dropped soon. */
const SLICE_MS = 50;

const port = parentPort;
if (!port) throw new Error('checks-worker.js runs as a worker thread');

type Check = Extract<WorkerRequest, { type: 'check' }>;
/** The latest request of each note not yet started, and the run going on. */
const waiting = new Map<string, Check>();
let running: { check: Check; dropped: boolean } | null = null;

const reply = (message: CheckerReply) => port.postMessage(message);

port.on('message', (message: WorkerRequest) => {
  const older = waiting.get(message.key);
  if (older) reply({ type: 'dropped', id: older.id });
  waiting.delete(message.key);
  if (running?.check.key === message.key) running.dropped = true;
  if (message.type === 'check') {
    waiting.set(message.key, message);
    if (!running) void drain();
  }
});

async function drain(): Promise<void> {
  for (let [check] = waiting.values(); check; [check] = waiting.values()) {
    waiting.delete(check.key);
    const run = { check, dropped: false };
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

async function checked(run: { check: Check; dropped: boolean }): Promise<CheckerReply | null> {
  const { check } = run;
  const lines = new LineIndex(check.text);
  const scan = scanWithLines(check.text, check.format, { macros: check.macros }, lines);
  const slicing = timeSlicing(
    SLICE_MS,
    () => new Promise((resolve) => setImmediate(resolve)),
    () => run.dropped,
  );
  // Messages that came during the scan are read first.
  await slicing.pause();
  if (run.dropped) return null;
  const note = { scan, text: check.text, positionAt: (o: number) => lines.positionAt(o), language: check.language };
  const result = await checkNote(note, slicing);
  return result && !run.dropped ? { type: 'checked', id: check.id, result } : null;
}
