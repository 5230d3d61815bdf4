// A separate chunk: the diagnostics and printed-value checks of a note, run in steps of about one formula, so that
// whoever runs them can pause between steps and drop a run the text has overtaken. The Node host runs them in a
// worker thread (checks-worker.ts); the web-worker host, which cannot start one, and notebooks run them here, on
// the host's thread, in slices of a few milliseconds.
import { rememberPrintedChecks } from '../core/attention/printed-checks';
import { printedValueSteps } from '../core/attention/printed-values';
import { diagnosisSteps } from '../core/diagnose/diagnose';
import type { Position, ScannedDocument } from '../core/document/document-model';
import type { Language } from '../core/i18n';
import { type Checker, type CheckRequest, type NoteCheckResult, noCounts } from './checker';

/** How a run shares its thread. */
export interface Slicing {
  /** Asked after each step: whether this slice has had its share and the run should pause. */
  due(): boolean;
  /** Lets other work run; afterwards `stale` says whether the run is still wanted. */
  pause(): Promise<void>;
  stale(): boolean;
  /** Told the steps each slice ran, when it ends. */
  sliced?(steps: number): void;
}

/** Slices of `budgetMs` of work each. */
export function timeSlicing(budgetMs: number, pause: () => Promise<void>, stale: () => boolean): Slicing {
  let started = performance.now();
  return {
    due: () => performance.now() - started >= budgetMs,
    pause: async () => {
      await pause();
      started = performance.now();
    },
    stale,
  };
}

async function drive<T>(steps: Generator<void, T>, slicing: Slicing, done: { steps: number }): Promise<T | null> {
  let inSlice = 0;
  for (;;) {
    const step = steps.next();
    done.steps++;
    inSlice++;
    if (step.done) {
      slicing.sliced?.(inSlice);
      return step.value;
    }
    if (!slicing.due()) continue;
    slicing.sliced?.(inSlice);
    inSlice = 0;
    await slicing.pause();
    if (slicing.stale()) return null;
  }
}

export interface NoteText {
  scan: ScannedDocument;
  text: string;
  positionAt?: (offset: number) => Position;
  language: Language;
}

/** The findings and printed-value checks of a scanned note; null when `slicing` said it went stale. */
export async function checkNote(
  note: NoteText,
  slicing: Slicing,
  done = { steps: 0 },
): Promise<NoteCheckResult | null> {
  const { scan, text, positionAt, language } = note;
  const printed = await drive(printedValueSteps(scan, { text }), slicing, done);
  if (printed === null) return null;
  rememberPrintedChecks(scan, printed);
  const findings = await drive(
    diagnosisSteps(scan, { text, language, positionAt, printedValues: printed }),
    slicing,
    done,
  );
  return findings && { findings, printed };
}

/** Short enough that typing stays smooth while a large note is checked on the same thread. */
const HOST_SLICE_MS = 8;

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Checks on the host's own thread, in slices of a few milliseconds. */
export function inThreadChecker(): Checker {
  const counts = noCounts();
  const generation = new Map<string, number>();
  const bump = (key: string) => {
    const next = (generation.get(key) ?? 0) + 1;
    generation.set(key, next);
    return next;
  };
  return {
    get counts() {
      return { ...counts };
    },
    async check(request: CheckRequest) {
      const mine = bump(request.key);
      const stale = () => generation.get(request.key) !== mine;
      const slicing: Slicing = {
        ...timeSlicing(HOST_SLICE_MS, nextTask, stale),
        sliced: (steps) => {
          counts.hostSlices++;
          counts.longestSlice = Math.max(counts.longestSlice, steps);
        },
      };
      // Started in a task of its own, not in whatever asked for it.
      await nextTask();
      const done = { steps: 0 };
      const { indexed, language } = request;
      const result = stale()
        ? null
        : await checkNote(
            { scan: indexed.scan, text: indexed.text, positionAt: (o) => indexed.positionAt(o), language },
            slicing,
            done,
          );
      counts.hostSteps += done.steps;
      if (result === null) counts.dropped++;
      else if (!stale()) generation.delete(request.key);
      return result;
    },
    cancel: (key) => void bump(key),
    // The text of each check is read where it runs, from the request: nothing is kept per note.
    edited: () => {},
    forget: () => {},
    dispose: () => generation.clear(),
  };
}
