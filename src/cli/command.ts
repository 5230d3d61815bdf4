// The shape every command-line subcommand has, and the small helpers they share.
import { extname } from 'node:path';
import type { DocumentFormat } from '../core/document/document-model';

export interface CliIO {
  out(text: string): void;
  err(text: string): void;
}

export interface CliCommand {
  /** One line for the command list. */
  summary: string;
  /** The full `--help` text. */
  help: string;
  /** Returns the exit code: 0 success, 1 findings or a failed request, 2 bad usage. */
  run(args: string[], io: CliIO): Promise<number> | number;
}

export class UsageError extends Error {}

/** `.tex` is LaTeX; `.md`, `.markdown`, `.txt` and anything else are Markdown. */
export function formatOf(path: string): DocumentFormat {
  return extname(path).toLowerCase() === '.tex' ? 'latex' : 'markdown';
}

export { jsonNumber } from '../core/numbers';
