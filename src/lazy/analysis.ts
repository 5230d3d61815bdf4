// A separate chunk of the Node host bundle: what reads the meaning of formulas (the TeX parser, classification, the
// inputs in force, printed values, worked examples and the previews' content). Activation only scans notes; this
// loads when a feature first needs more than the scan, and all of them share it (and its caches).

export { crossAttentionExample } from '../core/attention/example-document';
export { classifyRegion, definitionsOf, shapeText } from '../core/attention/formula-inputs';
export { printedCheckAround } from '../core/attention/printed-checks';
export { proseExamples, selectionTarget } from '../core/attention/selection-example';
export { hasSoftmaxWorkedExample } from '../core/attention/softmax-form';
export { attentionLensPlugin } from '../markdown/markdown-it-plugin';
export { NotebookExamples } from '../notebook-renderer/cell-examples';
export { PreviewContentBuilder, SentFormulas } from '../preview/preview-content';
