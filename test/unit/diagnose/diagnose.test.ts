import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseDocument } from '../../../src/core/diagnose/diagnose';
import type { Finding, Fix } from '../../../src/core/diagnose/findings';
import type { DocumentFormat } from '../../../src/core/document/document-model';
import { scanDocument } from '../../../src/core/document/scan';
import type { Language } from '../../../src/core/i18n';
import { corpusFiles, corpusSkipReason } from '../../support/corpus';
import { Prng } from '../../support/prng';

const SDPA = String.raw`$$\mathrm{softmax}\left(\frac{QK^\top}{\sqrt{d_k}}\right)V$$`;
const MASKED = String.raw`$$\mathrm{softmax}\left(\frac{QK^\top}{\sqrt{d_k}} + M\right)V$$`;

function check(text: string, format: DocumentFormat = 'markdown', language: Language = 'en'): Finding[] {
  return diagnoseDocument(scanDocument(text, format), { text, language });
}

/** `line:column severity code [the text it points at]`, 1-based, for compact exact expectations. */
function summary(text: string, findings: Finding[]): string[] {
  return findings.map(
    (f) =>
      `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.code} [${text.slice(f.startOffset, f.endOffset)}]`,
  );
}

function applyFix(text: string, fix: Fix): string {
  const edits = [...fix.edits].sort((a, b) => b.startOffset - a.startOffset);
  return edits.reduce((t, e) => t.slice(0, e.startOffset) + e.newText + t.slice(e.endOffset), text);
}

const matrix = (rows: (number | string)[][], env = 'bmatrix') =>
  `\\begin{${env}} ${rows.map((r) => r.join(' & ')).join(' \\\\ ')} \\end{${env}}`;

describe('diagnoseDocument: shapes (AL001, AL002)', () => {
  it('reports Q K^T with different column counts and V with the wrong number of rows, at each operation', () => {
    const text = `$$Q = ${matrix([
      [1, 0, 1],
      [0, 1, 1],
    ])}, K = ${matrix([
      [1, 0],
      [0, 1],
      [1, 1],
    ])}, V = ${matrix([
      [1, 2],
      [3, 4],
    ])}$$\n${SDPA}\n`;
    const findings = check(text);
    assert.deepEqual(summary(text, findings), ['2:31 error AL001 [QK^\\top]', '2:58 error AL001 [V]']);
    assert.equal(
      findings[0].message,
      'QK^T cannot be computed: Q is 2×3 and K is 3×2; their column counts (d_k) must be equal.',
    );
    assert.equal(
      findings[1].message,
      'softmax(...)V cannot be computed: the weights are 2×3 (one column per key) but V is 2×2; V needs one row per key (l_k).',
    );
    assert.equal(findings[0].name, 'shape-mismatch');
  });

  it('reports a product inside an operand whose shapes do not fit, in the shape checker words', () => {
    const text = `$$X = ${matrix([[1, 2, 3]])}, W^Q = ${matrix([[1], [2]])}, K = ${matrix([[1]])}$$
$$\\mathrm{softmax}\\left(\\frac{(XW^Q)K^\\top}{\\sqrt{d_k}}\\right)V$$\n`;
    const findings = check(text).filter((f) => f.code === 'AL001');
    assert.deepEqual(summary(text, findings), ['2:31 error AL001 [(XW^Q)]']);
    assert.match(findings[0].message, /^Shapes that cannot be combined: \(XW\^Q\): X is 1x3 but W\^Q is 2x1/);
  });

  it('reports a mask that is not l_q x l_k, with declared symbols or with numbers', () => {
    const declared = `$Q \\in \\mathbb{R}^{l_q \\times d_k}$, $K \\in \\mathbb{R}^{l_k \\times d_k}$, $M \\in \\mathbb{R}^{l_k \\times l_q}$\n${MASKED}\n`;
    const symbolic = check(declared);
    assert.deepEqual(summary(declared, symbolic), ['2:54 error AL002 [M]']);
    assert.equal(
      symbolic[0].message,
      'The mask M is l_k×l_q, but a mask is l_q×l_k: one row per query, one column per key.',
    );

    const numeric = `$$Q = ${matrix([
      [1, 0],
      [0, 1],
    ])}, K = ${matrix([
      [1, 0],
      [0, 1],
      [1, 1],
    ])}, M = ${matrix([
      [0, 0],
      [0, 0],
    ])}$$\n${MASKED}\n`;
    const found = check(numeric);
    assert.deepEqual(summary(numeric, found), ['2:54 error AL002 [M]']);
    assert.equal(
      found[0].message,
      'The mask M is 2×2, but a mask is l_q×l_k = 2×3: one row per query, one column per key.',
    );
  });

  it('finds nothing in a consistent cross-attention example with l_q != l_k', () => {
    const text = `$Q \\in \\mathbb{R}^{l_q \\times d_k}$, $K \\in \\mathbb{R}^{l_k \\times d_k}$, $V \\in \\mathbb{R}^{l_k \\times d_v}$, $M \\in \\mathbb{R}^{l_q \\times l_k}$
$$Q = ${matrix([
      [1, 0],
      [0, 1],
    ])}, K = ${matrix([
      [1, 0],
      [0, 1],
      [1, 1],
    ])}, V = ${matrix([
      [1, 2],
      [3, 4],
      [5, 6],
    ])}, M = ${matrix([
      [0, 0, '-\\infty'],
      [0, 0, '-\\infty'],
    ])}$$
$d_k = 2$, $l_q = 2$, $l_k = 3$
${MASKED}\n`;
    assert.deepEqual(check(text), []);
  });
});

