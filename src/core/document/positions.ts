// Offsets <-> line/character, the way VS Code counts: lines end at `\n`, `\r\n` or a lone `\r`, and characters
// are UTF-16 code units (so an emoji counts 2 and a CJK character 1, exactly as JavaScript strings index them).
import type { Position, Range } from './document-model';

/**
 * This table's text is the text of an earlier table, named by its key `base` (see `keepAsBase`) and `baseLength`
 * long, with [start, oldEnd) replaced by what is now [start, newEnd).
 */
export interface TextOrigin {
  base: object;
  baseLength: number;
  start: number;
  oldEnd: number;
  newEnd: number;
}

export class LineIndex {
  /** Offset at which each line starts; the first is 0. */
  private readonly starts: LineStarts;
  private from: TextOrigin | undefined;
  private baseKey: object | undefined;
  /** The line of the last `positionAt`. */
  private lastLine = 0;

  constructor(
    /** The text the table is of. */
    readonly text: string,
    starts?: LineStarts,
    origin?: TextOrigin,
  ) {
    this.starts = starts ?? LineStarts.of(lineStartsOf(text));
    this.from = origin;
  }

  /**
   * Where this table's text came from: the last table marked with `keepAsBase` before it, and the one span the
   * edits since then changed. Lets work keyed by a table (the headings) redo only that span.
   */
  get origin(): TextOrigin | undefined {
    return this.from;
  }

  /**
   * Later tables record their origin from this one, by the key returned (the same on each call): work keyed by it
   * outlives the table, whose text is not kept alive by later ones. This table's own origin is then dropped.
   */
  keepAsBase(): object {
    this.from = undefined;
    this.baseKey ??= {};
    return this.baseKey;
  }

  /** The key of `keepAsBase`, if it was called. */
  get key(): object | undefined {
    return this.baseKey;
  }

  /**
   * The table of `text`, which is this table's text with [start, oldEnd) replaced by what is now [start, newEnd):
   * only the replaced lines are read again; the later ones are moved, a chunk of them at a time.
   */
  edited(text: string, start: number, oldEnd: number, newEnd: number): LineIndex {
    const starts = this.starts;
    // A line start depends on the two characters before it and the one at it (`\r\n` is one break).
    let keep = starts.lastAtOrBefore(start);
    if (starts.start(keep) === start && keep > 0) keep--;
    const changed: number[] = [];
    for (let i = starts.start(keep) + 1; i <= newEnd && i <= text.length; i++)
      if (isLineStart(text, i)) changed.push(i);
    const movedFrom = starts.lastAtOrBefore(oldEnd) + 1;
    const next = starts.edited(keep, changed, movedFrom, newEnd - oldEnd);
    return new LineIndex(text, next, this.originOf(text, start, oldEnd, newEnd));
  }

  /** The origin of the table `edited` makes: from this one, or from this one's base through both changes. */
  private originOf(text: string, start: number, oldEnd: number, newEnd: number): TextOrigin | undefined {
    if (this.baseKey) return { base: this.baseKey, baseLength: this.text.length, start, oldEnd, newEnd };
    const o = this.from;
    if (!o) return undefined;
    // Two spans in one: the shorter unchanged prefix, and the shorter unchanged suffix.
    const suffix = Math.min(this.text.length - o.newEnd, this.text.length - oldEnd);
    return {
      base: o.base,
      baseLength: o.baseLength,
      start: Math.min(o.start, start),
      oldEnd: o.baseLength - suffix,
      newEnd: text.length - suffix,
    };
  }

  get lineCount(): number {
    return this.starts.count;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const starts = this.starts;
    // A scan asks in document order: the line of the last answer or one of the next few is found without a search.
    let line = this.lastLine;
    if (starts.start(line) <= clamped) {
      const limit = Math.min(line + 8, starts.count - 1);
      while (line < limit && starts.start(line + 1) <= clamped) line++;
      if (line === limit && line + 1 < starts.count && starts.start(line + 1) <= clamped)
        line = starts.lastAtOrBefore(clamped);
    } else line = starts.lastAtOrBefore(clamped);
    this.lastLine = line;
    return { line, character: clamped - starts.start(line) };
  }

  offsetAt(position: Position): number {
    const starts = this.starts;
    if (position.line < 0) return 0;
    if (position.line >= starts.count) return this.text.length;
    const start = starts.start(position.line);
    const next = position.line + 1 < starts.count ? starts.start(position.line + 1) : this.text.length;
    return Math.min(start + Math.max(0, position.character), next);
  }

  range(startOffset: number, endOffset: number): Range {
    return { start: this.positionAt(startOffset), end: this.positionAt(endOffset) };
  }
}

/** Lines per chunk of a line table: an edit copies the chunk it is in and moves the later chunks, not their lines. */
const CHUNK_LINES = 4096;

/**
 * The line starts of a text, in chunks. The tables of later texts share the chunks no edit reached; a chunk after
 * an edit is shared too, with the edit's shift added to its `shift`. So an edit costs its chunk and one entry per
 * chunk, not one per line: a large note has hundreds of thousands of lines.
 */
export class LineStarts {
  /** The chunk of the last line asked: lines are mostly asked near the last one. */
  private last = 0;

