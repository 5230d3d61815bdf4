// The shared corpus of real documents lives beside the project, not in it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const corpusDir = resolve(__dirname, '../../../shared/corpus');

/** The corpus files (not its README), or null with a clear reason when the folder is absent. */
export function corpusFiles(): { name: string; text: string }[] | null {
  if (!existsSync(corpusDir)) return null;
  return readdirSync(corpusDir)
    .filter((name) => name !== 'README.md')
    .sort()
    .map((name) => ({ name, text: readFileSync(join(corpusDir, name), 'utf8') }));
}

export const corpusSkipReason = `corpus folder ${corpusDir} is absent`;
