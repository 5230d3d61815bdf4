// The same 500-formula note as markdown-preview.bench.ts, opened in VS Code's built-in Markdown preview in the real
// workbench (code-server in Chromium): the time from the command to the preview showing every formula, and with the
// extension every worked example, beside the same workbench without the extension. The workbenches take turns, so a
// busy machine slows both alike; each opens the preview once (a note this long keeps the workbench busy for a
// while), and the median counts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { type Workbench, withWorkbench } from '../harness/e2e';
import { note } from './markdown-preview.bench';
import { fmtMs, median, report } from './measure';

const FORMULAS = 500;
const ROUNDS = 3;
const TIMEOUT_MS = 180_000;

/** Counts `selector` in every frame: the preview is a webview, an iframe inside an iframe. */
async function count(wb: Workbench, selector: string): Promise<number> {
  let total = 0;
  for (const frame of wb.page.frames() as Frame[])
    total += await frame
      .locator(selector)
      .count()
      .catch(() => 0);
  return total;
}

/** Milliseconds from the command to the preview showing all of the note (and its examples, `examples` of them). */
async function openPreview(wb: Workbench, examples: number): Promise<number> {
  await wb.openFile('long.md');
  const started = Date.now();
  await wb.runCommand('Markdown: Open Preview to the Side');
  for (;;) {
    // Each part of the note has two display formulas: the matrices and the attention formula.
    if (
      (await count(wb, '.katex-display')) >= 2 * FORMULAS &&
      (examples === 0 || (await count(wb, '.attention-lens .example')) >= examples)
    )
      return Date.now() - started;
    if (Date.now() - started > TIMEOUT_MS) throw new Error(`the preview did not show the note in ${TIMEOUT_MS} ms`);
    await wb.page.waitForTimeout(50);
  }
}

async function session(folder: string, withExtension: boolean): Promise<number> {
  const options = { folder, withoutExtension: !withExtension, settings: { 'files.autoSave': 'off' } };
  return withWorkbench(options, async (wb) => {
    const ms = await openPreview(wb, withExtension ? FORMULAS : 0);
    console.log(`  opened ${withExtension ? 'with' : 'without'} the extension in ${fmtMs(ms)}`);
    return ms;
  });
}

export async function run(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'attention-lens-md-bench-'));
  try {
    writeFileSync(join(folder, 'long.md'), note());
    const ours: number[] = [];
    const bare: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      bare.push(await session(folder, false));
      ours.push(await session(folder, true));
    }
    console.log(
      `  (openings with the extension: ${ours.map(fmtMs).join(', ')}; without: ${bare.map(fmtMs).join(', ')})`,
    );
    const ratio = median(ours) / median(bare);
    report({
      name: `built-in Markdown preview of a ${FORMULAS}-formula note in the workbench, every worked example shown`,
      ours: fmtMs(median(ours)),
      baselineName: 'the same preview without the extension',
      baseline: fmtMs(median(bare)),
      ratio,
      goal: 'within 1.5x',
      met: ratio <= 1.5,
    });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
