import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scanDocument } from '../../../src/core/document/scan';
import { expandMacros } from '../../../src/core/tex/macros';

describe('macros', () => {
  it('collects definitions in Markdown math and uses them in later and the same regions', () => {
    const doc = scanDocument(
      '$\\newcommand{\\R}{\\mathbb{R}} Q \\in \\R^{n\\times d}$ and $K \\in \\R^{m\\times d}$',
      'markdown',
    );
    assert.deepEqual(doc.macros, [{ name: '\\R', params: 0, body: '\\mathbb{R}' }]);
    assert.deepEqual(
      doc.shapes.map((s) => [s.symbol, s.rows, s.cols, s.range.start.character, s.range.end.character]),
      [
        ['Q', 'n', 'd', 29, 49],
        ['K', 'm', 'd', 56, 76],
      ],
    );
  });

  it('expands user macros with parameters and optional defaults', () => {
    const doc = scanDocument('$\\mat{Q} = \\bm{1 & 2}$ $\\opt K \\in \\RR^{a\\times b}$', 'markdown', {
      macros: { '\\mat': '\\mathbf{#1}', '\\bm': '\\begin{bmatrix}#1\\end{bmatrix}', RR: '\\mathbb{R}' },
    });
    assert.deepEqual(
      doc.matrices.map((m) => [m.name, m.values, m.range.start.character, m.range.end.character]),
      [['Q', [[1, 2]], 11, 21]],
    );
    const withDefault = scanDocument(
      '$\\newcommand{\\opt}[2][X]{#1_#2} \\opt{1} \\in \\mathbb{R}^{a\\times b}$',
      'markdown',
    );
    assert.deepEqual(
      withDefault.shapes.map((s) => s.symbol),
      ['X_1'],
    );
  });

  it('stops runaway expansion with a problem instead of hanging', () => {
    const doc = scanDocument('$\\def\\a{\\a\\a} \\a$', 'markdown');
    assert.equal(doc.regions.length, 1);
    assert.match(doc.problems[0].message, /Macro expansion of \\a exceeded its limit/);
    assert.deepEqual(doc.problems[0].range.start, { line: 0, character: 0 });
    const bomb = expandMacros('\\b', 0, 2, new Map([['\\b', { name: '\\b', params: 0, body: '\\b\\b\\b\\b\\b\\b' }]]));
    assert.ok(bomb && 'problem' in bomb);
  });

  it('maps expanded offsets back to the source', () => {
    const source = 'x \\R y';
    const expansion = expandMacros(
      source,
      0,
      source.length,
      new Map([['\\R', { name: '\\R', params: 0, body: '\\mathbb{R}' }]]),
    );
    assert.ok(expansion && 'text' in expansion);
    assert.equal(expansion.text, 'x \\mathbb{R} y');
    assert.deepEqual(
      [0, 2, 5, 12, 13].map((o) => expansion.toSource(o)),
      [0, 2, 4, 4, 5],
    );
  });

  it('reports an unclosed definition', () => {
    const doc = scanDocument('\\newcommand{\\x}{abc', 'latex');
    assert.deepEqual(
      doc.problems.map((p) => p.message),
      ['The definition of \\x is not closed'],
    );
  });
});
