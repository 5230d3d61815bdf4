// Macros defined outside the note: macro files (a .sty or preamble .tex with \newcommand, \renewcommand, \def,
// \DeclareMathOperator, \DeclarePairedDelimiter; or a KaTeX macros .json), and for a LaTeX document its preamble
// and the files it brings in with \input and \include. Reading files is the caller's: the walk yields each path
// it needs and takes back the content, so the editor (asynchronous file system) and the command line (synchronous)
// drive the same code. Bounded in depth, file count and size; a file that cannot be read is a problem, not a failure.
import type { MacroDefinition } from '../document/document-model';
import { definitionsFromSetting, findDefinitions } from './macros';
import * as lexing from './tex-lexing';

export const MACRO_FILE_LIMITS = {
  /** \input inside \input ...: deeper files are not read. */
  maxDepth: 4,
  maxFiles: 64,
  /** Characters of one file. */
  maxLength: 1_000_000,
  /** Characters of all the files of one walk. */
  maxTotalLength: 8_000_000,
};

export type MacroFileProblem = (
  | { path: string; kind: 'missing' | 'too-large' | 'too-much' | 'too-many' | 'too-deep' }
  | { path: string; kind: 'not-macros'; detail: string }
) & {
  /** For a file a LaTeX document brings in: its \input (or \include ...) through which the file was reached. */
  at?: { start: number; end: number };
};

export interface MacroLoad {
  /** In the order read: a later definition of a name replaces an earlier one. */
  definitions: MacroDefinition[];
  problems: MacroFileProblem[];
  /** Every file read, for a caller that reloads when one changes. */
  read: string[];
}

const PAIRED = 'DeclarePairedDelimiter';

/**
 * `\DeclarePairedDelimiter{\abs}{\lvert}{\rvert}` (and its X and starred forms read the same way): one argument
 * between the two delimiters.
 */
function pairedDelimiters(text: string): MacroDefinition[] {
  const found: MacroDefinition[] = [];
  for (let i = text.indexOf(`\\${PAIRED}`); i !== -1; i = text.indexOf(`\\${PAIRED}`, i + 1)) {
    let at = lexing.controlWordEnd(text, i + 1, text.length);
    if (text.charCodeAt(at) === 42) at++;
    const groups: string[] = [];
    for (let g = 0; g < 3; g++) {
      at = lexing.skipBlanks(text, at, text.length);
      if (text.charCodeAt(at) !== lexing.LBRACE) break;
      const end = lexing.groupEnd(text, at, text.length);
      if (end < 0) break;
      groups.push(text.slice(at + 1, end - 1).trim());
      at = end;
    }
    if (groups.length === 3 && /^\\[A-Za-z]+$/.test(groups[0]))
      found.push({ name: groups[0], params: 1, body: `${groups[1]} #1 ${groups[2]}` });
  }
  return found;
}

/** Text without TeX comments, kept at the same length so offsets still match. */
function withoutComments(text: string): string {
  return text.replace(/(^|[^\\])%[^\n]*/g, (m, before: string) => before + ' '.repeat(m.length - before.length));
}

/** The definitions of a TeX source: everything macros.ts reads, and paired delimiters. */
export function definitionsInTex(text: string): MacroDefinition[] {
  const clean = withoutComments(text);
  const definitions: MacroDefinition[] = [];
  findDefinitions(clean, 0, clean.length, definitions, []);
  return [...definitions, ...pairedDelimiters(clean)];
}

