// Which part of an attention formula the cursor is on: the innermost node of the expression tree at an offset
// of the TeX, and what it stands for (a role, a dimension, a projection, softmax, the scale).
import type { Classification, Roles } from '../attention/classify';
import { type DimensionKind, dimensionKind, isKeyWidth, roleOfLetter } from '../attention/conventions';
import { children, type Expr, type Formula } from '../tex/expr';
import type { Role, Topic } from './explain-model';

/** The dimension each conventional kind is explained as; a length that says not whose has no topic. */
const DIMENSION_TOPICS: Readonly<Partial<Record<DimensionKind, Extract<Topic, { type: 'dimension' }>['dimension']>>> = {
  'key-width': 'd_k',
  'value-width': 'd_v',
  'query-length': 'l_q',
  'key-length': 'l_k',
  'model-width': 'd_model',
  heads: 'h',
};

/** The innermost node whose TeX contains `offset`, and its ancestors, outermost first. */
export function nodePathAt(formula: Formula, offset: number): Expr[] {
  const path: Expr[] = [];
  const within = (e: Expr) => e.start <= offset && offset < e.end;
  for (const eq of formula.equations) {
    let found = eq.sides.find(within);
    while (found) {
      path.push(found);
      found = children(found).find(within);
    }
    if (path.length > 0) break;
  }
  return path;
}

/** The role a name plays in a formula: from the classifier when it found one, else by the usual letters. */
export function roleOf(name: string, roles: Roles): Role | null {
  for (const role of ['query', 'key', 'value', 'mask'] as const) if (roles[role] === name) return role;
  return roleOfLetter(name);
}

/** What a symbol name stands for, or null when it is not one of the symbols of attention. */
export function topicOfName(name: string, roles: Roles): Topic | null {
  const role = roleOf(name, roles);
  if (role) return { type: 'role', role };
  const kind = dimensionKind(name);
  const dimension = kind && DIMENSION_TOPICS[kind];
  if (dimension) return { type: 'dimension', dimension };
  const projection = /^W(?:_\{?([^}^]+)\}?)?\^\{?([QKVO])\}?$/.exec(name) ?? /^W_\{?([QKVO])\}?$/i.exec(name);
  if (projection) {
    const [target, head] =
      projection.length === 3 ? [projection[2], projection[1] ?? null] : [projection[1].toUpperCase(), null];
    return target === 'O'
      ? { type: 'output-projection' }
      : { type: 'projection', target: target as 'Q' | 'K' | 'V', head };
  }
  const head = /^head_\{?([^}]+)\}?$/.exec(name);
  if (head) return { type: 'head', index: head[1] };
  return null;
}

export { isKeyWidth };

/** The symbol (or TeX) a scale is the square root of, when `e` is `\sqrt{x}` or `1/\sqrt{x}` or `y/\sqrt{x}`. */
function sqrtScaleOf(e: Expr, tex: string): string | null {
  if (e.type === 'sqrt' && e.index === null)
    return e.arg.type === 'symbol' ? e.arg.name : tex.slice(e.arg.start, e.arg.end).trim();
  if (e.type === 'divide' && e.denominator.type === 'sqrt') return sqrtScaleOf(e.denominator, tex);
  return null;
}

export interface TopicAt {
  topic: Topic;
  /** The node explained, with offsets into the TeX. */
  node: Expr;
  /** The name shown for it. */
  name: string;
}

/** The topic at `offset` of the classified formula's TeX, or null when the cursor is on nothing in particular. */
export function topicAt(c: Classification, tex: string, offset: number): TopicAt | null {
  if (!c.formula) return null;
  const path = nodePathAt(c.formula, offset);
  const node = path[path.length - 1];
  if (!node) return null;
  switch (node.type) {
    case 'symbol': {
      const topic = topicOfName(node.name, c.roles);
      return topic && { topic, node, name: node.name };
    }
    case 'call':
      return node.fn === 'softmax' ? { topic: { type: 'softmax' }, node, name: 'softmax' } : null;
    case 'sqrt':
    case 'divide': {
      const of = sqrtScaleOf(node, tex);
      const shown = node.type === 'sqrt' ? node : node.denominator;
      if (of === null) return null;
      return { topic: { type: 'scaling', of, standard: isKeyWidth(of) }, node: shown, name: `√${of}` };
    }
    default:
      return null;
  }
}
