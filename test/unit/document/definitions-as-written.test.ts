import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scanDocument } from '../../../src/core/document/scan';

const names = (tex: string) =>
  scanDocument(`$$${tex}$$\n`, 'markdown').matrices.map((m) => [m.name, m.values.flat().map(String).join(' ')]);

describe('definitions as notes write them', () => {
  it('names the matrix at the end of a chain after the chain, and ends the chain at a separator', () => {
    assert.deepEqual(names('Q = X W_Q = \\begin{bmatrix}1\\end{bmatrix}'), [['Q', '1']]);
    assert.deepEqual(names('A = \\text{softmax}(S) = \\begin{bmatrix}1\\end{bmatrix}'), [['A', '1']]);
    assert.deepEqual(names('Q = XW, \\quad XW = \\begin{bmatrix}1\\end{bmatrix}'), [[null, '1']]);
    assert.deepEqual(names('Q = XW \\qquad X W = \\begin{bmatrix}1\\end{bmatrix}'), [[null, '1']]);
    assert.deepEqual(names('Q = XW \\\\ X W = \\begin{bmatrix}1\\end{bmatrix}'), [[null, '1']]);
  });

  it('reads \\approx, names in \\text and \\mathrm, bold names and subscripts', () => {
    assert.deepEqual(
      names(
        [
          'S_{\\mathrm{scaled}} \\approx \\begin{bmatrix}0.5\\end{bmatrix}',
          '\\text{Scores} = \\begin{bmatrix}2\\end{bmatrix}',
          '\\mathrm{Attn} \\approx \\begin{bmatrix}3\\end{bmatrix}',
          '\\mathbf{K} = \\begin{bmatrix}4\\end{bmatrix}',
        ].join(', \\quad '),
      ),
      [
        ['S_{scaled}', '0.5'],
        ['Scores', '2'],
        ['Attn', '3'],
        ['K', '4'],
      ],
    );
    // Words in \text that no assignment follows stay prose.
    assert.deepEqual(names('\\text{where } d = \\begin{bmatrix}1\\end{bmatrix}'), [['d', '1']]);
  });

  it('reads -\\infty, −∞ and -inf in a mask', () => {
    assert.deepEqual(names('M = \\begin{bmatrix}0 & -\\infty & −∞ & -inf & \\infty\\end{bmatrix}'), [
      ['M', '0 -Infinity -Infinity -Infinity Infinity'],
    ]);
  });
});
