// Documents written to break things: every surface (scan, evaluate, explain, check, the editor features and the
// preview) is driven with them. Generated rather than stored, because several are megabytes.
import type { DocumentFormat } from '../../src/core/document/document-model';

export interface HostileDocument {
  name: string;
  format: DocumentFormat;
  text: string;
}

/** A global that an injection payload would set if it ever ran. */
export const pwnedGlobal = '__attentionLensPwned';

const payloads = [
  `<script>window.${pwnedGlobal}=1</script>`,
  `<img src=x onerror="window.${pwnedGlobal}=2">`,
  `<svg onload="window.${pwnedGlobal}=3"></svg>`,
  '[link](javascript:alert(1))',
];

const mathPayloads = [
  '\\href{javascript:alert(1)}{click}',
  '\\url{javascript:alert(1)}',
  '\\htmlClass{x}{y} \\htmlId{a}{b} \\htmlStyle{color:red}{c} \\htmlData{a=b}{d}',
  '\\includegraphics{http://example.invalid/x.png}',
  `\\text{<script>window.${pwnedGlobal}=4</script>}`,
  `\\mathbf{<img src=x onerror="window.${pwnedGlobal}=5">} = \\begin{bmatrix} 1 \\end{bmatrix}`,
];

/** Terminal control sequences: clear the screen, an OSC 8 hyperlink, a bell, a carriage return, a C1 CSI. */
export const terminalPayloads = [
  '\u001b[2J',
  '\u001b]8;;https://example.invalid\u0007link\u001b]8;;\u0007',
  '\u0007',
  'shown\roverwritten',
  '\u009b31m',
];

function matrix(rows: number, cols: number, entry: (i: number, j: number) => string): string {
  const body = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => entry(i, j)).join(' & '));
  return `\\begin{bmatrix} ${body.join(' \\\\ ')} \\end{bmatrix}`;
}

/** A Markdown table: a header, a delimiter row, and a row per label, the label first. */
function table(header: string[], labels: string[], entry: (i: number, j: number) => string): string {
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const body = labels.map((label, i) => row([label, ...header.slice(1).map((_, j) => entry(i, j))]));
  return [row(header), row(header.map(() => '---')), ...body].join('\n');
}

/** `\ma{xx}`, `\mb{\ma\ma}`, ...: each level doubles, so the last one expands to 2^levels tokens. */
function exponentialMacros(levels: number): string {
  const name = (i: number) => `\\m${String.fromCharCode(97 + i)}`;
  const defs = Array.from(
    { length: levels },
    (_, i) => `\\def${name(i)}{${i === 0 ? 'xx' : name(i - 1) + name(i - 1)}}`,
  );
  return defs.join('') + name(levels - 1);
}

const attention = '\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}} + M\\right) V';

