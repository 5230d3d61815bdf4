// Macro definitions (`\newcommand`, `\renewcommand`, `\providecommand`, `\def`, `\DeclareMathOperator`) and a small
// expander used before analysis, so `\R^{n\times d}` reads like `\mathbb{R}^{n\times d}`. The expander has a hard
// budget: `\def\a{\a\a}` stops with a problem instead of growing without bound.
import type { MacroDefinition } from '../document/document-model';
import type { FoundProblem } from '../document/regions';
import * as lexing from './tex-lexing';

// Bound once at load: CommonJS transpilation (tests, benchmarks) would otherwise read every imported name
// through a property getter inside the hot loops.
const { BACKSLASH, controlWordEnd, groupEnd, LBRACE, skipBlanks } = lexing;

const DEFINING = new Set(['newcommand', 'renewcommand', 'providecommand', 'def', 'gdef', 'DeclareMathOperator']);

export function isDefiningCommand(word: string): boolean {
  return DEFINING.has(word);
}

export type DefinitionRead = { definition: MacroDefinition; end: number } | { problem: FoundProblem; end: number };

/**
 * Reads the definition whose command word (`newcommand`, `def`, ...) ends at `at`; `start` is its backslash.
 * Returns null when what follows is not a definition at all (then the caller treats the word as ordinary text).
 */
export function readDefinition(
  text: string,
  start: number,
  at: number,
  end: number,
  word: string,
): DefinitionRead | null {
  let i = at;
  const starred = text.charCodeAt(i) === 42;
  if (starred) i++;
  i = skipBlanks(text, i, end);
  const unclosed = (what: string): DefinitionRead => ({
    problem: { start, end: Math.min(end, start + 1 + word.length), message: `${what} is not closed` },
    end: at,
  });

  const nameRead = readMacroName(text, i, end, word === 'def' || word === 'gdef');
  if (!nameRead) return null;
  const name = nameRead.name;
  i = skipBlanks(text, nameRead.end, end);

  if (word === 'DeclareMathOperator') {
    if (text.charCodeAt(i) !== LBRACE) return null;
    const close = groupEnd(text, i, end);
    if (close === -1) return unclosed(`The definition of ${name}`);
    const body = `\\operatorname${starred ? '*' : ''}{${text.slice(i + 1, close - 1)}}`;
    return { definition: { name, params: 0, body }, end: close };
  }

  let params = 0;
  let optionalDefault: string | undefined;
  if (word === 'def' || word === 'gdef') {
    // Parameter text: `#1#2` up to the body's brace. Delimited parameters are rare in math; only plain ones count.
    const stop = Math.min(end, i + 40);
    while (i < stop && text.charCodeAt(i) !== LBRACE) {
      if (text.charCodeAt(i) === 35) params = Math.max(params, text.charCodeAt(i + 1) - 48);
      i++;
    }
  } else {
    const count = readBracketed(text, i, end);
    if (count) {
      params = Number.parseInt(count.content, 10) || 0;
      i = skipBlanks(text, count.end, end);
      const optional = readBracketed(text, i, end);
      if (optional) {
        optionalDefault = optional.content;
        i = skipBlanks(text, optional.end, end);
      }
    }
  }
  if (text.charCodeAt(i) !== LBRACE) return null;
  const close = groupEnd(text, i, end);
  if (close === -1) return unclosed(`The definition of ${name}`);
  const definition: MacroDefinition = {
    name,
    params: Math.max(0, Math.min(9, params)),
    body: text.slice(i + 1, close - 1),
  };
  if (optionalDefault !== undefined) definition.optionalDefault = optionalDefault;
  return { definition, end: close };
}

/** `\name`, `{\name}`, or for `\def` also a one-character control symbol. */
function readMacroName(text: string, i: number, end: number, bare: boolean): { name: string; end: number } | null {
  const braced = !bare && text.charCodeAt(i) === LBRACE;
  const at = braced ? skipBlanks(text, i + 1, end) : i;
  if (text.charCodeAt(at) !== BACKSLASH || at + 1 >= end) return null;
  let nameEnd = controlWordEnd(text, at + 1, end);
  if (nameEnd === at + 1) nameEnd = at + 2;
  if (!braced) return { name: text.slice(at, nameEnd), end: nameEnd };
  const close = skipBlanks(text, nameEnd, end);
  return text.charCodeAt(close) === 125 ? { name: text.slice(at, nameEnd), end: close + 1 } : null;
}

