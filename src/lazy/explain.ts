// A separate chunk of the Node host bundle: explanations and their texts in two languages are only needed once a
// hover is asked for, so activation does not load them.
export { explainAt } from '../core/explain/explain';
export { escapeMarkdown, explanationToMarkdown } from '../core/explain/explain-markdown';
export { texWithMacrosExpanded } from '../core/tex/render-tex';