/** `megabytes` sizes the largest document (20 in the full run; smaller in quick runs). */
export function hostileDocuments(megabytes = 20): HostileDocument[] {
  const md = (name: string, text: string): HostileDocument => ({ name, format: 'markdown', text });
  const tex = (name: string, text: string): HostileDocument => ({ name, format: 'latex', text });
  const paragraph =
    'Prose with $x_i$ and $$Q = \\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}$$ then code `$a$`\n\n```\n$$ not math $$\n```\n\n';
  return [
    md('unbalanced braces', `$\\frac{a}{$ and $$\\left( x $$ and $\\begin{bmatrix} 1 & 2$ and } } { $$}{$$`),
    md('unclosed display', `$$\n${attention}\n\nno closing delimiter, then ${'text '.repeat(2000)}`),
    md('deep nesting', `$$${'{'.repeat(10_000)}x${'}'.repeat(10_000)}$$ and $${'\\left('.repeat(5000)}$`),
    md('many dollars', '$'.repeat(100_000)),
    md('many backslashes', `$$${'\\\\'.repeat(50_000)}$$ ${'\\'.repeat(50_001)}`),
    md('def bomb', '$$\\def\\a{\\a\\a}\\a$$\n\n$\\def\\b{\\b}\\b$'),
    md('newcommand bomb', '$$\\newcommand{\\c}{\\c\\c}\\c$$\n$$\\renewcommand{\\c}[1]{#1#1\\c{#1}}\\c{x}$$'),
    md('exponential macros', `$$${exponentialMacros(26)}$$`),
    md('huge matrix', `$$Q = ${matrix(1000, 1000, (i, j) => String((i * 7 + j) % 10))}$$\n$$K = Q$$\n$$${attention}$$`),
    md(
      'ragged and non-numeric',
      `$$Q = \\begin{bmatrix} 1 & 2 \\\\ 3 \\end{bmatrix}, K = \\begin{bmatrix} a & \\alpha \\\\ 1 & x^2 \\end{bmatrix}, V = \\begin{bmatrix} 1 & 2 & 3 \\\\ \\end{bmatrix}$$\n$$${attention}$$`,
    ),
    md(
      'non-finite everywhere',
      `$$Q = ${matrix(2, 2, (i) => (i ? '-\\infty' : '\\infty'))}, K = ${matrix(2, 2, () => '1e400')}, V = ${matrix(2, 2, () => 'NaN')}, M = ${matrix(2, 2, () => '-\\infty')}$$\n$$${attention}$$\n$d_k = 0$`,
    ),
    md(
      'shapes that do not fit',
      `$$Q = ${matrix(2, 3, () => '1')}, K = ${matrix(4, 2, () => '1')}, V = ${matrix(5, 1, () => '1')}, M = ${matrix(2, 4, () => '0')}$$\n$$${attention}$$`,
    ),
    md(
      'lone surrogates and NUL',
      `$x\uD800$ and $$\uDC00 Q = \\begin{bmatrix} 1 \u0000 & 2 \\end{bmatrix}$$ \u0000\u0000 $\u{1F600}$`,
    ),
    md(
      'line endings',
      `# Title\r\n\r\n$$\r\nQ = \\begin{bmatrix} 1 & 0 \\\\\r\n 0 & 1 \\end{bmatrix}\r$$\n$a$\r\n$$\n${attention}\r\n$$\r`,
    ),
    md(
      'injection',
      `${payloads.join('\n\n')}\n\n${mathPayloads.map((p) => `$$${p}$$`).join('\n\n')}\n\n<div onclick="x()">$${mathPayloads[0]}$</div>\n`,
    ),
    md(
      'terminal escapes',
      `# ${terminalPayloads.join(' ')}\n\n$$Q = ${matrix(2, 2, (i, j) => (i + j ? String(i + j) : terminalPayloads[0]))}, K = Q, V = Q$$\n\n$$\\mathrm{softmax}(QK^\\top ${terminalPayloads[1]})V$$\n\n$${terminalPayloads.slice(2).join(' ')}$\n`,
    ),
    tex(
      'latex hostile',
      `\\def\\a{\\a\\a}\n\\begin{equation}\\a\\end{equation}\n\\begin{verbatim}$x$\\end{verbatim}\n% $${'{'.repeat(5000)}\n\\begin{equation}${mathPayloads.join(' ')}\\end{equation}\n\\begin{align}${'x &= 1 \\\\ '.repeat(5000)}\\end{align}\n$\\begin{bmatrix}1&2\\\\3\\end{bmatrix}`,
    ),
    md(
      'tables',
      [
        `X:\n\n${table(['token', 'a', 'b'], Array(10_000).fill('n'), (i, j) => String((i + j) % 5))}`,
        table(['token', 'q1', 'q2'], payloads.slice(0, 2), (i, j) => String(i + j)),
        table(['token', 'k1', 'k2', 'v1', 'v2'], payloads.slice(2, 4), (i, j) => String(i * j)),
        `${payloads[0]} M:\n\n${table(['a', 'b'], ['1', '2'], () => '0')}`,
        `M:\n\n${table(['a', 'b'], ['1', '2'], (i, j) => (i === j ? '0' : payloads[1]))}`,
        `**${payloads[2]} M**\n\n${table(['a', 'b'], ['1', '2'], () => '0')}`,
        `Mask M:\n\n${table(['', 'a', 'b'], payloads.slice(0, 2), (i, j) => (i < j ? '-∞' : '0'))}`,
        `${'| --- |\n'.repeat(10_000)}${'|'.repeat(100_000)}\n${'| 1 '.repeat(50_000)}|`,
        `$$${attention}$$`,
      ].join('\n\n'),
    ),
    md('large note', paragraph.repeat(Math.ceil((megabytes * 1024 * 1024) / paragraph.length))),
  ];
}