describe('diagnoseDocument: scale (AL003)', () => {
  it('reports scaling by the square root of a sequence length, with a fix to sqrt(d_k)', () => {
    const text = '$$\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{n}}\\right)V$$\n';
    const findings = check(text);
    assert.deepEqual(summary(text, findings), ['1:40 warning AL003 [\\sqrt{n}]']);
    assert.equal(
      findings[0].message,
      "The logits are scaled by 1/√n, the square root of a sequence length; standard attention scales by 1/√d_k, the key dimension, which keeps the logits' variance near 1 whatever the length.",
    );
    assert.equal(findings[0].fixes.length, 1);
    assert.equal(findings[0].fixes[0].title, 'Replace \\sqrt{n} by \\sqrt{d_k}');
    assert.equal(applyFix(text, findings[0].fixes[0]), `${SDPA}\n`);
  });

  it('knows l_k as a sequence length and uses the document own name for d_k in the fix', () => {
    const text = `$Q \\in \\mathbb{R}^{n \\times d}$, $K \\in \\mathbb{R}^{m \\times d}$
$$\\mathrm{softmax}\\left(\\frac{1}{\\sqrt{l_k}} QK^\\top\\right)V$$\n`;
    const [f] = check(text);
    assert.equal(f.code, 'AL003');
    assert.equal(applyFix(text, f.fixes[0]), text.replace('\\sqrt{l_k}', '\\sqrt{d}'));
  });

  it('reports d_k without its square root, with a fix that adds it', () => {
    const text = '$$\\mathrm{softmax}(QK^\\top / d_k)V$$\n';
    const findings = check(text);
    assert.deepEqual(summary(text, findings), ['1:30 warning AL003 [d_k]']);
    assert.equal(findings[0].message.startsWith('The logits are divided by d_k without a square root'), true);
    assert.equal(applyFix(text, findings[0].fixes[0]), '$$\\mathrm{softmax}(QK^\\top / \\sqrt{d_k})V$$\n');
  });

  it('compares a number under the root with d_k, and names another dimension', () => {
    const numeric = `$$Q = ${matrix([[1, 0]])}, K = ${matrix([[1, 0]])}$$\n$$\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{3}}\\right)V$$\n`;
    const [n] = check(numeric);
    assert.equal(n.message, 'The logits are scaled by 1/√3, but d_k = 2 here; standard attention scales by 1/√2.');
    const other = '$$\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_v}}\\right)V$$\n';
    const [o] = check(other);
    assert.equal(
      o.message,
      'The logits are scaled by 1/√d_v; standard attention scales by 1/√d_k, where d_k is the dimension of the queries and keys.',
    );
  });

  it('reports a missing scale only when the text presents the formula as scaled dot-product attention', () => {
    const bare = '$$\\mathrm{softmax}(QK^\\top)V$$\n';
    assert.deepEqual(check(bare), []);
    const claimed = `Scaled dot-product attention:\n\n${bare}`;
    assert.deepEqual(summary(claimed, check(claimed)), ['3:20 warning AL003 [QK^\\top]']);
    const contrasted = `Scaled dot-product attention divides by $\\sqrt{d_k}$. Without the scaling,\n\n${bare}`;
    assert.deepEqual(check(contrasted), []);
    const chinese = `缩放点积注意力：\n\n${bare}`;
    assert.deepEqual(
      check(chinese, 'markdown', 'zh-cn').map((f) => f.message),
      ['logits 没有缩放，但正文描述的是缩放点积注意力；标准注意力将 QK^T 除以 √d_k。'],
    );
  });

  it('accepts the standard spellings of the scale', () => {
    for (const scaled of [
      '\\frac{QK^\\top}{\\sqrt{d_k}}',
      '\\frac{1}{\\sqrt{d_k}} QK^\\top',
      'QK^T / \\sqrt{d}',
      '\\frac{QK^\\top}{\\sqrt{d_{k}}}',
    ]) {
      const text = `$$\\mathrm{softmax}\\left(${scaled}\\right)V$$\n`;
      assert.deepEqual(summary(text, check(text)), [], scaled);
    }
  });
});

