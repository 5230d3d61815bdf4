// `tsx test/fuzz/index.ts [count] [seed]`: fuzzes the scanner (100,000 documents by default) and prints
// throughput and the linearity checks. Exits with 1 on any failure.
import { fuzzScan, LINEARITY_BOUND } from './scan.fuzz';

const count = Number(process.argv[2] ?? 100_000);
const seed = Number(process.argv[3] ?? Date.now() % 1_000_000);

const report = fuzzScan(count, seed);
const seconds = report.ms / 1000;
console.log(
  `scan fuzz, seed ${seed}: ${report.cases} documents, ${(report.characters / 1e6).toFixed(1)} M characters in ${seconds.toFixed(1)} s (${Math.round(report.cases / seconds)} documents/s, ${(report.characters / 1e6 / seconds).toFixed(1)} M characters/s)`,
);
for (const l of report.linearity)
  console.log(
    `  linear: ${l.name.padEnd(22)} n=${l.n}: ${l.msN.toFixed(2)} ms, 2n: ${l.ms2N.toFixed(2)} ms, ratio ${l.ratio.toFixed(2)} (bound ${LINEARITY_BOUND})`,
  );
for (const f of report.failures.slice(0, 10))
  console.log(
    `  FAILED case ${f.index} (seed ${f.seed}): ${f.problem}\n    input: ${JSON.stringify(f.text.slice(0, 300))}`,
  );
const slow = report.linearity.filter((l) => l.ratio > LINEARITY_BOUND);
if (report.failures.length > 0 || slow.length > 0) {
  console.log(`${report.failures.length} failures, ${slow.length} non-linear inputs`);
  process.exitCode = 1;
}
