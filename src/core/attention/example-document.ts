// A complete small cross-attention example to start a note from: queries from the decoder (l_q = 2), keys and
// values from the encoder output (l_k = 3), a padding mask over the source keys, the shapes declared, and the
// formula. Written in the document's own syntax and language; it evaluates as it stands.
import type { DocumentFormat } from '../document/document-model';
import type { Catalog, Language } from '../i18n';

const intro: Catalog<{ text: () => string }> = {
  en: {
    text: () =>
      'Cross-attention: the queries come from the decoder (two target positions), the keys and values from the encoder output (three source positions). The mask drops the third source token, which is padding.',
  },
  'zh-cn': {
    text: () =>
      '交叉注意力：查询来自解码器（两个目标位置），键和值来自编码器输出（三个源位置）。掩码去掉了第三个源位置，它是填充。',
  },
};

const SHAPES =
  'Q \\in \\mathbb{R}^{l_q \\times d_k}$, $K \\in \\mathbb{R}^{l_k \\times d_k}$, $V \\in \\mathbb{R}^{l_k \\times d_v}$, $M \\in \\mathbb{R}^{l_q \\times l_k}$, $l_q = 2$, $l_k = 3$, $d_k = 2$, $d_v = 2';

const MATRICES = [
  'Q = \\begin{bmatrix} 1 & 2 \\\\ 0 & 1 \\end{bmatrix}, \\quad',
  'K = \\begin{bmatrix} 1 & 0 \\\\ 0 & 1 \\\\ 1 & -1 \\end{bmatrix}, \\quad',
  'V = \\begin{bmatrix} 2 & 0 \\\\ 0 & 2 \\\\ 1 & 1 \\end{bmatrix}, \\quad',
  'M = \\begin{bmatrix} 0 & 0 & -\\infty \\\\ 0 & 0 & -\\infty \\end{bmatrix}',
].join('\n');

const FORMULA = '\\mathrm{Attention}(Q, K, V, M) = \\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}} + M\\right)V';

export function crossAttentionExample(format: DocumentFormat, language: Language): string {
  const display = format === 'latex' ? (tex: string) => `\\[\n${tex}\n\\]` : (tex: string) => `$$\n${tex}\n$$`;
  const formula = format === 'latex' ? `\\begin{equation}\n${FORMULA}\n\\end{equation}` : display(FORMULA);
  return [intro[language].text(), `$${SHAPES}$.`, display(MATRICES), formula].join('\n\n');
}
