// Every text of the preview that is not from the document, in English, through a translator: VS Code's
// `l10n.t` in the extension, plain placeholder filling in tests and benchmarks.
import type { AttentionKind } from '../core/attention/classify';
import type { Labels, StepName } from '../preview-page/protocol';
import type { ExampleText } from './worked-example';

/** `l10n.t`'s signature: a message with `{0}` placeholders and their values. */
export type Translate = (message: string, ...args: (string | number)[]) => string;

/** Fills placeholders without translating, as `l10n.t` does for English. */
export const untranslated: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (whole, i: string) => String(args[Number(i)] ?? whole));

export function previewLabels(t: Translate): Labels {
  return {
    empty: t('This document has no math.'),
    untitledSection: t('(untitled)'),
    revealTitle: t('Click to show in the editor'),
    inputs: t('Inputs'),
    heatmapCaption: t('Attention weights (row = query, column = key)'),
    query: t('query'),
    key: t('key'),
    maskedCell: t('masked'),
    fullyMaskedRow: t('fully masked'),
    missingTitle: t('Missing'),
    shapesTitle: t('Known'),
  };
}

export function exampleText(t: Translate): ExampleText {
  const titles: Record<StepName, string> = {
    logits: t('Logits'),
    scaled: t('Scaled logits'),
    masked: t('Masked logits'),
    weights: t('Softmax weights'),
    output: t('Output'),
  };
  return {
    stepTitle: (name) => titles[name],
    missing: (symbol) => t('{0} is not defined in this document.', symbol),
    tooLarge: (limit) => t('not shown: larger than {0} rows or columns', limit),
    fromWords: (phrase) =>
      t(
        'Evaluated from the words “{0}”: the note writes no formula, so the matrices after them are its inputs.',
        phrase,
      ),
  };
}

export function kindLabels(t: Translate): (kind: AttentionKind) => string | null {
  const labels: Record<AttentionKind, string | null> = {
    scaled_dot_product: t('scaled dot-product attention'),
    masked_scaled_dot_product: t('masked scaled dot-product attention'),
    multi_head: t('multi-head attention'),
    head_projection: t('attention head projection'),
    additive_bahdanau: t('additive (Bahdanau) attention'),
    luong_general_or_dot: t('Luong attention score'),
    softmax_weights_elementwise: t('attention weights'),
    linear_attention: t('linear attention'),
    cross_attention_definition: t('cross-attention'),
    other_attention: t('attention'),
    none: null,
  };
  return (kind) => labels[kind];
}

export function windowNotice(t: Translate): (first: number, last: number, total: number) => string {
  const n = (value: number) => value.toLocaleString('en');
  return (first, last, total) =>
    t(
      'Formulas {0}–{1} of {2} are shown, those around the cursor: move the cursor to see others.',
      n(first),
      n(last),
      n(total),
    );
}
