// A symbol as documents write it, normalised so that every spelling of it compares equal:
// `\mathbf{Q}`, `\boldsymbol{Q}`, `\bm Q` -> `Q`; `W^Q_1`, `W_{1}^{Q}` -> `W_1^Q`; `M_{\text{causal}}` -> `M_{causal}`.
import * as controlWords from './control-words';
import * as lexing from './tex-lexing';
import * as vocabulary from './vocabulary';

// Bound once at load: CommonJS transpilation (tests, benchmarks) would otherwise read every imported name
// through a property getter inside the hot loops.
const { classifyWord, WordClass } = controlWords;
const { BACKSLASH, controlWordEnd, groupEnd, isAsciiLetter, LBRACE, skipBlanks } = lexing;
const { plainScript } = vocabulary;

/** A symbol with its scripts never needs more; the bound keeps a stray brace from being read far. */
const SYMBOL_LIMIT = 120;

/** Where the symbol starting at `i` (a letter, a Greek letter, or a font command) ends with its scripts, or -1. */
export function readSymbolEnd(text: string, i: number, end: number): number {
  return parseSymbol(text, i, Math.min(end, i + SYMBOL_LIMIT), null);
}

/** The normalised name of the symbol at `text[start, end)` (a span `readSymbolEnd` accepted). */
export function symbolName(text: string, start: number, end: number): string {
  // Most symbols are one letter: nothing to normalise.
  if (end === start + 1 && isAsciiLetter(text.charCodeAt(start))) return text[start];
  const parts: SymbolParts = { base: '', sub: null, sup: null };
  parseSymbol(text, start, end, parts);
  let name = parts.base;
  if (parts.sub !== null) name += `_${wrap(parts.sub)}`;
  if (parts.sup !== null) name += `^${wrap(parts.sup)}`;
  return name;
}

interface SymbolParts {
  base: string;
  sub: string | null;
  sup: string | null;
}

/** Parses base and scripts, filling `parts` when given (names are only built for symbols that are used). */
function parseSymbol(text: string, i: number, stop: number, parts: SymbolParts | null): number {
  let j = baseEnd(text, i, stop, parts);
  if (j === -1) return -1;
  let hasSub = false;
  let hasSup = false;
  for (let scripts = 0; scripts < 2; scripts++) {
    let at = j;
    while (at < stop && isBlankCode(text.charCodeAt(at))) at++;
    const c = text.charCodeAt(at);
    if ((c !== 95 && c !== 94) || (c === 95 ? hasSub : hasSup)) break;
    const argEnd = scriptEnd(text, at + 1, stop);
    if (argEnd === -1) return -1;
    if (c === 95) hasSub = true;
    else hasSup = true;
    if (parts) {
      const content = scriptContent(text, at + 1, argEnd);
      if (c === 95) parts.sub = content;
      else parts.sup = content;
    }
    j = argEnd;
  }
  return j;
}

function isBlankCode(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

function baseEnd(text: string, i: number, stop: number, parts: SymbolParts | null): number {
  const c = text.charCodeAt(i);
  if (isAsciiLetter(c)) {
    if (parts) parts.base = text[i];
    return i + 1;
  }
  if (c !== BACKSLASH) return -1;
  const wordEnd = controlWordEnd(text, i + 1, stop);
  const wordClass = classifyWord(text, i + 1, wordEnd);
  if (wordClass === WordClass.Greek) {
    if (parts) parts.base = text.slice(i, wordEnd);
    return wordEnd;
  }
  if (wordClass === WordClass.Accent) return accentedEnd(text, i, wordEnd, stop, parts);
  if (wordClass !== WordClass.Font) return -1;
  const at = skipBlanks(text, wordEnd, stop);
  if (text.charCodeAt(at) !== LBRACE) return baseEnd(text, at, stop, parts);
  const close = groupEnd(text, at, stop);
  if (close === -1) return -1;
  const inner = skipBlanks(text, at + 1, close - 1);
  const innerEnd = baseEnd(text, inner, close - 1, parts);
  return innerEnd !== -1 && skipBlanks(text, innerEnd, close - 1) === close - 1 ? close : -1;
}

/**
 * `\tilde{M}`, `\hat Q`, `\bar{\mathbf{K}}`: a symbol of its own, named as the formula parser names it, the accent
 * and its argument's plain TeX (`\tilde{M}`), so that a definition and the formula using it agree. The argument must
 * be one symbol: `\hat{QK}` names nothing.
 */
function accentedEnd(text: string, i: number, wordEnd: number, stop: number, parts: SymbolParts | null): number {
  const at = skipBlanks(text, wordEnd, stop);
  const braced = text.charCodeAt(at) === LBRACE;
  const close = braced ? groupEnd(text, at, stop) : -1;
  if (braced && close === -1) return -1;
  const from = braced ? skipBlanks(text, at + 1, close - 1) : at;
  const innerEnd = braced ? parseSymbol(text, from, close - 1, null) : baseEnd(text, from, stop, null);
  if (innerEnd === -1 || (braced && skipBlanks(text, innerEnd, close - 1) !== close - 1)) return -1;
  if (parts) parts.base = `${text.slice(i, wordEnd)}{${plainScript(text.slice(from, innerEnd))}}`;
  return braced ? close : innerEnd;
}

/** End of a script argument starting at `i`: a group, a control word, or one character. */
function scriptEnd(text: string, i: number, stop: number): number {
  const at = skipBlanks(text, i, stop);
  if (at >= stop) return -1;
  const c = text.charCodeAt(at);
  if (c === LBRACE) return groupEnd(text, at, stop);
  if (c === BACKSLASH) {
    const wordEnd = controlWordEnd(text, at + 1, stop);
    return wordEnd === at + 1 ? -1 : wordEnd;
  }
  return at + 1;
}

function scriptContent(text: string, i: number, argEnd: number): string {
  const at = skipBlanks(text, i, argEnd);
  // Scripts compare without fonts, text wrappers or spaces, as the formula parser names them: `{\text{causal}}`
  // and `{causal}` are the same.
  return text.charCodeAt(at) === LBRACE ? plainScript(text.slice(at + 1, argEnd - 1)) : text.slice(at, argEnd);
}

function wrap(script: string): string {
  return script.length === 1 ? script : `{${script}}`;
}