describe('diagnoseDocument: scale, as the note defines its dimensions (AL003)', () => {
  const scaledBy = (root: string) => `$$\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{${root}}}\\right)V$$\n`;

  it('flags sqrt(n) for a length the note defines, quoting where it says so', () => {
    const text = `Here $n$ is the number of tokens.\n\n${scaledBy('n')}`;
    const [f] = check(text);
    assert.deepEqual(summary(text, [f]), ['3:40 warning AL003 [\\sqrt{n}]']);
    assert.match(f.message, /square root of a sequence length \(line 1: “Here \$n\$ is the number of tokens”\)/);
    assert.match(check(text, 'markdown', 'zh-cn')[0].message, /（第 1 行：“Here \$n\$ is the number of tokens”）/);
  });

  it('accepts sqrt(n) where the note says n is a width, in words or by shape', () => {
    assert.deepEqual(check(`where $n$ is the dimension of the keys.\n\n${scaledBy('n')}`), []);
    assert.deepEqual(check(`其中 $n$ 是键向量的维度。\n\n${scaledBy('n')}`), []);
    assert.deepEqual(check(`$Q, K \\in \\mathbb{R}^{L \\times n}$\n\n${scaledBy('n')}`), []);
  });

  it('stays silent where the note says two different things', () => {
    const text = `$K \\in \\mathbb{R}^{n \\times d}$. Each key has dimension $n$.\n\n${scaledBy('n')}`;
    assert.deepEqual(check(text), []);
  });

  it('accepts the widths notes scale by: their own d, d_h + d_r, d_model / h, the model width', () => {
    for (const root of ['d_h', 'd_h + d_r', 'd_{model}/h', 'd_{\\text{model}}', 'D_k'])
      assert.deepEqual(check(scaledBy(root)), [], root);
    assert.deepEqual(check(`Let $d$ be the embedding size.\n\n${scaledBy('d')}`), []);
  });

  it('names the number of heads and the value width as other dimensions', () => {
    const text = `where $h$ is the number of heads.\n\n${scaledBy('h')}`;
    assert.match(
      check(text)[0].message,
      /^The logits are scaled by 1\/√h \(line 1: “where \$h\$ is the number of heads”\);/,
    );
  });

  it('reports a scale written after the softmax, in each spelling, and no missing scale beside it', () => {
    for (const formula of [
      '\\mathrm{softmax}(QK^\\top) / \\sqrt{d_k} V',
      '\\frac{\\mathrm{softmax}(QK^\\top)}{\\sqrt{d_k}}V',
      '\\frac{1}{\\sqrt{d_k}}\\mathrm{softmax}(QK^\\top)V',
      '\\mathrm{softmax}(QK^\\top)V / \\sqrt{d_k}',
    ]) {
      const text = `Scaled dot-product attention:\n\n$$${formula}$$\n`;
      const findings = check(text);
      assert.deepEqual(
        findings.map((f) => [f.code, text.slice(f.startOffset, f.endOffset).includes('sqrt{d_k}')]),
        [['AL003', true]],
        formula,
      );
      assert.match(findings[0].message, /^The scale is applied after the softmax/);
    }
    const code = '```math\nattention(Q, K, V) = softmax(Q*K**T) / (sqrt(d_k)) * V\n```\n';
    assert.deepEqual(summary(code, check(code)), ['2:40 warning AL003 [(sqrt(d_k))]']);
  });
});

