// Messages between the Node host and its checks worker (checks-worker.ts).
import type { DocumentFormat } from '../core/document/document-model';
import type { Language } from '../core/i18n';
import type { NoteCheckResult } from './checker';
import type { TextUpdate } from './posted-texts';

export type WorkerRequest =
  | {
      type: 'check';
      id: number;
      key: string;
      /** The version checked, and what makes the worker's text of `key` that version's. */
      version: number;
      text: TextUpdate;
      format: DocumentFormat;
      macros: Readonly<Record<string, string>>;
      language: Language;
    }
  /** The note's text changed: a run for it is dropped. */
  | { type: 'cancel'; key: string }
  /** The note closed: its text and scan are forgotten. */
  | { type: 'forget'; key: string };

export type CheckerReply =
  /** `rescanned`: the note was scanned again only around the changes since its last scan. */
  | { type: 'checked'; id: number; result: NoteCheckResult; rescanned: boolean }
  | { type: 'dropped'; id: number }
  /** The changes posted do not fit the worker's text: the check is posted again with the whole text. */
  | { type: 'resend'; id: number }
  | { type: 'failed'; id: number; message: string };
