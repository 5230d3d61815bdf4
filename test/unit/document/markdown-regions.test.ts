import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scanDocument } from '../../../src/core/document/scan';

/** [delimiter, tex] of every region, for compact exact expectations. */
const regions = (text: string) => scanDocument(text, 'markdown').regions.map((r) => [r.delimiter, r.tex]);
const problems = (text: string) => scanDocument(text, 'markdown').problems.map((p) => p.message);

describe('markdown regions: delimiters', () => {
  it('finds inline $, display $$ on one line and over several lines', () => {
    assert.deepEqual(regions('a $x^2$ b $$y$$ c'), [
      ['$', 'x^2'],
      ['$$', 'y'],
    ]);
    assert.deepEqual(regions('text\n\n$$\nQ K^T\n$$\n'), [['$$', '\nQ K^T\n']]);
  });

  it('lets a $$ block opened at a line start run across blank lines', () => {
    assert.deepEqual(regions('$$\na\n\nb\n$$'), [['$$', '\na\n\nb\n']]);
  });

  it('finds \\( \\), \\[ \\], $` `$ and ```math fences', () => {
    assert.deepEqual(regions('a \\(x\\) b \\[y\\] c $`z`$'), [
      ['\\(', 'x'],
      ['\\[', 'y'],
      ['$`', 'z'],
    ]);
    assert.deepEqual(regions('```math\na = b\nc\n```\n'), [['```math', 'a = b\nc']]);
    assert.deepEqual(regions('~~~~math\nx\n~~~~\n'), [['~~~~math', 'x']]);
  });

  it('finds bare display environments at a line start', () => {
    assert.deepEqual(regions('Text\n\\begin{align*}\na &= b\n\\end{align*}\nafter $c$'), [
      ['\\begin{align*}', '\na &= b\n'],
      ['$', 'c'],
    ]);
    assert.deepEqual(regions('\\begin{itemize}\n$x$\n\\end{itemize}'), [['$', 'x']]);
  });

  it('gives kinds: $, \\( and $` inline; the rest display', () => {
    const kinds = scanDocument('$a$ \\(b\\) $`c`$ $$d$$ \\[e\\]', 'markdown').regions.map((r) => r.kind);
    assert.deepEqual(kinds, ['inline', 'inline', 'inline', 'display', 'display']);
  });
});

describe('markdown regions: currency and escapes', () => {
  it('reads $5 and $10 as money', () => {
    assert.deepEqual(regions('It costs $5 and $10.'), []);
    assert.deepEqual(regions('between $5 and $6'), []);
  });

  it('needs no blank after the opening $, none before the closing one, and no digit after it', () => {
    assert.deepEqual(regions('$ x$ and $x $ and $x$1'), []);
    assert.deepEqual(regions('$x$, $y$.'), [
      ['$', 'x'],
      ['$', 'y'],
    ]);
  });

  it('takes the first unescaped $ as the closing candidate, as VS Code does', () => {
    // `$a $` cannot close (blank before it), so the first $ is money; then `$b$` is math.
    assert.deepEqual(regions('$a $b$'), [['$', 'b']]);
  });

  it('ignores \\$ and skips it inside math', () => {
    assert.deepEqual(regions('price \\$5, then $a\\$b$'), [['$', 'a\\$b']]);
    assert.deepEqual(regions('\\\\$x$'), [['$', 'x']]);
  });

  it('treats three or more dollars as text', () => {
    assert.deepEqual(regions('$$$ x $$$'), []);
  });

  it('does not carry inline math across a blank line', () => {
    assert.deepEqual(regions('$a\n\nb$'), []);
    assert.deepEqual(regions('$a\nb$'), [['$', 'a\nb']]);
  });
});

