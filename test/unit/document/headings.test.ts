import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DocumentIndex } from '../../../src/core/document/document-index';
import { findHeadings } from '../../../src/core/document/headings';
import { LineIndex } from '../../../src/core/document/positions';
import { scanDocument } from '../../../src/core/document/scan';
import { corpusFiles, corpusSkipReason } from '../../support/corpus';
import { Prng } from '../../support/prng';

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

  it('reads an edited note again around the edit only, with the same result as reading it whole', () => {
    const pieces = [
      '# Title',
      'Intro',
      '===',
      '---',
      '',
      '```',
      '# code',
      '~~~',
      '```',
      '$$',
      '# tex',
      '$$',
      '  ## x #',
    ];
    const chars = ['\n', '\n\n', '#', '`', '~', '=', '-', ' ', 'a', '$', '\r\n', '\r'];
    const random = new Prng(20_261_205);
    for (let note = 0; note < 300; note++) {
      let text = Array.from({ length: 5 + random.int(40) }, () => random.pick(pieces)).join(
        random.pick(['\n', '\n\n']),
      );
      const index = new DocumentIndex();
      let version = 1;
      index.get('note', version, 'markdown', () => text);
      for (let edit = 0; edit < 8; edit++) {
        const at = random.int(text.length + 1);
        const removed = Math.min(random.int(4), text.length - at);
        const inserted = Array.from({ length: random.int(4) }, () => random.pick(chars)).join('');
        text = text.slice(0, at) + inserted + text.slice(at + removed);
        index.edit('note', ++version, [{ rangeOffset: at, rangeLength: removed, text: inserted }]);
        const { scan, lines } = index.get('note', version, 'markdown', () => text);
        // Not read at every version: the next reading covers the edits since the last one.
        if (random.next() < 0.3) continue;
        const whole = findHeadings(text, 'markdown', scan.regions);
        assert.deepEqual(findHeadings(text, 'markdown', scan.regions, lines), whole, JSON.stringify(text));
        // Asked again at the same version (the cursor moved), the reading is reused.
        assert.deepEqual(findHeadings(text, 'markdown', scan.regions, lines), whole);
      }
    }
  });

  it('reads an earlier version whole once a later one was read from it, as its reading moved on', () => {
    const before = '# One\n\n```\ncode\n```\n\n## Two\n\n```\nmore\n```\n\n# Three\n';
    const at = before.indexOf('## Two');
    const after = `${before.slice(0, at)}# Half\n\n${before.slice(at)}`;
    const earlier = new LineIndex(before);
    const regions = scanDocument(before, 'markdown').regions;
    const expected = findHeadings(before, 'markdown', regions);
    assert.deepEqual(findHeadings(before, 'markdown', regions, earlier), expected);
    const later = earlier.edited(after, at, at, at + 8);
    assert.deepEqual(
      findHeadings(after, 'markdown', [], later).map((h) => [h.text, h.offset]),
      ['# One', '# Half', '## Two', '# Three'].map((h) => [h.replace(/#+ /, ''), after.indexOf(h)]),
    );
    assert.deepEqual(findHeadings(before, 'markdown', regions, earlier), expected);
    assert.deepEqual(findHeadings(before, 'markdown', regions, earlier.edited(before, at, at, at)), expected);
  });
});