describe('diagnoseDocument: transpose (AL004)', () => {
  it('reports QK with no transpose, and the fix adds ^\\top', () => {
    const text = '$$\\mathrm{softmax}\\left(\\frac{QK}{\\sqrt{d_k}}\\right)V$$\n';
    const findings = check(text);
    assert.deepEqual(summary(text, findings), ['1:32 warning AL004 [K]']);
    assert.equal(findings[0].message, 'K is not transposed: keys are the rows of K, so the logits are QK^T, not QK.');
    assert.equal(findings[0].fixes[0].title, 'Transpose K: K^\\top');
    assert.equal(applyFix(text, findings[0].fixes[0]), `${SDPA}\n`);
  });

  it('is an error when K is l_k x d_k and the product cannot be computed', () => {
    const text = `$$Q = ${matrix([
      [1, 0],
      [0, 1],
    ])}, K = ${matrix([
      [1, 0],
      [0, 1],
      [1, 1],
    ])}$$\n$$\\mathrm{softmax}\\left(\\frac{QK}{\\sqrt{d_k}}\\right)V$$\n`;
    const findings = check(text);
    assert.deepEqual(summary(text, findings), ['2:32 error AL004 [K]']);
    assert.equal(
      findings[0].message,
      'K is not transposed: keys are the rows of K (3×2), so the logits are QK^T, not QK.',
    );
  });

  it('accepts K written already transposed (d_k x l_k), and wraps a scripted key in braces', () => {
    const transposed = `$$Q = ${matrix([[1, 0]])}, K = ${matrix([
      [1, 0, 1],
      [0, 1, 1],
    ])}$$\n$$\\mathrm{softmax}\\left(\\frac{QK}{\\sqrt{d_k}}\\right)V$$\n`;
    assert.deepEqual(check(transposed), []);
    const scripted = '$$\\mathrm{softmax}\\left(\\frac{QK^{(1)}}{\\sqrt{d_k}}\\right)V$$\n';
    const [f] = check(scripted);
    assert.equal(f?.code, 'AL004');
    assert.equal(applyFix(scripted, f.fixes[0]), scripted.replace('K^{(1)}', '{K^{(1)}}^\\top'));
    const projected = `$$Q = ${matrix([[1, 0]])}, X = ${matrix([
      [1, 0],
      [0, 1],
      [1, 1],
    ])}, W^K = ${matrix([
      [1, 0],
      [0, 1],
    ])}$$\n$$\\mathrm{softmax}\\left(\\frac{Q(XW^K)}{\\sqrt{d_k}}\\right)V$$\n`;
    const [p] = check(projected);
    assert.deepEqual(summary(projected, [p]), ['2:32 error AL004 [(XW^K)]']);
    assert.equal(applyFix(projected, p.fixes[0]), projected.replace('Q(XW^K)', 'Q(XW^K)^\\top'));
  });
});

describe('diagnoseDocument: masks (AL005, AL008)', () => {
  const withMask = (m: string) => `$$M = ${m}$$\n${MASKED}\n`;

  it('reports a 0/1 matrix added as a mask; a lower triangle of ones reads 1 as keep', () => {
    const text = withMask(
      matrix(
        [
          [1, 0],
          [1, 1],
        ],
        'pmatrix',
      ),
    );
    const findings = check(text);
    assert.deepEqual(summary(text, findings), ['2:54 warning AL005 [M]']);
    assert.deepEqual(
      findings[0].fixes.map((f) => f.title),
      ['Make M additive, reading 1 as keep: 1 → 0, 0 → -\\infty'],
    );
    assert.equal(
      applyFix(text, findings[0].fixes[0]),
      withMask('\\begin{pmatrix} 0 & -\\infty \\\\ 0 & 0 \\end{pmatrix}'),
    );
  });

  it('reads 1 as masked when a row of ones would otherwise mask a whole row, keeping the layout', () => {
    const text = withMask('\\begin{bmatrix}\n  0 & 1 \\\\\n  0 & 0\n\\end{bmatrix}');
    const [f] = check(text);
    assert.deepEqual(
      f.fixes.map((x) => x.title),
      ['Make M additive, reading 1 as masked: 1 → -\\infty, 0 stays'],
    );
    assert.equal(
      applyFix(text, f.fixes[0]),
      withMask('\\begin{bmatrix}\n  0 & -\\infty \\\\\n  0 & 0\n\\end{bmatrix}'),
    );
  });

  it('offers both readings when either is plausible', () => {
    const text = withMask(
      matrix([
        [1, 0],
        [0, 1],
      ]),
    );
    const [f] = check(text);
    assert.deepEqual(
      f.fixes.map((x) => applyFix(text, x)),
      [
        withMask('\\begin{bmatrix} 0 & -\\infty \\\\ -\\infty & 0 \\end{bmatrix}'),
        withMask('\\begin{bmatrix} -\\infty & 0 \\\\ 0 & -\\infty \\end{bmatrix}'),
      ],
    );
  });

  it('reports each fully masked row of a mask, at the row', () => {
    const text = `$$M = ${matrix([
      [0, '-\\infty'],
      ['-\\infty', '-\\infty'],
    ])}$$\n`;
    const findings = check(text);
    assert.deepEqual(summary(text, findings), ['1:38 warning AL008 [-\\infty & -\\infty]']);
    assert.match(findings[0].message, /^Row 2 of M masks every key \(all -∞\)/);
  });
});

