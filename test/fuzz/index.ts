// `npm run fuzz -- [--seconds S] [--count N] [--seed X] [--case I] [--scan-count N]`
// First the scanner alone (--scan-count documents, default 100,000, and its linearity checks), then small notes
// through scan, translate, classify and evaluate until --count cases (default 1,000,000) or --seconds (default
// 900) pass. Prints throughput per stage; each failing input is saved to test-results/ with its seed and case
// number, and `--seed X --case I` runs that one case again. Exits with 1 on any failure.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fuzzPipeline, type PipelineFailure, STAGES } from './pipeline.fuzz';
import { fuzzScan, LINEARITY_BOUND, linearity } from './scan.fuzz';

function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  if (at === -1) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} needs a number, not '${process.argv[at + 1]}'`);
  return value;
}

const seed = flag('seed', Date.now() % 1_000_000);
const replay = process.argv.includes('--case');
const resultsDir = resolve(__dirname, '../../test-results');
const rate = (n: number, ms: number) => `${Math.round(n / (ms / 1000)).toLocaleString('en')}/s`;

/** Writes the failing input, byte for byte after the header, so it can be opened or fed to the CLI. */
function save(f: PipelineFailure): string {
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `fuzz-failure-${f.seed}-${f.index}.txt`);
  const header = [
    `seed ${f.seed}, case ${f.index}, ${f.format}, failed in ${f.stage}`,
    `replay: npm run fuzz -- --seed ${f.seed} --case ${f.index}`,
    f.problem,
    '--- input ---',
  ];
  writeFileSync(file, `${header.join('\n')}\n${f.text}`);
  return file;
}

let failed = false;

if (!replay) {
  // Far beyond any linear cost for a few kilobytes: treat as a stall.
  const scan = fuzzScan(flag('scan-count', 100_000), seed, { stallMs: 2000 });
  const linear = linearity();
  console.log(
    `scan fuzz, seed ${seed}: ${scan.cases.toLocaleString('en')} documents, ${(scan.characters / 1e6).toFixed(1)} M characters in ${(scan.ms / 1000).toFixed(1)} s (${rate(scan.cases, scan.ms)} documents, ${(scan.characters / 1e3 / scan.ms).toFixed(1)} M characters/s)`,
  );
  for (const l of linear)
    console.log(
      `  linear: ${l.name.padEnd(22)} n=${l.n}: ${l.msN.toFixed(2)} ms, 2n: ${l.ms2N.toFixed(2)} ms, ratio ${l.ratio.toFixed(2)} (bound ${LINEARITY_BOUND})`,
    );
  for (const f of scan.failures.slice(0, 10))
    console.log(
      `  FAILED case ${f.index} (seed ${f.seed}): ${f.problem}\n    input: ${JSON.stringify(f.text.slice(0, 300))}`,
    );
  const slow = linear.filter((l) => l.ratio > LINEARITY_BOUND);
  if (scan.failures.length > 0 || slow.length > 0) {
    console.log(`${scan.failures.length} failures, ${slow.length} non-linear inputs`);
    failed = true;
  }
}

const target = replay ? 1 : flag('count', 1_000_000);
const seconds = flag('seconds', 900);
const pipeline = fuzzPipeline(seed, { count: target, seconds, from: replay ? flag('case', 0) : 0 });
console.log(
  `pipeline fuzz, seed ${seed}: ${pipeline.cases.toLocaleString('en')} notes (${(pipeline.characters / 1e6).toFixed(1)} M characters) in ${(pipeline.ms / 1000).toFixed(1)} s, ${rate(pipeline.cases, pipeline.ms)}` +
    (pipeline.cases < target ? `; stopped by the ${seconds} s budget before ${target.toLocaleString('en')}` : ''),
);
for (const stage of STAGES) {
  const { ms, inputs } = pipeline.stages[stage];
  const unit = stage === 'translate' || stage === 'classify' ? 'formulas' : 'notes';
  console.log(
    `  ${stage.padEnd(9)} ${inputs.toLocaleString('en').padStart(11)} ${unit.padEnd(8)} ${(ms / 1000).toFixed(1).padStart(7)} s  ${rate(inputs, ms)}`,
  );
}
for (const f of pipeline.failures.slice(0, 20))
  console.log(`  FAILED case ${f.index} in ${f.stage}: ${f.problem.split('\n')[0]}\n    saved to ${save(f)}`);
if (pipeline.failures.length > 0) {
  console.log(`${pipeline.failures.length} failing notes`);
  failed = true;
}
process.exitCode = failed ? 1 : 0;