function readBracketed(text: string, i: number, end: number): { content: string; end: number } | null {
  if (text.charCodeAt(i) !== 91) return null;
  const stop = Math.min(end, i + 200);
  for (let j = i + 1; j < stop; j++)
    if (text.charCodeAt(j) === 93) return { content: text.slice(i + 1, j), end: j + 1 };
  return null;
}

/** Every definition in `text[start, end)`, in order. */
export function findDefinitions(
  text: string,
  start: number,
  end: number,
  definitions: MacroDefinition[],
  problems: FoundProblem[],
): void {
  for (let i = text.indexOf('\\', start); i !== -1 && i < end; i = text.indexOf('\\', i)) {
    const wordEnd = controlWordEnd(text, i + 1, end);
    if (wordEnd === i + 1) {
      i += 2;
      continue;
    }
    const read = isDefiningCommand(text.slice(i + 1, wordEnd))
      ? readDefinition(text, i, wordEnd, end, text.slice(i + 1, wordEnd))
      : null;
    if (read && 'definition' in read) definitions.push(read.definition);
    else if (read) problems.push(read.problem);
    i = read ? Math.max(read.end, wordEnd) : wordEnd;
  }
}

/** Definitions as KaTeX's `macros` option takes them (`#1` parameters are read from the body by KaTeX). */
export function katexMacros(definitions: readonly MacroDefinition[]): Record<string, string> {
  const macros: Record<string, string> = {};
  for (const d of definitions) macros[d.name] = d.body;
  return macros;
}

/** A user setting (`{"\\R": "\\mathbb{R}"}`) as definitions; the parameter count is the highest `#n` in the body. */
export function definitionsFromSetting(setting: Readonly<Record<string, string>>): MacroDefinition[] {
  return Object.entries(setting).map(([key, body]) => {
    let params = 0;
    for (let i = body.indexOf('#'); i !== -1; i = body.indexOf('#', i + 1)) {
      const n = body.charCodeAt(i + 1) - 48;
      if (n >= 1 && n <= 9) params = Math.max(params, n);
    }
    return { name: key.startsWith('\\') ? key : `\\${key}`, params, body };
  });
}

/** Text after expansion, with a way back to offsets in the original. */
export interface Expansion {
  text: string;
  /** Maps an offset in `text` to the offset in the source; inside an expanded macro, to the macro's start or end. */
  toSource(offset: number): number;
}

export interface ExpansionLimits {
  /** Macro expansions per call, as KaTeX's `maxExpand`. */
  maxExpansions: number;
  /** Characters of output per character of input, plus a constant allowance. */
  maxGrowth: number;
}

export const DEFAULT_EXPANSION_LIMITS: ExpansionLimits = { maxExpansions: 1000, maxGrowth: 20 };

class ExpansionLimitError extends Error {
  constructor(readonly macro: string) {
    super(macro);
  }
}

/**
 * Expands the macros of `macros` in `text[start, end)`. Returns null when nothing was expanded, and a problem
 * message instead of an expansion when the budget ran out (the caller then analyses the unexpanded text).
 */
