// A symbol as documents write it, normalised so that every spelling of it compares equal:
// `\mathbf{Q}`, `\boldsymbol{Q}`, `\bm Q` -> `Q`; `W^Q_1`, `W_{1}^{Q}` -> `W_1^Q`; `M_{\text{causal}}` -> `M_{causal}`.
import { BACKSLASH, controlWordEnd, groupEnd, isAsciiLetter, LBRACE, skipBlanks } from './tex-lexing';

/** Font commands that do not change which symbol is meant. */
const FONTS = new Set([
  'mathbf',
  'boldsymbol',
  'bm',
  'mathit',
  'mathsf',
  'mathrm',
  'mathbfit',
  'vb',
  'symbf',
  'mathnormal',
]);

const GREEK = new Set(
  'alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega'.split(
    ' ',
  ),
);

/** A symbol with its scripts never needs more; the bound keeps a stray brace from being read far. */
const SYMBOL_LIMIT = 120;

export interface SymbolRead {
  name: string;
  start: number;
  end: number;
}

/** Whether a control word can start a symbol (so callers know when to try `readSymbol`). */
export function startsSymbol(word: string): boolean {
  return FONTS.has(word) || GREEK.has(word);
}

/** The symbol starting at `i` (a letter, a Greek letter, or a font command), with its sub- and superscript. */
export function readSymbol(text: string, i: number, end: number): SymbolRead | null {
  const stop = Math.min(end, i + SYMBOL_LIMIT);
  const base = readBase(text, i, stop);
  if (!base) return null;
  let j = base.end;
  let sub: string | null = null;
  let sup: string | null = null;
  for (let scripts = 0; scripts < 2; scripts++) {
    const at = skipBlanks(text, j, stop);
    const c = text.charCodeAt(at);
    if ((c !== 95 && c !== 94) || (c === 95 ? sub : sup) !== null) break;
    const arg = readScript(text, at + 1, stop);
    if (!arg) return null;
    if (c === 95) sub = arg.content;
    else sup = arg.content;
    j = arg.end;
  }
  let name = base.name;
  if (sub !== null) name += `_${wrap(sub)}`;
  if (sup !== null) name += `^${wrap(sup)}`;
  return { name, start: i, end: j };
}

function readBase(text: string, i: number, stop: number): { name: string; end: number } | null {
  const c = text.charCodeAt(i);
  if (isAsciiLetter(c)) return { name: text[i], end: i + 1 };
  if (c !== BACKSLASH) return null;
  const wordEnd = controlWordEnd(text, i + 1, stop);
  const word = text.slice(i + 1, wordEnd);
  if (GREEK.has(word)) return { name: `\\${word}`, end: wordEnd };
  if (!FONTS.has(word)) return null;
  const at = skipBlanks(text, wordEnd, stop);
  if (text.charCodeAt(at) !== LBRACE) return readBase(text, at, stop);
  const close = groupEnd(text, at, stop);
  if (close === -1) return null;
  const inner = skipBlanks(text, at + 1, close - 1);
  const base = readBase(text, inner, close - 1);
  return base && skipBlanks(text, base.end, close - 1) === close - 1 ? { name: base.name, end: close } : null;
}

function readScript(text: string, i: number, stop: number): { content: string; end: number } | null {
  const at = skipBlanks(text, i, stop);
  const c = text.charCodeAt(at);
  if (at >= stop) return null;
  if (c === LBRACE) {
    const close = groupEnd(text, at, stop);
    return close === -1 ? null : { content: normaliseScript(text.slice(at + 1, close - 1)), end: close };
  }
  if (c === BACKSLASH) {
    const wordEnd = controlWordEnd(text, at + 1, stop);
    return wordEnd === at + 1 ? null : { content: text.slice(at, wordEnd), end: wordEnd };
  }
  return { content: text[at], end: at + 1 };
}

/** Scripts compare without fonts, text wrappers or spaces: `{\text{causal}}` and `{causal}` are the same. */
function normaliseScript(s: string): string {
  return s
    .replace(/\\(?:text|textrm|textit|mathrm|mathbf|mathit|boldsymbol|bm|operatorname)\s*\{([^{}]*)\}/g, '$1')
    .replace(/\s+/g, '');
}

function wrap(script: string): string {
  return script.length === 1 ? script : `{${script}}`;
}
