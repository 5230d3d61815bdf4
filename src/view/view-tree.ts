// What a piece of the UI shows, as plain data: elements, text and math. Built once by pure code and turned into
// DOM in the preview page (view-dom.ts) or into an HTML string for Markdown previews (view-html.ts), so both show
// the same thing the same way.

export type Tag =
  | 'div'
  | 'span'
  | 'p'
  | 'code'
  | 'ol'
  | 'ul'
  | 'li'
  | 'figure'
  | 'figcaption'
  | 'table'
  | 'thead'
  | 'tbody'
  | 'tr'
  | 'th'
  | 'td';

export interface ElementNode {
  tag: Tag;
  className?: string;
  /** Tooltip. */
  title?: string;
  /** `data-*` attributes, without the prefix. */
  data?: Record<string, string>;
  /** The CSS custom property `--weight` (0..1), which shades a heatmap cell. */
  weight?: number;
  children: ViewNode[];
}

/** TeX typeset where a renderer is at hand; `fallback` (or the TeX as code) stands in where none is. */
export interface MathNode {
  tex: string;
  display: boolean;
  fallback?: ViewNode;
}

/** A string is text, always escaped. */
export type ViewNode = string | ElementNode | MathNode;

export function h(tag: Tag, className: string | undefined, ...children: ViewNode[]): ElementNode {
  return className === undefined ? { tag, children } : { tag, className, children };
}

export function isMath(node: ViewNode): node is MathNode {
  return typeof node === 'object' && 'tex' in node;
}