describe('markdown regions: what is not math', () => {
  it('skips code spans containing $, and math wins when it starts first', () => {
    assert.deepEqual(regions('`$x$` and ``a ` $y$`` then $z$'), [['$', 'z']]);
    assert.deepEqual(regions('$a`$ b`'), [['$', 'a`']]);
    assert.deepEqual(regions('unclosed ` then $x$'), [['$', 'x']]);
  });

  it('skips fenced code, including $$ inside and unclosed fences', () => {
    assert.deepEqual(regions('```python\nx = "$$a$$"\n```\n$b$'), [['$', 'b']]);
    assert.deepEqual(regions('~~~\n$a$\n~~~\n'), []);
    assert.deepEqual(regions('```\n$a$\n'), []);
    assert.deepEqual(regions('````\n```\n$a$\n````\n$b$'), [['$', 'b']]);
  });

  it('skips indented code after a blank line but not indented paragraph continuations', () => {
    assert.deepEqual(regions('para\n\n    $code$\n\n$x$'), [['$', 'x']]);
    assert.deepEqual(regions('para\n    $cont$'), [['$', 'cont']]);
    assert.deepEqual(regions('- item\n\n    $inlist$'), [['$', 'inlist']]);
  });

  it('skips HTML comments and YAML front matter', () => {
    assert.deepEqual(regions('<!-- $a$\n\n$b$ -->\n$c$'), [['$', 'c']]);
    assert.deepEqual(regions('x <!-- $a$ --> $b$'), [['$', 'b']]);
    assert.deepEqual(regions('---\ntitle: $a$\n---\n$b$'), [['$', 'b']]);
    assert.deepEqual(regions('text\n---\n$a$\n---\n'), [['$', 'a']]);
  });

  it('keeps a heading to its own line', () => {
    assert.deepEqual(regions('# Cost $a\nb$ text'), []);
  });

  it('finds math inside block quotes', () => {
    assert.deepEqual(regions('> $a$\n> ```\n> $b$\n> ```\n'), [['$', 'a']]);
  });
});

describe('markdown regions: positions', () => {
  it('counts UTF-16 code units after CJK text and emoji', () => {
    const doc = scanDocument('中文😀 $Q$\n注意 $$K$$', 'markdown');
    assert.deepEqual(
      doc.regions.map((r) => [r.range.start, r.range.end, r.startOffset, r.texOffset]),
      [
        [{ line: 0, character: 5 }, { line: 0, character: 8 }, 5, 6],
        [{ line: 1, character: 3 }, { line: 1, character: 8 }, 12, 14],
      ],
    );
  });

  it('handles CRLF line endings', () => {
    const text = 'a\r\n\r\n$$\r\nx\r\n$$\r\n```\r\n$y$\r\n```\r\n$z$';
    const doc = scanDocument(text, 'markdown');
    assert.deepEqual(
      doc.regions.map((r) => [r.tex, r.range.start, r.range.end]),
      [
        ['\r\nx\r\n', { line: 2, character: 0 }, { line: 4, character: 2 }],
        ['z', { line: 8, character: 0 }, { line: 8, character: 3 }],
      ],
    );
    assert.deepEqual(regions('```math\r\nq\r\n```\r\n'), [['```math', 'q']]);
  });

  it('maps texOffset back to the document', () => {
    const text = 'x $\\frac{a}{b}$';
    const [r] = scanDocument(text, 'markdown').regions;
    assert.equal(text.slice(r.texOffset, r.texOffset + r.tex.length), r.tex);
    assert.equal(text.slice(r.startOffset, r.endOffset), '$\\frac{a}{b}$');
  });
});

describe('markdown regions: problems', () => {
  it('reports unclosed display math and math fences with their place', () => {
    const doc = scanDocument('ok\n\n$$\nx', 'markdown');
    assert.deepEqual(
      doc.problems.map((p) => [p.message, p.range.start]),
      [['Display math opened with $$ is never closed', { line: 2, character: 0 }]],
    );
    assert.deepEqual(problems('```math\nx'), ['The ```math block is never closed']);
    assert.deepEqual(problems('\\begin{equation}\nx'), ['\\begin{equation} is never closed by \\end{equation}']);
  });

  it('reads `$a $$b$` as two inline formulas side by side, unless a $$ closes in the paragraph', () => {
    assert.deepEqual(regions('so $a = b $$c$ here'), [
      ['$', 'a = b '],
      ['$', 'c'],
    ]);
    assert.deepEqual(problems('so $a = b $$c$ here'), []);
    assert.deepEqual(regions('costs $5 $$x$$ here'), [['$$', 'x']]);
  });

  it('skips a doubled $$ closer alone on the next line, but not a display block that follows', () => {
    const stray = '$$\na\n$$\n$$\n\nLet $$b$$ and $$c$$.\n';
    assert.deepEqual(regions(stray), [
      ['$$', '\na\n'],
      ['$$', 'b'],
      ['$$', 'c'],
    ]);
    assert.deepEqual(problems(stray), []);
    assert.deepEqual(regions('$$\na\n$$\n$$\nb\n$$\n'), [
      ['$$', '\na\n'],
      ['$$', '\nb\n'],
    ]);
  });
});