/** The definitions of a KaTeX macros file: one JSON object of strings. */
function definitionsInJson(content: string): MacroDefinition[] | string {
  let value: unknown;
  try {
    value = JSON.parse(content);
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'a KaTeX macros file is one JSON object';
  const strings = Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string');
  return definitionsFromSetting(Object.fromEntries(strings));
}

/**
 * A file a LaTeX source brings in: `\input{..}` (or `\input name`), `\include`, `\subfile`, `\import{dir}{..}`,
 * `\subimport{dir}{..}`; `.tex` added where no extension is written. [start, end): the command in the source.
 */
export interface Include {
  path: string;
  start: number;
  end: number;
  /** `\subimport` is relative to the including file only; the others first to the document, as TeX reads them. */
  fromFileOnly: boolean;
}

const NAME = String.raw`\s*\{([^{}\n]{1,300})\}`;
const INCLUDE = new RegExp(
  String.raw`\\(?:(input|include|subfile)(?:${NAME}|[ \t]+([^\s{}%\\]{1,300}))|(import|subimport)${NAME}${NAME})`,
  'g',
);

export function includes(text: string): Include[] {
  const clean = withoutComments(text);
  const found: Include[] = [];
  for (const m of clean.matchAll(INCLUDE)) {
    const name = (m[1] ? (m[2] ?? m[3]) : `${m[5].trim().replace(/\/?$/, '/')}${m[6].trim()}`).trim();
    if (!name || name.endsWith('/')) continue;
    found.push({
      path: /\.[A-Za-z0-9]+$/.test(name) ? name : `${name}.tex`,
      start: m.index,
      end: m.index + m[0].length,
      fromFileOnly: m[4] === 'subimport',
    });
  }
  return found;
}

/** Resolves a written path: relative to `from` (a file), or as given when `from` is null. */
export type Resolve = (from: string | null, path: string) => string;

/** A path to read, and how deep in the includes it is (0: a macro file). */
interface Pending {
  /** Where the file may be, in the order tried; the first is the one reported when none can be read. */
  candidates: string[];
  depth: number;
  json: boolean;
  /** The file the walk started from (a macro file, or the LaTeX document): TeX reads \input relative to it. */
  root: string | null;
  /** The \input of the LaTeX document through which the file was reached. */
  at: { start: number; end: number } | null;
}

/**
 * Walks the macro files, then (for a LaTeX document) what the document brings in. Yields each path to read (one
 * `resolve` gave); the driver sends back its content, or null when it cannot be read. A path already read is not
 * read again, so a cycle of includes ends.
 */
export function* macroWalk(
  macroFiles: readonly string[],
  latexDocument: { path: string; text: string } | null,
  resolve: Resolve,
): Generator<string, MacroLoad, string | null> {
  const load: MacroLoad = { definitions: [], problems: [], read: [] };
  const queue: Pending[] = macroFiles.map((path) => {
    const resolved = resolve(null, path);
    return { candidates: [resolved], depth: 0, json: path.toLowerCase().endsWith('.json'), root: resolved, at: null };
  });
  const readTex = (text: string, file: string, from: Pending) => {
    if (from.candidates.length > 0) load.definitions.push(...definitionsInTex(text));
    for (const include of includes(text)) {
      const candidates = [resolve(file, include.path)];
      if (!include.fromFileOnly && from.root !== null && from.root !== file)
        candidates.unshift(resolve(from.root, include.path));
      queue.push({
        candidates: [...new Set(candidates)],
        depth: from.depth + 1,
        json: false,
        root: from.root,
        at:
          from.at ??
          (from.root === latexDocument?.path && from.depth === 0 ? { start: include.start, end: include.end } : null),
      });
    }
  };
  const loaded = new Set<string>();
  const failed = new Set<string>();
  let total = 0;
  if (latexDocument) {
    loaded.add(latexDocument.path);
    // The scanner reads the document's own \newcommand, \def ... (its preamble included); not paired delimiters.
    load.definitions.push(...pairedDelimiters(withoutComments(latexDocument.text)));
    readTex(latexDocument.text, latexDocument.path, {
      candidates: [],
      depth: 0,
      json: false,
      root: latexDocument.path,
      at: null,
    });
  }
  for (let next = queue.shift(); next; next = queue.shift()) {
    const { candidates } = next;
    if (candidates.some((c) => loaded.has(c)) || candidates.every((c) => failed.has(c))) continue;
    const problem = (kind: 'too-deep' | 'too-many' | 'too-large' | 'too-much' | 'missing', path = candidates[0]) =>
      load.problems.push(next.at ? { path, kind, at: next.at } : { path, kind });
    if (next.depth > MACRO_FILE_LIMITS.maxDepth) {
      problem('too-deep');
      for (const c of candidates) failed.add(c);
      continue;
    }
    if (load.read.length >= MACRO_FILE_LIMITS.maxFiles) {
      problem('too-many');
      for (const c of candidates) failed.add(c);
      continue;
    }
    let found: { path: string; content: string } | null = null;
    for (const path of candidates) {
      if (failed.has(path)) continue;
      const content = yield path;
      if (content === null) failed.add(path);
      else {
        found = { path, content };
        break;
      }
    }
    if (!found) {
      problem('missing');
      continue;
    }
    const { path, content } = found;
    loaded.add(path);
    load.read.push(path);
    if (content.length > MACRO_FILE_LIMITS.maxLength) {
      problem('too-large', path);
      continue;
    }
    if (total + content.length > MACRO_FILE_LIMITS.maxTotalLength) {
      problem('too-much', path);
      continue;
    }
    total += content.length;
    if (!next.json) {
      readTex(content, path, next);
      continue;
    }
    const json = definitionsInJson(content);
    if (typeof json === 'string') load.problems.push({ path, kind: 'not-macros', detail: json });
    else load.definitions.push(...json);
  }
  return load;
}

/** Runs the walk with a synchronous reader. */
export function loadMacrosSync(
  walk: Generator<string, MacroLoad, string | null>,
  read: (path: string) => string | null,
): MacroLoad {
  let step = walk.next();
  while (!step.done) step = walk.next(read(step.value));
  return step.value;
}

/** Runs the walk with an asynchronous reader. */
export async function loadMacros(
  walk: Generator<string, MacroLoad, string | null>,
  read: (path: string) => Promise<string | null>,
): Promise<MacroLoad> {
  let step = walk.next();
  while (!step.done) step = walk.next(await read(step.value));
  return step.value;
}

/** A problem in one line of English, for the log and the command line. */
export function problemText(p: MacroFileProblem): string {
  switch (p.kind) {
    case 'missing':
      return `${p.path}: cannot be read`;
    case 'too-large':
      return `${p.path}: larger than ${MACRO_FILE_LIMITS.maxLength} characters, not read`;
    case 'too-much':
      return `${p.path}: not read, the files read before it hold ${MACRO_FILE_LIMITS.maxTotalLength} characters`;
    case 'too-many':
      return `${p.path}: not read, ${MACRO_FILE_LIMITS.maxFiles} macro files have been read already`;
    case 'too-deep':
      return `${p.path}: not read, included more than ${MACRO_FILE_LIMITS.maxDepth} levels deep`;
    case 'not-macros':
      return `${p.path}: not a macros file (${p.detail})`;
  }
}