  private constructor(
    private readonly chunks: readonly Int32Array[],
    /** Added to each start of the chunk at the same index. */
    private readonly shifts: Int32Array,
    /** The line number of each chunk's first line. */
    private readonly firsts: Int32Array,
    readonly count: number,
    private readonly chunkLines: number,
  ) {}

  /** `starts` (the first is 0) in chunks of `chunkLines`. */
  static of(starts: Int32Array, chunkLines = CHUNK_LINES): LineStarts {
    const chunks: Int32Array[] = [];
    for (let at = 0; at < starts.length; at += chunkLines) chunks.push(starts.subarray(at, at + chunkLines));
    return LineStarts.made(chunks, new Int32Array(chunks.length), starts.length, chunkLines);
  }

  private static made(chunks: Int32Array[], shifts: Int32Array, count: number, chunkLines: number): LineStarts {
    const firsts = new Int32Array(chunks.length);
    for (let k = 1; k < chunks.length; k++) firsts[k] = firsts[k - 1] + chunks[k - 1].length;
    return new LineStarts(chunks, shifts, firsts, count, chunkLines);
  }

  /** Where line `line` starts. */
  start(line: number): number {
    const k = this.chunkOf(line);
    return this.chunks[k][line - this.firsts[k]] + this.shifts[k];
  }

  /** The last line starting at or before `offset`. */
  lastAtOrBefore(offset: number): number {
    const { chunks, shifts } = this;
    const k = lastAtMost(chunks.length, (i) => chunks[i][0] + shifts[i], offset);
    this.last = k;
    const chunk = chunks[k];
    return this.firsts[k] + lastAtMost(chunk.length, (i) => chunk[i], offset - shifts[k]);
  }

  /** Lines up to `keep` kept, then lines starting at `changed`, then lines from `movedFrom` on moved by `delta`. */
  edited(keep: number, changed: readonly number[], movedFrom: number, delta: number): LineStarts {
    const { chunks, shifts, firsts } = this;
    const first = this.chunkOf(keep);
    let last = movedFrom < this.count ? this.chunkOf(movedFrom) : chunks.length - 1;
    // The lines of the chunks from `first` to `last` are made again; the chunks around them are shared. Too few to
    // make a chunk of their own, they are made with the next chunk, so that deletions leave no run of small chunks.
    const size = () => keep + 1 - firsts[first] + changed.length + firsts[last] + chunks[last].length - movedFrom;
    while (size() < this.chunkLines / 2 && last + 1 < chunks.length) last++;
    const lineEnd = firsts[last] + chunks[last].length;
    const lines = new Int32Array(keep + 1 - firsts[first] + changed.length + Math.max(0, lineEnd - movedFrom));
    let n = 0;
    for (let line = firsts[first]; line <= keep; line++) lines[n++] = this.start(line);
    for (const c of changed) lines[n++] = c;
    for (let line = movedFrom; line < lineEnd; line++) lines[n++] = this.start(line) + delta;
    // In chunks of even size, so that lines added one at a time leave no run of small chunks either.
    const pieces = Math.ceil(lines.length / this.chunkLines);
    const per = Math.ceil(lines.length / pieces);
    const made: Int32Array[] = [];
    for (let at = 0; at < lines.length; at += per) made.push(lines.subarray(at, at + per));
    const after = chunks.length - 1 - last;
    const nextShifts = new Int32Array(first + made.length + after);
    nextShifts.set(shifts.subarray(0, first));
    for (let k = 0; k < after; k++) nextShifts[first + made.length + k] = shifts[last + 1 + k] + delta;
    const nextChunks = [...chunks.slice(0, first), ...made, ...chunks.slice(last + 1)];
    const count = keep + 1 + changed.length + this.count - movedFrom;
    return LineStarts.made(nextChunks, nextShifts, count, this.chunkLines);
  }

  private chunkOf(line: number): number {
    const { chunks, firsts } = this;
    const k = this.last;
    if (line >= firsts[k] && line < firsts[k] + chunks[k].length) return k;
    this.last = lastAtMost(chunks.length, (i) => firsts[i], line);
    return this.last;
  }
}

/** Binary search for the last of `count` indices, in ascending order of `key`, whose key is at most `value` (or 0). */
function lastAtMost(count: number, key: (i: number) => number, value: number): number {
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (key(mid) <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function isLineStart(text: string, i: number): boolean {
  const before = text.charCodeAt(i - 1);
  return before === 10 || (before === 13 && text.charCodeAt(i) !== 10);
}

function lineStartsOf(text: string): Int32Array {
  const starts = new GrowingInts();
  starts.push(0);
  if (text.indexOf('\r') === -1) {
    // Common case: `\n` only, found with the engine's fast substring search.
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts.done();
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts.done();
}

/** An Int32Array filled one value at a time, doubling as it grows. */
class GrowingInts {
  private items = new Int32Array(1024);
  private length = 0;

  push(value: number): void {
    if (this.length === this.items.length) {
      const larger = new Int32Array(this.items.length * 2);
      larger.set(this.items);
      this.items = larger;
    }
    this.items[this.length++] = value;
  }

  done(): Int32Array {
    return this.items.slice(0, this.length);
  }
}
