// `attention-lens check` over a folder of a few hundred real-sized notes, end to end (Node's start-up, loading the
// bundle, reading, scanning, diagnosing, printing), beside a fresh Node process that reads the same files and parses
// each with markdown-it. The folder is made at run time from the shared corpus and real notes, each copy under its
// own name with its own first line, and removed afterwards.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { root } from '../harness/code-server';
import { fmtMs, report } from './measure';

const MB = 1024 * 1024;
const SOURCES = [join(root, '../shared/corpus'), join(root, '../shared/real-notes')];
const READ = new Set(['.md', '.tex', '.txt', '.ipynb']);
const COPIES = 9;

/** Copies of every source note; a Markdown or LaTeX copy gets a first line of its own (a notebook stays valid JSON). */
function makeFolder(): { dir: string; files: number; bytes: number } {
  const dir = mkdtempSync(join(tmpdir(), 'attention-lens-check-'));
  let files = 0;
  let bytes = 0;
  for (const source of SOURCES)
    for (const name of readdirSync(source)) {
      const ext = extname(name);
      if (!READ.has(ext) || name === 'README.md') continue;
      const text = readFileSync(join(source, name), 'utf8');
      for (let copy = 1; copy <= COPIES; copy++) {
        const own = ext === '.ipynb' ? text : `${ext === '.tex' ? `% copy ${copy}` : `<!-- copy ${copy} -->`}\n${text}`;
        const file = join(dir, `${copy}-${name}`);
        writeFileSync(file, own);
        files++;
        bytes += statSync(file).size;
      }
    }
  return { dir, files, bytes };
}

const BASELINE = `
const fs = require('node:fs');
const md = require('markdown-it')();
const dir = process.argv[1];
for (const f of fs.readdirSync(dir).sort()) md.parse(fs.readFileSync(dir + '/' + f, 'utf8'), {});
`;

/**
 * Median wall time of `runs` runs of a Node process with `args`, started from the repository; `check` says whether
 * a run's output shows it did the whole work (exit code 1 means findings, but also an uncaught error).
 */
function timeProcess(args: string[], runs: number, check: (output: string) => boolean): number {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const result = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 256 * MB });
    samples.push(performance.now() - t0);
    if (!check(`${result.stdout}${result.stderr}`))
      throw new Error(`${args.join(' ')} exited with ${result.status}: ${result.stderr.slice(-2000)}`);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

export function run(): void {
  const { dir, files, bytes } = makeFolder();
  try {
    const ours = timeProcess([join(root, 'dist/cli.js'), 'check', dir], 5, (out) =>
      new RegExp(`\\bin ${files} files\\b`).test(out),
    );
    const baseline = timeProcess(['-e', BASELINE, dir], 5, (out) => out === '');
    const rate = (ms: number) => `${(bytes / MB / (ms / 1000)).toFixed(1)} MB/s (${fmtMs(ms)})`;
    console.log(`folder: ${files} notes, ${(bytes / MB).toFixed(1)} MB`);
    report({
      name: 'check over a folder, start-up included',
      ours: rate(ours),
      baselineName: 'node + markdown-it parse of the same files',
      baseline: rate(baseline),
      ratio: baseline / ours,
      goal: 'at least 10 MB/s',
      met: bytes / MB / (ours / 1000) >= 10,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
