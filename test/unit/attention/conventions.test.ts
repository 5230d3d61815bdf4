import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyFormula } from '../../../src/core/attention/classify';
import {
  dimensionKind,
  isKeyWidth,
  isOutputProjection,
  isSequenceLength,
  isSoftmaxForm,
  namesCrossAttention,
  normaliseDimension,
  roleOfLetter,
  softmaxAxisOf,
} from '../../../src/core/attention/conventions';

describe('attention conventions', () => {
  it('normalises dimension names as symbol names are normalised', () => {
    assert.equal(normaliseDimension('d_{k}'), 'd_k');
    assert.equal(normaliseDimension('d_{\\text{model}}'), 'd_{model}');
    assert.equal(normaliseDimension('d_\\mathrm{head}'), 'd_{head}');
    assert.equal(normaliseDimension(' n '), 'n');
  });

  it('knows which names are widths, lengths and head counts', () => {
    const kinds = ['d_k', 'd', 'd_{head}', 'd_v', 'D', 'h', 'l_q', 'T_y', 'l_k', 'S_k', 'n', 'L', 'x'].map(
      dimensionKind,
    );
    assert.deepEqual(kinds, [
      'key-width',
      'key-width',
      'key-width',
      'value-width',
      'model-width',
      'heads',
      'query-length',
      'query-length',
      'key-length',
      'key-length',
      'length',
      'length',
      null,
    ]);
    assert.ok(isKeyWidth('d_{\\mathrm{k}}'));
    assert.ok(isSequenceLength('l_{k}') && isSequenceLength('N') && !isSequenceLength('d_k'));
  });

  it('names roles, output projections, the softmax axis and cross-attention', () => {
    assert.deepEqual(['Q', 'k', 'V', 'M', 'W'].map(roleOfLetter), ['query', 'key', 'value', 'mask', null]);
    assert.ok(isOutputProjection({ base: 'W', sub: null, sup: 'O' }));
    assert.ok(isOutputProjection({ base: 'W', sub: 'out', sup: null }));
    assert.ok(!isOutputProjection({ base: 'W', sub: 'i', sup: 'Q' }));
    assert.deepEqual(['row', '{j}', 'dim=-1', 'col', 'i', null].map(softmaxAxisOf), [
      'rows',
      'rows',
      'rows',
      'columns',
      null,
      null,
    ]);
    assert.ok(namesCrossAttention('CrossAttention') && namesCrossAttention('交叉注意力'));
    assert.ok(!namesCrossAttention('SelfAttention'));
  });

  it('tells softmax attention with steps from a score, the logits alone or softmax of named logits', () => {
    const forms = [
      'softmax(QK^T/\\sqrt{d_k} + M)V',
      'q^\\top k / \\sqrt{d}',
      'S = QK^\\top / \\sqrt{d_k}',
      'A = \\mathrm{softmax}(S)',
    ].map((tex) => isSoftmaxForm(classifyFormula(tex)));
    assert.deepEqual(forms, [true, false, false, false]);
  });
});
