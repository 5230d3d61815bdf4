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
};

export type MacroFileProblem =
  | { path: string; kind: 'missing' | 'too-large' | 'too-many' | 'too-deep' }
  | { path: string; kind: 'not-macros'; detail: string };

export interface MacroLoad {
  /** In the order read: a later definition of a name replaces an earlier one. */
  definitions: MacroDefinition[];
  problems: MacroFileProblem[];
  /** Every file read, for a caller that reloads when one changes. */
  read: string[];
}

/** A path to read, and how deep in the includes it is (0: a macro file or the document). */
interface Pending {
  path: string;
  depth: number;
  /** Macro files are read whole; included LaTeX files too, for their definitions and their own includes. */
  json: boolean;
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

/** The files a LaTeX source brings in with \input{..} and \include{..}, `.tex` added where no extension is given. */
export function includedFiles(text: string): string[] {
  const clean = withoutComments(text);
  const files: string[] = [];
  for (const m of clean.matchAll(/\\(?:input|include)\s*\{([^{}\n]{1,300})\}/g)) {
    const name = m[1].trim();
    if (name) files.push(/\.[A-Za-z0-9]+$/.test(name) ? name : `${name}.tex`);
  }
  return files;
}

/**
 * Walks the macro files, then (for a LaTeX document) what the document brings in. Yields `{ from, path }`: the
 * file to read, written relative to `from` (null: as given); the driver sends back the resolved path's content,
 * or null when it cannot be read. `resolve` turns a written path into the one reported and read again.
 */
export function* macroWalk(
  macroFiles: readonly string[],
  latexDocument: { path: string; text: string } | null,
  resolve: (from: string | null, path: string) => string,
): Generator<string, MacroLoad, string | null> {
  const load: MacroLoad = { definitions: [], problems: [], read: [] };
  const queue: Pending[] = macroFiles.map((path) => ({
    path: resolve(null, path),
    depth: 0,
    json: path.toLowerCase().endsWith('.json'),
  }));
  const seen = new Set<string>();
  const readTex = (text: string, path: string, depth: number) => {
    load.definitions.push(...definitionsInTex(text));
    for (const name of includedFiles(text)) queue.push({ path: resolve(path, name), depth: depth + 1, json: false });
  };
  if (latexDocument) {
    seen.add(latexDocument.path);
    // The scanner reads the document's own \newcommand, \def ... (its preamble included); not paired delimiters.
    load.definitions.push(...pairedDelimiters(withoutComments(latexDocument.text)));
    for (const name of includedFiles(latexDocument.text))
      queue.push({ path: resolve(latexDocument.path, name), depth: 1, json: false });
  }
  for (let next = queue.shift(); next; next = queue.shift()) {
    if (seen.has(next.path)) continue;
    seen.add(next.path);
    if (next.depth > MACRO_FILE_LIMITS.maxDepth) {
      load.problems.push({ path: next.path, kind: 'too-deep' });
      continue;
    }
    if (load.read.length >= MACRO_FILE_LIMITS.maxFiles) {
      load.problems.push({ path: next.path, kind: 'too-many' });
      continue;
    }
    const content = yield next.path;
    if (content === null) {
      load.problems.push({ path: next.path, kind: 'missing' });
      continue;
    }
    load.read.push(next.path);
    if (content.length > MACRO_FILE_LIMITS.maxLength) {
      load.problems.push({ path: next.path, kind: 'too-large' });
      continue;
    }
    if (!next.json) {
      readTex(content, next.path, next.depth);
      continue;
    }
    const json = definitionsInJson(content);
    if (typeof json === 'string') load.problems.push({ path: next.path, kind: 'not-macros', detail: json });
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
    case 'too-many':
      return `${p.path}: not read, ${MACRO_FILE_LIMITS.maxFiles} macro files have been read already`;
    case 'too-deep':
      return `${p.path}: not read, included more than ${MACRO_FILE_LIMITS.maxDepth} levels deep`;
    case 'not-macros':
      return `${p.path}: not a macros file (${p.detail})`;
  }
}
