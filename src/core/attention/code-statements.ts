// What the readers of a note's code make of one statement's text, made once for each statement and kept with it:
// a statement unchanged by an edit is not lexed, parsed or matched again, and the readers' passes over the code
// only fold these, in order, over the values the statements before gave.
import { assignedNames, type StatementText } from '../document/code-blocks';
import { walk } from '../tex/expr';
import { type PythonLine, parsePythonLine } from './python-expr';

export interface ParsedStatement {
  /** The names the statement gives new values to, however it does. */
  assigned: string[];
  /** The name a plain assignment `name = ..` gives its value to; none in an indented statement. */
  target: string | undefined;
  /** The call drawing a value at random (`torch.rand`), in an assignment. */
  drawn: string | undefined;
  /** The statement read as arithmetic; null when indented or not arithmetic this reader knows. */
  line: PythonLine | null;
  /** The names `line` reads. */
  uses: string[];
  /** The statement changes no name and reads as nothing: every reader passes over it. */
  inert: boolean;
}

/** Calls whose result is random, or set up from randomness: weights a layer initialises itself. */
const RANDOM_DRAW =
  /\b(?:(?:torch|np|numpy|tf|jax|jnp)\.(?:random\.)?(?:rand|randn|randint|rand_like|randn_like|normal|uniform|permutation|choice)|random\.\w+)\s*\(/;
/** Layers that draw their own weights, and dropout. */
const RANDOM_LAYER =
  /\b(?:(?:nn|layers|keras\.layers)\.(?:Linear|Dense|Embedding|Parameter|MultiheadAttention|MultiHeadAttention)|init\.\w+_|[Dd]ropout)\s*\(/;
const ASSIGN = /^([A-Za-z_]\w*)\s*=(?!=)/;

/** What is made of `st`'s text, read on first use. */
export function parsedStatement(st: StatementText): ParsedStatement {
  let parsed = st.parsed as ParsedStatement | undefined;
  if (!parsed) {
    parsed = parse(st);
    st.parsed = parsed;
  }
  return parsed;
}

/** Whether a statement may matter to a reader: statements that do not are passed over without a look around. */
export const mayMatter = (st: StatementText): boolean => !parsedStatement(st).inert;

function parse(st: StatementText): ParsedStatement {
  const { text } = st;
  const assigned = assignedNames(text);
  const target = st.indented ? undefined : ASSIGN.exec(text)?.[1];
  const drawn = target === undefined ? undefined : (RANDOM_DRAW.exec(text) ?? RANDOM_LAYER.exec(text))?.[0];
  const line = st.indented ? null : parsePythonLine(text);
  const uses = line ? [...walk(line.expr)].flatMap((n) => (n.type === 'symbol' ? [n.name] : [])) : [];
  return {
    assigned,
    target,
    drawn: drawn?.replace(/\s*\($/, ''),
    line,
    uses,
    inert: assigned.length === 0 && target === undefined && line === null,
  };
}
