// Protocol messages for a document, built the way the extension builds them: the real scanner, classifier and
// evaluator, and the preview's own content builder, with English texts.
import { evaluateRegion } from '../../src/core/attention/evaluate';
import { scanDocument } from '../../src/core/document/scan';
import { katexMacros } from '../../src/core/tex/macros';
import { type ContentOptions, documentContent } from '../../src/preview/preview-content';
import { exampleText, kindLabels, previewLabels, untranslated, windowNotice } from '../../src/preview/preview-text';
import type { HostMessage } from '../../src/preview-page/protocol';
import { printedSentence } from '../../src/printed-text';

export const contentOptions: ContentOptions = {
  evaluate: evaluateRegion,
  kindLabel: kindLabels(untranslated),
  text: exampleText(untranslated),
  windowNotice: windowNotice(untranslated),
  printedText: (check) => printedSentence(untranslated, check, (text) => text),
  maxMatrixSize: 32,
  maxDimension: 512,
  maskedRows: 'zeros',
};

export function configure(precision = 4): HostMessage {
  return { type: 'configure', settings: { precision }, labels: previewLabels(untranslated) };
}

export function documentMessage(
  text: string,
  options: { format?: 'markdown' | 'latex'; version?: number; content?: Partial<ContentOptions> } = {},
): Extract<HostMessage, { type: 'document' }> {
  const scan = scanDocument(text, options.format ?? 'markdown');
  return {
    type: 'document',
    uri: 'file:///notes/test.md',
    title: 'test.md',
    version: options.version ?? 1,
    locked: false,
    macros: katexMacros(scan.macros),
    ...documentContent(text, scan, { ...contentOptions, ...options.content }),
  };
}
