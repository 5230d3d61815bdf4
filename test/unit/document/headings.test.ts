import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findHeadings } from '../../../src/core/document/headings';
import { scanDocument } from '../../../src/core/document/scan';
import { corpusFiles, corpusSkipReason } from '../../support/corpus';

const headingsOf = (text: string, format: 'markdown' | 'latex' = 'markdown') =>
  findHeadings(text, format, scanDocument(text, format).regions).map(({ level, text: t, line }) => [level, t, line]);

describe('headings', () => {
  it('reads ATX and setext headings, with levels relative to the ones used', () => {
    const text = ['## Scores ##', 'text', 'Weights', '-------', '', '### Output', '', 'Intro', '======'].join('\n');
    assert.deepEqual(headingsOf(text), [
      [2, 'Scores', 0],
      [2, 'Weights', 2],
      [3, 'Output', 5],
      [1, 'Intro', 7],
    ]);
  });

  it('skips code blocks, front matter and math', () => {
    const text = [
      '---',
      'title: x',
      '---',
      '```python',
      '# comment',
      '```',
      '$$',
      '# not a heading',
      '$$',
      '# Real',
    ].join('\n');
    assert.deepEqual(headingsOf(text), [[1, 'Real', 9]]);
  });

  it('reads LaTeX sectioning commands, starred and with a short title, but not in comments', () => {
    const text = [
      '\\section{Attention}',
      '% \\section{Hidden}',
      '\\subsection*[short]{Cross-attention with $l_q \\ne l_k$}',
    ].join('\n');
    assert.deepEqual(headingsOf(text, 'latex'), [
      [1, 'Attention', 0],
      [2, 'Cross-attention with $l_q \\ne l_k$', 2],
    ]);
  });

  it('finds the d2l chapter headings', { skip: corpusFiles() ? false : corpusSkipReason }, () => {
    const file = corpusFiles()!.find((f) => f.name === 'd2l-multihead-attention.md')!;
    const headings = headingsOf(file.text);
    assert.ok(headings.length >= 3);
    assert.equal(headings[0][0], 1);
    assert.ok(headings.every(([, t]) => !String(t).startsWith('import')));
  });
});
