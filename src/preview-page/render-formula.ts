// KaTeX with the document's macros and nothing trusted. A formula KaTeX cannot read shows KaTeX's own message in
// place, as text, and the others render normally.
import katex from 'katex';

/** Bounds that keep a hostile or mistyped formula from expanding forever or drawing a page-sized box. */
const MAX_EXPAND = 1000;
const MAX_SIZE_EM = 50;
/** Longer TeX is not given to KaTeX at all: a thousand-row matrix literal would take seconds and a huge DOM. */
const MAX_TEX = 10_000;

/**
 * Renders `tex` into `target` (replacing its content) and returns null, or KaTeX's error message after showing
 * it in place.
 */
export function renderFormula(
  target: HTMLElement,
  tex: string,
  display: boolean,
  macros: Readonly<Record<string, string>>,
): string | null {
  if (tex.length > MAX_TEX)
    return showError(
      target,
      `Not rendered: the formula is ${tex.length.toLocaleString('en')} characters long; the preview renders up to ${MAX_TEX.toLocaleString('en')}.`,
      `${tex.slice(0, 200)}…`,
    );
  try {
    // `render` builds DOM nodes and sets styles through CSSOM, which the CSP allows (no inline style markup).
    katex.render(tex, target, {
      displayMode: display,
      throwOnError: true,
      trust: false,
      strict: 'ignore',
      maxExpand: MAX_EXPAND,
      maxSize: MAX_SIZE_EM,
      // KaTeX adds `\gdef` definitions to the object it is given: a copy keeps formulas independent.
      macros: macrosFor(tex, macros),
    });
    return null;
  } catch (err) {
    return showError(target, err instanceof Error ? err.message : String(err), tex);
  }
}

/** The message in place of the formula, followed by its source, both as text; returns the message. */
function showError(target: HTMLElement, message: string, tex: string): string {
  const error = document.createElement('span');
  error.className = 'katex-error';
  error.textContent = message;
  const source = document.createElement('code');
  source.className = 'tex-source';
  source.textContent = tex;
  target.replaceChildren(error, source);
  return message;
}

const NEW_COMMAND = /\\newcommand\s*\{?\s*(\\[A-Za-z]+|\\.)/g;

/**
 * The document's macros apply everywhere, but the formula that defines one with `\newcommand` must not see it
 * already defined, or KaTeX refuses the redefinition.
 */
function macrosFor(tex: string, macros: Readonly<Record<string, string>>): Record<string, string> {
  const copy = { ...macros };
  if (tex.includes('\\newcommand')) for (const match of tex.matchAll(NEW_COMMAND)) delete copy[match[1]];
  return copy;
}
