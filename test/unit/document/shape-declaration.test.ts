import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scanDocument } from '../../../src/core/document/scan';

const shapes = (tex: string) => scanDocument(`$${tex}$`, 'markdown').shapes.map((s) => [s.symbol, s.rows, s.cols]);
const scalars = (tex: string) => scanDocument(`$$${tex}$$`, 'markdown').scalars.map((s) => [s.symbol, s.value]);

describe('shape declarations', () => {
  it('reads the written forms of a real matrix space', () => {
    assert.deepEqual(shapes('Q \\in \\mathbb{R}^{l_q \\times d_k}'), [['Q', 'l_q', 'd_k']]);
    assert.deepEqual(shapes('\\mathbf{K}\\in\\mathbb R^{m\\times d}'), [['K', 'm', 'd']]);
    assert.deepEqual(shapes('X \\in \\mathbb{R}^{2 \\times 3}'), [['X', '2', '3']]);
    assert.deepEqual(shapes('W_i^Q \\in \\mathbb{R}^{d_{\\text{model}}\\times d_k}'), [
      ['W_i^Q', 'd_{\\text{model}}', 'd_k'],
    ]);
    assert.deepEqual(shapes('M\\in\\R^{n \\!\\times\\! n}'), [['M', 'n', 'n']]);
  });

  it('reads several declarations in one region, and lists sharing one', () => {
    assert.deepEqual(shapes('Q\\in\\mathbb{R}^{n\\times d}, K\\in\\mathbb{R}^{m\\times d}'), [
      ['Q', 'n', 'd'],
      ['K', 'm', 'd'],
    ]);
    assert.deepEqual(shapes('K, V \\in \\mathbb{R}^{m \\times d}'), [
      ['K', 'm', 'd'],
      ['V', 'm', 'd'],
    ]);
  });

  it('skips vectors, tensors, products and other sets', () => {
    assert.deepEqual(shapes('q \\in \\mathbb{R}^{d}'), []);
    assert.deepEqual(shapes('T \\in \\mathbb{R}^{n \\times a \\times b}'), []);
    assert.deepEqual(shapes('QK^T \\in \\mathbb{R}^{n \\times m}'), []);
    assert.deepEqual(shapes('z \\in \\mathbb{C}^{n \\times m}'), []);
  });

  it('places a declaration from its symbol to the end of the dimensions', () => {
    const [s] = scanDocument('中 $Q\\in\\mathbb{R}^{a\\times b}$', 'markdown').shapes;
    assert.deepEqual(
      [s.range.start, s.range.end, s.regionIndex],
      [{ line: 0, character: 3 }, { line: 0, character: 29 }, 0],
    );
  });
});

describe('scalar definitions', () => {
  it('reads numbers assigned to symbols', () => {
    assert.deepEqual(scalars('d_k = 64, \\quad h = 8 \\text{ heads}, \\; \\tau = 0.5.'), [
      ['d_k', 64],
      ['h', 8],
      ['\\tau', 0.5],
    ]);
  });

  it('ignores expressions that are not a single number', () => {
    assert.deepEqual(scalars('d = 2k'), []);
    assert.deepEqual(scalars('n = 2 + 1'), []);
    assert.deepEqual(scalars('a = b = c'), []);
  });
});
