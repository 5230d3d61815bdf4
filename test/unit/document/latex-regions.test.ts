import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scanDocument } from '../../../src/core/document/scan';

const regions = (text: string) => scanDocument(text, 'latex').regions.map((r) => [r.kind, r.delimiter, r.tex]);

describe('latex regions', () => {
  it('finds $, $$, \\( \\) and \\[ \\]', () => {
    assert.deepEqual(regions('a $x$ b $$y$$ c \\(z\\) d \\[w\\]'), [
      ['inline', '$', 'x'],
      ['display', '$$', 'y'],
      ['inline', '\\(', 'z'],
      ['display', '\\[', 'w'],
    ]);
  });

  it('finds display environments, starred forms and math nested in them', () => {
    const text =
      '\\begin{equation}\nQ = \\begin{bmatrix}1\\end{bmatrix}\n\\end{equation}\n\\begin{align*}a&=b\\end{align*}';
    assert.deepEqual(regions(text), [
      ['display', '\\begin{equation}', '\nQ = \\begin{bmatrix}1\\end{bmatrix}\n'],
      ['display', '\\begin{align*}', 'a&=b'],
    ]);
    assert.deepEqual(
      regions('\\begin{gather}x\\end{gather}\\begin{multline*}y\\end{multline*}\\begin{math}z\\end{math}'),
      [
        ['display', '\\begin{gather}', 'x'],
        ['display', '\\begin{multline*}', 'y'],
        ['inline', '\\begin{math}', 'z'],
      ],
    );
  });

  it('skips comments but not \\%', () => {
    assert.deepEqual(regions('% $a$\n50\\% of $b$ % $c$\n$d % $e$\n$'), [
      ['inline', '$', 'b'],
      ['inline', '$', 'd % $e$\n'],
    ]);
    assert.deepEqual(regions('\\begin{equation}x % \\end{equation}\n\\end{equation}'), [
      ['display', '\\begin{equation}', 'x % \\end{equation}\n'],
    ]);
  });

  it('skips verbatim, lstlisting, minted and comment environments, and \\verb', () => {
    const text = [
      '\\begin{verbatim}$a$\\end{verbatim}',
      '\\begin{lstlisting}$b$\\end{lstlisting}',
      '\\begin{minted}{python}$c$\\end{minted}',
      '\\begin{comment}$d$\\end{comment}',
      '\\verb|$e$| \\verb*+$f$+ $g$',
    ].join('\n');
    assert.deepEqual(regions(text), [['inline', '$', 'g']]);
  });

  it('treats \\$ as a dollar sign, in text and in math', () => {
    assert.deepEqual(regions('costs \\$5 and $x\\$$'), [['inline', '$', 'x\\$']]);
  });

  it('reports unclosed math and stops inline math at a blank line', () => {
    const doc = scanDocument('$a\n\nb$ c', 'latex');
    assert.deepEqual(doc.regions, []);
    assert.deepEqual(
      doc.problems.map((p) => p.range.start),
      [
        { line: 0, character: 0 },
        { line: 2, character: 1 },
      ],
    );
    const unclosed = scanDocument('\\[ x\n\n \\begin{align} y', 'latex');
    assert.deepEqual(
      unclosed.problems.map((p) => [p.message, p.range.start]),
      [
        ['Math opened with \\[ is never closed', { line: 0, character: 0 }],
        ['\\begin{align} is never closed by \\end{align}', { line: 2, character: 1 }],
      ],
    );
  });

  it('collects macro definitions outside math', () => {
    const doc = scanDocument(
      '\\newcommand{\\R}{\\mathbb{R}}\n\\renewcommand\\vx[1]{\\mathbf{#1}}\n\\def\\d#1#2{#1_#2}\n\\DeclareMathOperator*{\\argmax}{arg\\,max}\n% \\newcommand{\\no}{x}',
      'latex',
    );
    assert.deepEqual(doc.macros, [
      { name: '\\R', params: 0, body: '\\mathbb{R}' },
      { name: '\\vx', params: 1, body: '\\mathbf{#1}' },
      { name: '\\d', params: 2, body: '#1_#2' },
      { name: '\\argmax', params: 0, body: '\\operatorname*{arg\\,max}' },
    ]);
  });
});
