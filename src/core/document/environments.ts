// `\begin{..}` / `\end{..}` pairs of a piece of TeX, matched in one pass with a stack, so nested environments
// (a block matrix, an `aligned` inside `equation`) are found without rescanning.
import * as lexing from '../tex/tex-lexing';

// Bound once at load: CommonJS transpilation (tests, benchmarks) would otherwise read every imported name
// through a property getter inside the hot loops.
const { controlWordEnd, readEnvironmentName } = lexing;

export interface EnvironmentMatch {
  name: string;
  /** Where the body starts: after `\begin{name}`. */
  bodyStart: number;
  /** The backslash of `\end{name}`. */
  close: number;
  /** After `\end{name}`. */
  after: number;
}

/** Keyed by the offset of the `\begin` backslash. Unclosed environments have no entry. */
export type EnvironmentMatches = ReadonlyMap<number, EnvironmentMatch>;

export function matchEnvironments(text: string, start: number, end: number): EnvironmentMatches {
  const matches = new Map<number, EnvironmentMatch>();
  const open: { begin: number; name: string; bodyStart: number }[] = [];
  const openByName = new Map<string, number>();
  for (let i = text.indexOf('\\', start); i !== -1 && i < end; i = text.indexOf('\\', i)) {
    const wordEnd = controlWordEnd(text, i + 1, end);
    const isBegin = wordEnd - i === 6 && text.startsWith('begin', i + 1);
    const isEnd = wordEnd - i === 4 && text.startsWith('end', i + 1);
    const env = isBegin || isEnd ? readEnvironmentName(text, wordEnd, end) : null;
    if (!env) {
      i = Math.max(wordEnd, i + 2);
      continue;
    }
    if (isBegin) {
      open.push({ begin: i, name: env.name, bodyStart: env.after });
      openByName.set(env.name, (openByName.get(env.name) ?? 0) + 1);
    } else if (openByName.get(env.name)) {
      // An `\end` closes the innermost open environment of its name; anything opened after that stays unclosed.
      // Popped entries never come back, so the whole pass stays linear.
      for (;;) {
        const o = open.pop() as (typeof open)[number];
        openByName.set(o.name, (openByName.get(o.name) ?? 1) - 1);
        if (o.name === env.name) {
          matches.set(o.begin, { name: o.name, bodyStart: o.bodyStart, close: i, after: env.after });
          break;
        }
      }
    }
    i = env.after;
  }
  return matches;
}