describe('diagnoseDocument: causal mask in cross-attention (AL006)', () => {
  const seed = corpusFiles()?.find((f) => f.name.startsWith('000_'));

  it('flags the seed Q&A, which describes a future-token mask for cross-attention, twice in its answer', {
    skip: seed ? false : corpusSkipReason,
  }, () => {
    const text = seed?.text ?? '';
    const findings = check(text);
    assert.deepEqual(summary(text, findings), [
      '4:149 warning AL006 [未来的token]',
      '4:638 warning AL006 [未来的token]',
    ]);
    assert.match(findings[0].message, /only a padding mask over source keys belongs here/);
    assert.match(check(text, 'markdown', 'zh-cn')[0].message, /^这里为交叉注意力描述了因果（“未来”）掩码。/);
  });

  it('flags English prose, but not a negated sentence, one about self-attention or one naming the misconception', () => {
    const text = [
      'In cross-attention, the decoder also applies a causal mask so that it cannot see future tokens.',
      'Cross-attention does not need a causal mask.',
      'The decoder self-attention uses a look-ahead mask.',
      'A common misconception is that cross-attention masks future tokens.',
      '',
      '交叉注意力只使用填充掩码，不需要因果掩码。',
      '一个常见的误解是交叉注意力用掩码遮挡未来的 token。',
      '',
      'The decoder has masked multi-head attention, whose causal mask hides future positions, and encoder-decoder attention.',
      '解码器先用带掩码的多头注意力遮挡未来的位置，再用编码器-解码器注意力。',
    ].join('\n');
    assert.deepEqual(summary(text, check(text)), ['1:48 warning AL006 [causal]']);
  });

  it('flags a causal mask in a formula presented as cross-attention, by name or by its values', () => {
    const named = `For the encoder-decoder (cross) attention:\n\n$$\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}} + M_{\\text{causal}}\\right)V$$\n`;
    assert.deepEqual(summary(named, check(named)), ['3:54 warning AL006 [M_{\\text{causal}}]']);
    const self = named.replace('encoder-decoder (cross) attention', 'decoder self-attention');
    assert.deepEqual(check(self), []);
    const valued = `Cross-attention with $$M = ${matrix([
      [0, '-\\infty', '-\\infty'],
      [0, 0, '-\\infty'],
    ])}$$\n${MASKED}\n`;
    assert.deepEqual(summary(valued, check(valued)), ['2:54 warning AL006 [M]']);
  });
});

describe('diagnoseDocument: dimensions the document contradicts (AL007)', () => {
  it('reports d_k fixed by a scalar but contradicted by Q, at the scalar', () => {
    const text = `$d_k = 3$\n$$Q = ${matrix([
      [1, 0],
      [0, 1],
    ])}$$\n${SDPA}\n`;
    const findings = check(text);
    assert.deepEqual(summary(text, findings), ['1:2 error AL007 [d_k = 3]']);
    assert.equal(findings[0].message, 'd_k = 3 here, but the matrix Q on line 2 has 2 columns.');
  });

  it('reports a declared shape that the literal contradicts, with numbers or through a scalar', () => {
    const text = `$$K \\in \\mathbb{R}^{2 \\times 3}, K = ${matrix([
      [1, 0],
      [0, 1],
    ])}$$\n$l_q = 4$ and $Q \\in \\mathbb{R}^{l_q \\times 2}$\n$$Q = ${matrix([[1, 0]])}$$\n`;
    const findings = check(text);
    assert.deepEqual(summary(text, findings), [
      '1:3 error AL007 [K \\in \\mathbb{R}^{2 \\times 3}]',
      '2:2 error AL007 [l_q = 4]',
    ]);
    assert.equal(findings[0].message, 'K is declared 2×3, but the matrix K on line 1 is 2×2.');
    assert.equal(findings[1].message, 'l_q = 4 here, but the matrix Q on line 3 has 1 rows.');
  });

  it('does not set a paper’s values or another section’s against a toy example', () => {
    const example = `$$Q = ${matrix([
      [1, 0],
      [0, 1],
    ])}$$\n${SDPA}\n`;
    assert.deepEqual(check(`In the paper, $h = 8$ and $d_k = 64$.\n\n${example}`), []);
    assert.deepEqual(check(`论文中 $d_k = 64$。\n\n${example}`), []);
    assert.deepEqual(check(`## Multi-head\n\nHere $d_k = 3$.\n\n## A small example\n\n${example}`), []);
  });
});