export function expandMacros(
  text: string,
  start: number,
  end: number,
  macros: ReadonlyMap<string, MacroDefinition>,
  limits: ExpansionLimits = DEFAULT_EXPANSION_LIMITS,
): Expansion | { problem: string } | null {
  if (macros.size === 0) return null;
  const out: string[] = [];
  // Segments of the output: [outStart, srcStart, srcEnd, copied (1) or expanded (0)].
  const segments: number[] = [];
  let outLength = 0;
  let expansions = 0;
  const maxLength = (end - start) * limits.maxGrowth + 10_000;

  const emit = (piece: string, srcStart: number, srcEnd: number, copied: boolean) => {
    if (piece.length === 0) return;
    segments.push(outLength, srcStart, srcEnd, copied ? 1 : 0);
    out.push(piece);
    outLength += piece.length;
  };

  // Expands `s[from, to)` into a string; used for macro bodies (depth > 0), where offsets need not be mapped.
  const expandInner = (s: string, depth: number, pieces: string[], budget: { length: number }) => {
    let copyFrom = 0;
    for (let i = s.indexOf('\\'); i !== -1; i = s.indexOf('\\', i)) {
      const call = readCall(s, i, s.length, macros);
      if (!call) {
        i += 2;
        continue;
      }
      pieces.push(s.slice(copyFrom, i));
      budget.length += i - copyFrom;
      if (++expansions > limits.maxExpansions || depth > 100 || budget.length > maxLength)
        throw new ExpansionLimitError(call.name);
      expandInner(call.replacement, depth + 1, pieces, budget);
      i = copyFrom = call.end;
    }
    pieces.push(s.slice(copyFrom));
    budget.length += s.length - copyFrom;
    if (budget.length > maxLength) throw new ExpansionLimitError('');
  };

  let copyFrom = start;
  try {
    for (let i = text.indexOf('\\', start); i !== -1 && i < end; i = text.indexOf('\\', i)) {
      const wordEnd = controlWordEnd(text, i + 1, end);
      const word = text.slice(i + 1, wordEnd);
      if (isDefiningCommand(word)) {
        // Definitions stay as written: expanding the name being defined would change what is defined.
        const read = readDefinition(text, i, wordEnd, end, word);
        i = read ? Math.max(read.end, wordEnd) : wordEnd;
        continue;
      }
      const call = readCall(text, i, end, macros);
      if (!call) {
        i = wordEnd > i + 1 ? wordEnd : i + 2;
        continue;
      }
      emit(text.slice(copyFrom, i), copyFrom, i, true);
      if (++expansions > limits.maxExpansions) throw new ExpansionLimitError(call.name);
      const pieces: string[] = [];
      expandInner(call.replacement, 1, pieces, { length: outLength });
      emit(pieces.join(''), i, call.end, false);
      i = copyFrom = call.end;
    }
  } catch (err) {
    if (!(err instanceof ExpansionLimitError)) throw err;
    return {
      problem: `Macro expansion${err.macro ? ` of ${err.macro}` : ''} exceeded its limit (${limits.maxExpansions} expansions or ${limits.maxGrowth}x growth); the formula is analysed unexpanded`,
    };
  }
  if (segments.length === 0) return null;
  emit(text.slice(copyFrom, end), copyFrom, end, true);

  return {
    text: out.join(''),
    toSource(offset: number): number {
      let lo = 0;
      let hi = segments.length / 4 - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >>> 1;
        if (segments[mid * 4] <= offset) lo = mid;
        else hi = mid - 1;
      }
      const [outStart, srcStart, srcEnd, copied] = segments.slice(lo * 4, lo * 4 + 4);
      if (copied) return Math.min(srcEnd, srcStart + (offset - outStart));
      return offset === outStart ? srcStart : srcEnd;
    },
  };
}

/** A use of a defined macro at `i`: its name, its replacement with arguments substituted, and where it ends. */
function readCall(
  s: string,
  i: number,
  end: number,
  macros: ReadonlyMap<string, MacroDefinition>,
): { name: string; replacement: string; end: number } | null {
  let nameEnd = controlWordEnd(s, i + 1, end);
  if (nameEnd === i + 1) nameEnd = Math.min(end, i + 2);
  const macro = macros.get(s.slice(i, nameEnd));
  if (!macro) return null;
  const args: string[] = [];
  let j = nameEnd;
  for (let n = 0; n < macro.params; n++) {
    if (n === 0 && macro.optionalDefault !== undefined) {
      const optional = readBracketed(s, skipBlanks(s, j, end), end);
      args.push(optional ? optional.content : macro.optionalDefault);
      if (optional) j = optional.end;
      continue;
    }
    const arg = readArgument(s, j, end);
    if (!arg) return null;
    args.push(arg.content);
    j = arg.end;
  }
  const replacement = macro.params === 0 ? macro.body : substituteParameters(macro.body, args);
  return { name: macro.name, replacement, end: j };
}

function readArgument(s: string, i: number, end: number): { content: string; end: number } | null {
  const at = skipBlanks(s, i, end);
  if (at >= end) return null;
  const c = s.charCodeAt(at);
  if (c === LBRACE) {
    const close = groupEnd(s, at, end);
    return close === -1 ? null : { content: s.slice(at + 1, close - 1), end: close };
  }
  if (c === BACKSLASH) {
    let wordEnd = controlWordEnd(s, at + 1, end);
    if (wordEnd === at + 1) wordEnd = Math.min(end, at + 2);
    return { content: s.slice(at, wordEnd), end: wordEnd };
  }
  return { content: s[at], end: at + 1 };
}

function substituteParameters(body: string, args: readonly string[]): string {
  let result = '';
  let from = 0;
  for (let i = body.indexOf('#'); i !== -1; i = body.indexOf('#', i + 1)) {
    const n = body.charCodeAt(i + 1) - 48;
    if (n < 1 || n > args.length) continue;
    result += body.slice(from, i) + args[n - 1];
    from = i + 2;
    i++;
  }
  return result + body.slice(from);
}
