// TeX to SVG for hovers (VS Code hovers show images, not KaTeX's HTML), as a lazily loaded chunk: it is the only
// module that imports MathJax. MathJax runs on its lite DOM adaptor, so it needs no DOM and works in the web-worker
// host too. Only safe TeX packages are loaded (no \href, \html, \require or \unicode), macro expansion is bounded,
// and TeX errors become an error message drawn in the image, never an exception.
import { liteAdaptor } from 'mathjax-full/js/adaptors/liteAdaptor.js';
import { RegisterHTMLHandler } from 'mathjax-full/js/handlers/html.js';
import type TexError from 'mathjax-full/js/input/tex/TexError.js';
import { TeX } from 'mathjax-full/js/input/tex.js';
import { mathjax } from 'mathjax-full/js/mathjax.js';
import { SVG } from 'mathjax-full/js/output/svg.js';
import 'mathjax-full/js/input/tex/ams/AmsConfiguration.js';
import 'mathjax-full/js/input/tex/boldsymbol/BoldsymbolConfiguration.js';
import 'mathjax-full/js/input/tex/noundefined/NoUndefinedConfiguration.js';
import { Lru } from '../core/lru';

export interface TexImage {
  /** `data:image/svg+xml;base64,...` */
  dataUri: string;
  /** Size in CSS pixels. */
  width: number;
  height: number;
  /** The TeX error, when the formula could not be read; the image then shows it. */
  error: string | null;
}

export interface TexImageOptions {
  /** Foreground colour of the current theme, `#rgb` or `#rrggbb`. */
  color: string;
  display: boolean;
  /** Pixels per ex; the hover's font by default. */
  ex?: number;
  /** Taller images are scaled down to this many pixels, keeping their proportions: an image beside text fits its line. */
  maxHeight?: number;
}

/** Pixels per ex: about the x-height of the editor's hover font, so formulas read like the text beside them. */
const EX = 8;
/** Longer TeX is refused before MathJax sees it; hovers are for formulas, not pages. */
const MAX_TEX = 10_000;
/** Room for the hovers and the formulas of a few screens of inline images. */
const CACHE_SIZE = 512;
const COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

const adaptor = liteAdaptor();
RegisterHTMLHandler(adaptor);
/** The TeX error of the conversion running now; MathJax reports it through `formatError` and goes on. */
let lastError: string | null = null;
const tex = new TeX({
  packages: ['base', 'ams', 'boldsymbol', 'noundefined'],
  maxMacros: 1000,
  maxBuffer: 5 * 1024,
  formatError: (jax: TeX<unknown, unknown, unknown>, err: TexError) => {
    lastError = err.message;
    return jax.formatError(err);
  },
});
const page = mathjax.document('', { InputJax: tex, OutputJax: new SVG({ fontCache: 'local' }) });
const cache = new Lru<string, TexImage>(CACHE_SIZE);

const escapeXml = (s: string) =>
  s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c);

function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** An image that only says what went wrong, for failures outside TeX parsing. */
function messageSvg(message: string, color: string): string {
  const width = Math.min(600, 20 + message.length * 7);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20"><text x="0" y="15" font-family="sans-serif" font-size="13" fill="${color}">${escapeXml(message)}</text></svg>`;
}

/** MathJax's SVG with sizes in pixels (its viewBox scales the drawing) and the theme's colour in place of `currentColor`. */
function standalone(
  svg: string,
  color: string,
  ex: number,
  maxHeight: number,
): { svg: string; width: number; height: number } {
  const sizeEx = (attr: string) => Number(new RegExp(` ${attr}="([\\d.]+)ex"`).exec(svg)?.[1] ?? 0);
  const scale = Math.min(ex, maxHeight / (sizeEx('height') || 1));
  const width = Math.ceil(sizeEx('width') * scale);
  const height = Math.ceil(sizeEx('height') * scale);
  const sized = svg
    .replace(/ style="vertical-align: [^"]*"/, '')
    .replace(/ (width|height)="[\d.]+ex"/g, (_, attr: string) => ` ${attr}="${attr === 'width' ? width : height}"`)
    .replaceAll('currentColor', color);
  return { svg: sized, width, height };
}

function render(
  source: string,
  { color, display, ex = EX, maxHeight = Number.POSITIVE_INFINITY }: TexImageOptions,
): TexImage {
  lastError = null;
  let svg: string;
  let size = { width: 0, height: 0 };
  if (source.length > MAX_TEX) {
    lastError = `the formula is longer than ${MAX_TEX} characters`;
    svg = messageSvg(lastError, color);
  } else {
    try {
      const node = page.convert(source, { display, em: 2 * ex, ex, containerWidth: 1200 });
      const out = standalone(adaptor.innerHTML(node), color, ex, maxHeight);
      svg = out.svg;
      size = out;
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
      svg = messageSvg(lastError, color);
    }
  }
  if (size.width === 0) size = { width: Number(/width="(\d+)"/.exec(svg)?.[1] ?? 0), height: 20 };
  return { dataUri: `data:image/svg+xml;base64,${base64(svg)}`, ...size, error: lastError };
}

/** The formula as an SVG data URI in the given colour; cached, so a hover shown again costs a lookup. */
export function texToSvg(source: string, options: TexImageOptions): TexImage {
  const color = COLOR.test(options.color) ? options.color : '#000000';
  const key = `${color}\n${options.display ? 'D' : 'I'}\n${options.ex ?? ''}\n${options.maxHeight ?? ''}\n${source}`;
  let image = cache.get(key);
  if (!image) {
    image = render(source, { ...options, color });
    cache.set(key, image);
  }
  return image;
}
