import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fuzzScan, LINEARITY_BOUND } from '../fuzz/scan.fuzz';

describe('scanner fuzzing', () => {
  it('survives a few thousand random and mutated documents and stays linear on adversarial input', {
    timeout: 120_000,
  }, () => {
    const report = fuzzScan(3000, 20_240_601);
    assert.deepEqual(
      report.failures.map((f) => `${f.index}: ${f.problem}`),
      [],
    );
    for (const l of report.linearity)
      assert.ok(l.ratio <= LINEARITY_BOUND, `${l.name}: ${l.msN.toFixed(2)} ms for n, ${l.ms2N.toFixed(2)} ms for 2n`);
  });
});
