// `npm run corpus [FOLDER...]`: the real-notes measurement (see real-notes.ts), by default on ../shared/real-notes.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { terminalSafe } from '../../src/cli/terminal-text';
import { formatReport, measureFolder, realNotesDir } from './real-notes';

const folders = process.argv.slice(2).map((f) => resolve(f));
for (const folder of folders.length > 0 ? folders : [realNotesDir]) {
  if (!existsSync(folder)) {
    console.error(`corpus: folder ${folder} is absent`);
    process.exitCode = 1;
    continue;
  }
  // Findings quote the notes: their control characters are shown, never sent to the terminal.
  process.stdout.write(terminalSafe(formatReport(measureFolder(folder))));
}
