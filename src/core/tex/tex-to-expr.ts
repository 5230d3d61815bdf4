// Reads the TeX people write for attention formulas into an expression tree (see expr.ts): the lexer
// (tex-lexer.ts), the pre-pass that drops styling and normalises spellings (tex-prepass.ts), then the parser
// (tex-parser.ts), with the limits that keep hostile input bounded.
import { children, type Expr, type Formula, TexError } from './expr';
import { tokenize } from './tex-lexer';
import { MAX_NESTING, Parser } from './tex-parser';
import { prepass } from './tex-prepass';

export { symbolName } from './tex-parser';

const MAX_TOKENS = 5000;

/** Reads TeX math into equations of expressions. Throws TexError, with the offending offsets, on bad input. */
export function parseTex(tex: string): Formula {
  // The pre-pass drops spacing and sizing commands, so twice the limit is read before counting.
  const tokens = prepass(tokenize(tex, 2 * MAX_TOKENS), tex);
  if (tokens.length > MAX_TOKENS) {
    throw new TexError(`the formula is too long to read (more than ${MAX_TOKENS} tokens)`, 0, tex.length);
  }
  const formula = new Parser(tex, tokens).formula();
  for (const eq of formula.equations) {
    for (const side of eq.sides) {
      if (depthOf(side) > MAX_NESTING) {
        throw new TexError(`the formula nests deeper than ${MAX_NESTING} levels`, side.start, side.end);
      }
    }
  }
  return formula;
}

/** Tree depth, without recursion: a chain of 300 products is as deep as 300 nested groups. */
function depthOf(root: Expr): number {
  let deepest = 0;
  const stack: [Expr, number][] = [[root, 1]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [e, depth] = item;
    deepest = Math.max(deepest, depth);
    for (const c of children(e)) stack.push([c, depth + 1]);
  }
  return deepest;
}

export type ParseResult = { ok: true; formula: Formula } | { ok: false; error: TexError };

/** parseTex without exceptions, for callers that report problems rather than stop. */
export function tryParseTex(tex: string): ParseResult {
  try {
    return { ok: true, formula: parseTex(tex) };
  } catch (err) {
    if (err instanceof TexError) return { ok: false, error: err };
    throw err;
  }
}
