import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fuzzScan } from '../../fuzz/scan.fuzz';

describe('scanner fuzzing', () => {
  it('survives a few thousand random and mutated documents', {
    timeout: 120_000,
  }, () => {
    const report = fuzzScan(3000, 20_240_601);
    assert.deepEqual(
      report.failures.map((f) => `${f.index}: ${f.problem}`),
      [],
    );
  });
});
