// Messages between the Node host and its checks worker (checks-worker.ts).
import type { DocumentFormat } from '../core/document/document-model';
import type { Language } from '../core/i18n';
import type { NoteCheckResult } from './checker';

export type WorkerRequest =
  | {
      type: 'check';
      id: number;
      key: string;
      text: string;
      format: DocumentFormat;
      macros: Readonly<Record<string, string>>;
      language: Language;
    }
  /** The note's text changed: a run for it is dropped. */
  | { type: 'cancel'; key: string };

export type CheckerReply =
  | { type: 'checked'; id: number; result: NoteCheckResult }
  | { type: 'dropped'; id: number }
  | { type: 'failed'; id: number; message: string };