describe('diagnoseDocument: what the scanner could not read (AL009, AL010)', () => {
  it('reports ragged rows, broken numbers and unclosed math', () => {
    // `2 3` is two numbers in one cell, a missing `&`; a letter among numbers would be a symbolic entry.
    const text = `$$A = ${matrix([[1, 2], [3]])}, B = ${matrix([[1, '2 3']])}$$ and $$ unclosed\n`;
    const findings = check(text);
    assert.deepEqual(summary(text, findings), [
      '1:31 warning AL009 [ 3 ]',
      '1:73 warning AL009 [2 3]',
      '1:97 warning AL010 [$$]',
    ]);
    assert.deepEqual(
      findings.map((f) => f.message),
      [
        'Row 2 of the matrix has 1 entry; the widest row has 2.',
        'Entry (1, 2) of the matrix is not a number: 2 3.',
        'Display math opened with $$ is never closed.',
      ],
    );
    assert.deepEqual(
      check(text, 'markdown', 'zh-cn').map((f) => f.message.slice(0, 8)),
      ['矩阵第 2 行有', '矩阵的元素 (1', '公式语法问题：D'],
    );
  });

  it('leaves symbolic matrices alone', () => {
    assert.deepEqual(check(`$$H = ${matrix([['h_1'], ['\\vdots'], ['h_n']])}$$\n`), []);
  });
});

describe('diagnoseDocument: documents', () => {
  it('reads LaTeX documents', () => {
    const text = `\\begin{equation}\n\\mathrm{softmax}\\left(\\frac{QK}{\\sqrt{n}}\\right)V\n\\end{equation}\n`;
    assert.deepEqual(summary(text, check(text, 'latex')), ['2:30 warning AL004 [K]', '2:33 warning AL003 [\\sqrt{n}]']);
  });

  it('gives every message in Chinese with --lang zh-cn', () => {
    const text = `$d_k = 3$\n$$Q = ${matrix([
      [1, 0],
      [0, 1],
    ])}, M = ${matrix([
      [1, 0],
      [1, 1],
    ])}$$\n$$\\mathrm{softmax}\\left(\\frac{QK}{\\sqrt{n}} + M\\right)V$$\n`;
    const findings = check(text, 'markdown', 'zh-cn');
    assert.deepEqual(findings.map((f) => f.code).sort(), ['AL003', 'AL004', 'AL005', 'AL007']);
    for (const f of findings) {
      assert.match(f.message, /[\u4e00-\u9fff]/, f.message);
      for (const fix of f.fixes) assert.match(fix.title, /[\u4e00-\u9fff]/, fix.title);
    }
  });

  it('finds no error in the corpus of real notes', { skip: corpusFiles() ? false : corpusSkipReason }, () => {
    for (const { name, text } of corpusFiles() ?? []) {
      const findings = check(text);
      assert.deepEqual(
        findings.filter((f) => f.code !== 'AL006').map((f) => `${f.code} ${f.message}`),
        [],
        name,
      );
    }
  });

  it('never throws on random TeX', () => {
    const random = new Prng(7);
    const pieces = [
      '$$',
      '$',
      'Q',
      'K',
      'V',
      'M',
      '^\\top',
      '\\sqrt{',
      '}',
      '{',
      '\\frac',
      'softmax(',
      ')',
      '+',
      '&',
      '\\\\',
      '\\begin{bmatrix}',
      '\\end{bmatrix}',
      '1',
      '0',
      '-\\infty',
      ' ',
      '\n',
      '\\in \\mathbb{R}^{2 \\times 3}',
      'd_k = 2',
      'cross-attention future mask.',
    ];
    for (let i = 0; i < 500; i++) {
      const text = Array.from({ length: 5 + random.int(60) }, () => random.pick(pieces)).join('');
      for (const format of ['markdown', 'latex'] as const) assert.doesNotThrow(() => check(text, format), text);
    }
  });
});
