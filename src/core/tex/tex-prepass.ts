// The pass over a formula's tokens before parsing: drops what only styles, spaces, labels or frames the math,
// and turns the spellings that mean the same token into that token (bar aliases, Markdown escapes such as `d\_k`,
// Python's `**`, full-width punctuation). Offsets are kept, so errors still point into the TeX as written.
import { labelEnd, lineStarts } from './leading-label';
import type { Token } from './tex-lexer';
import * as vocabulary from './vocabulary';

// Bound once at load: CommonJS transpilation (tests, benchmarks) would otherwise read every imported name
// through a property getter inside the hot loops.
const {
  BAR_ALIASES,
  DROPPED_WITH_ARGUMENT,
  FONT_SWITCHES,
  FRAMES,
  FULL_WIDTH,
  INVISIBLE,
  MARKDOWN_ESCAPES,
  RELATIONS,
  SECOND_ARGUMENT,
  SIZES,
  SPACING,
  UNICODE_COMMANDS,
  UNICODE_MINUS,
  UNICODE_SUPERSCRIPTS,
} = vocabulary;

const isChar = (t: Token | undefined, text: string): boolean => t?.kind === 'char' && t.text === text;

/** For each `{` its matching `}` (and the reverse is not needed); unmatched braces are left to the parser. */
function matchBraces(tokens: readonly Token[]): Int32Array {
  const match = new Int32Array(tokens.length).fill(-1);
  const open: number[] = [];
  tokens.forEach((t, i) => {
    if (isChar(t, '{')) open.push(i);
    else if (isChar(t, '}')) {
      const o = open.pop();
      if (o !== undefined) match[o] = i;
    }
  });
  return match;
}

/**
 * For `\overset{..}{=}` at `i`: the index of the relation its second argument holds alone, or -1 when it holds
 * anything else (`\overset{a}{x}` is x, left to the parser).
 */
function decoratedRelation(tokens: readonly Token[], match: Int32Array, i: number): number {
  const first = i + 1;
  if (!isChar(tokens[first], '{') || match[first] === -1) return -1;
  const second = match[first] + 1;
  if (!isChar(tokens[second], '{') || match[second] !== second + 2) return -1;
  const t = tokens[second + 1];
  const relation = (t.kind === 'char' && '=<>'.includes(t.text)) || (t.kind === 'command' && RELATIONS[t.name]);
  return relation ? second + 1 : -1;
}

export function prepass(tokens: readonly Token[], tex: string): Token[] {
  const match = matchBraces(tokens);
  /** Labels before a line's formula (`\mathrm{MQA}:`, `\textbf{Step 2:}~`), by their first token: their end. */
  const labels = new Map<number, number>();
  for (const start of lineStarts(tokens, match)) {
    const end = labelEnd(tokens, match, start, tex);
    if (end !== start) labels.set(start, end);
  }
  /** Closing braces of groups whose command was dropped with its braces. */
  const unwrapped = new Set<number>();
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (unwrapped.has(i)) continue;
    const label = labels.get(i);
    if (label !== undefined) {
      i = label - 1;
      continue;
    }
    if (t.kind === 'char') {
      if (INVISIBLE.has(t.text)) continue;
      const ascii = t.text === UNICODE_MINUS ? '-' : FULL_WIDTH[t.text];
      if (ascii) {
        out.push({ ...t, text: ascii });
        continue;
      }
      const command = UNICODE_COMMANDS[t.text];
      if (command) {
        out.push({ kind: 'command', name: command, start: t.start, end: t.end, spaceBefore: t.spaceBefore });
        continue;
      }
      const mark = UNICODE_SUPERSCRIPTS[t.text];
      // `Kᵀ` is K^T; `^⊤` (after a written caret) is K^\top.
      if (mark && !isChar(out[out.length - 1], '^')) {
        out.push({ kind: 'char', text: '^', start: t.start, end: t.end, spaceBefore: t.spaceBefore });
      }
      if (mark) {
        out.push(
          mark.startsWith('\\')
            ? { kind: 'command', name: mark.slice(1), start: t.start, end: t.end, spaceBefore: false }
            : { kind: 'char', text: mark, start: t.start, end: t.end, spaceBefore: false },
        );
        continue;
      }
      // `||x - y||`: the double bar of a norm, typed as two bars.
      if (t.text === '|' && isChar(tokens[i + 1], '|') && !tokens[i + 1].spaceBefore) {
        out.push({ kind: 'command', name: '|', start: t.start, end: tokens[i + 1].end, spaceBefore: t.spaceBefore });
        i++;
        continue;
      }
      // `Q*K**T`: a power written as in Python.
      if (t.text === '*' && isChar(tokens[i + 1], '*') && !tokens[i + 1].spaceBefore) {
        out.push({ ...t, text: '^', end: tokens[i + 1].end });
        i++;
        continue;
      }
      out.push(t);
      continue;
    }
    if (t.kind !== 'command') {
      out.push(t);
      continue;
    }
    const name = t.name;
    if (SPACING.has(name) || FONT_SWITCHES.has(name)) continue;
    if (SIZES.has(name) || FRAMES.has(name)) {
      // `\Large{...}` and `\boxed{...}`: the braces go with the command, so an equation inside stays one.
      if (isChar(tokens[i + 1], '{') && match[i + 1] !== -1) {
        unwrapped.add(match[i + 1]);
        i++;
      }
      continue;
    }
    if (DROPPED_WITH_ARGUMENT.has(name)) {
      const open = isChar(tokens[i + 1], '*') ? i + 2 : i + 1;
      if (isChar(tokens[open], '{') && match[open] !== -1) {
        i = match[open];
        continue;
      }
    }
    const relation = SECOND_ARGUMENT.has(name) ? decoratedRelation(tokens, match, i) : -1;
    if (relation !== -1) {
      // `\stackrel{\text{def}}{=}`, `\overset{!}{=}`: the relation itself, whatever is written over it.
      out.push({ ...tokens[relation], start: t.start, spaceBefore: t.spaceBefore });
      i = relation + 1;
      continue;
    }
    const escaped = MARKDOWN_ESCAPES[name];
    if (escaped) {
      out.push({ kind: 'char', text: escaped, start: t.start, end: t.end, spaceBefore: t.spaceBefore });
      continue;
    }
    const bar = BAR_ALIASES[name];
    if (bar === '|') out.push({ kind: 'char', text: '|', start: t.start, end: t.end, spaceBefore: t.spaceBefore });
    else if (bar) out.push({ ...t, name: '|' });
    else out.push(t);
  }
  return out;
}
