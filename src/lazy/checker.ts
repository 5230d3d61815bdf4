// What the host asks of whoever checks its notes (a worker thread in the Node host, the host's own thread in the
// web-worker host and for notebooks), and what comes back. Types only: the checks themselves load on first use.
import type { PrintedValueCheck } from '../core/attention/printed-values';
import type { Finding } from '../core/diagnose/findings';
import type { IndexedDocument } from '../core/document/document-index';
import type { DocumentFormat } from '../core/document/document-model';
import type { TextChange } from '../core/document/incremental-scan';
import type { Language } from '../core/i18n';

/** The diagnostics of a note and its printed-value checks, at one version. */
export interface NoteCheckResult {
  findings: Finding[];
  printed: PrintedValueCheck[];
}

export interface CheckRequest {
  /** The document's key: a newer request for the same key makes an older one stale. */
  key: string;
  indexed: IndexedDocument;
  format: DocumentFormat;
  /** The macros the note is read with besides its own definitions. */
  macros: Readonly<Record<string, string>>;
  language: Language;
}

/** What the checks have cost the host's own thread, and how many ran elsewhere: read by tests, never timed. */
export interface CheckCounts {
  /** Steps (about one formula each) run on the host's thread. */
  hostSteps: number;
  /** Tasks the host's thread ran them in, and the most steps any one of them ran. */
  hostSlices: number;
  longestSlice: number;
  /** Runs finished in the worker thread, and characters of text posted to it (whole texts, or changes to them). */
  workerRuns: number;
  /** Of those, the runs whose note the worker scanned again only around the changes posted. */
  workerRescans: number;
  postedCharacters: number;
  /** Runs dropped because the text changed before they finished. */
  dropped: number;
}

export interface Checker {
  /** The checks of the request's text; null when a newer request or `cancel` made it stale first. */
  check(request: CheckRequest): Promise<NoteCheckResult | null>;
  /** The text of `key` changed: a run still going for it is dropped. */
  cancel(key: string): void;
  /**
   * The changes the editor reported that made `key` reach `version`, for a checker that keeps the texts it checks
   * up to date from them; none when it could not say what changed.
   */
  edited(key: string, version: number, changes: readonly TextChange[]): void;
  /** Document `key` closed: whatever was kept for it is forgotten. */
  forget(key: string): void;
  /** The counts so far, as a copy. */
  readonly counts: CheckCounts;
  dispose(): void;
}

export const noCounts = (): CheckCounts => ({
  hostSteps: 0,
  hostSlices: 0,
  longestSlice: 0,
  workerRuns: 0,
  workerRescans: 0,
  postedCharacters: 0,
  dropped: 0,
});
