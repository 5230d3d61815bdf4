// The published markdown-it plugin (`attention-lens/markdown-it`): worked examples under the attention formulas
// of a note, for static sites and any Node program using markdown-it 14 or 15, without VS Code.
//
//   import MarkdownIt from 'markdown-it';
//   import attentionLens from 'attention-lens/markdown-it';
//   const html = new MarkdownIt().use(attentionLens, { precision: 3 }).render(note);
//
// Pages add the stylesheet `attention-lens/markdown-it.css`.
import type { MarkdownIt } from 'markdown-it';
import zhCn from '../../media/l10n/bundle.l10n.zh-cn.json';
import { evaluatorIn } from '../core/attention/evaluate';
import type { MaskedRowPolicy } from '../core/attention/matrix';
import type { Language } from '../core/i18n';
import { type Translate, untranslated } from '../preview/preview-text';
import { attentionLensPlugin, type MarkdownSettings } from './markdown-it-plugin';

export interface AttentionLensOptions {
  /** Decimal places of the numbers shown (default 4). */
  precision?: number;
  /** What the softmax of a fully masked row gives (default `zeros`). */
  maskedRows?: MaskedRowPolicy;
  /** Matrices with more rows or columns are summarised (default 32). */
  maxMatrixSize?: number;
  /** Inputs with more rows or columns are not evaluated (default 512). */
  maxDimension?: number;
  /** TeX macros added to the note's own, e.g. `{ "\\R": "\\mathbb{R}" }`. */
  macros?: Record<string, string>;
  /** Language of the texts (default `en`). */
  language?: Language;
}

const translations: Record<Language, Translate> = {
  en: untranslated,
  'zh-cn': (message, ...args) => untranslated((zhCn as Record<string, string>)[message] ?? message, ...args),
};

export function attentionLens(md: MarkdownIt, options: AttentionLensOptions = {}): void {
  const settings: MarkdownSettings = {
    precision: bounded(options.precision, 4, 0, 12),
    maskedRows: options.maskedRows ?? 'zeros',
    maxMatrixSize: bounded(options.maxMatrixSize, 32, 1, 256),
    maxDimension: bounded(options.maxDimension, 512, 1, 4096),
    macros: { ...options.macros },
  };
  const language = options.language === 'zh-cn' ? 'zh-cn' : 'en';
  const evaluate = evaluatorIn(language);
  attentionLensPlugin(md, {
    settings: () => settings,
    evaluator: () => evaluate,
    translate: translations[language],
  });
}

export default attentionLens;

/** An integer option within the range the extension's settings allow, or the default. */
function bounded(value: number | undefined, fallback: number, min: number, max: number): number {
  return typeof value === 'number' && Number.isInteger(value) ? Math.min(max, Math.max(min, value)) : fallback;
}
