import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fuzzCase, fuzzPipeline } from '../fuzz/pipeline.fuzz';

describe('core pipeline fuzzing', () => {
  it('takes a fixed slice of generated and mutated notes through scan, translate, classify and evaluate', {
    timeout: 120_000,
  }, () => {
    const report = fuzzPipeline(20_240_601, { count: 1500 });
    assert.equal(report.cases, 1500);
    assert.deepEqual(
      report.failures.map((f) => `case ${f.index} in ${f.stage}: ${f.problem}`),
      [],
    );
    assert.ok(report.stages.evaluate.inputs === 1500 && report.stages.classify.inputs > 1500);
  });

  it('rebuilds a case from its seed and number alone, so a saved failure replays', () => {
    assert.deepEqual(fuzzCase(7, 41), fuzzCase(7, 41));
    assert.notDeepEqual(fuzzCase(7, 41), fuzzCase(7, 42));
  });
});
