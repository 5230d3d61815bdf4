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
  /** Offset at which each line starts; lineStarts[0] is 0. Typed, so an edit moves the later lines in a tight loop. */
  private readonly lineStarts: Int32Array;
  private from: TextOrigin | undefined;
  private baseKey: object | undefined;
  /** The line of the last `positionAt`. */
  private lastLine = 0;

  constructor(
    /** The text the table is of. */
    readonly text: string,
    lineStarts?: Int32Array,
    origin?: TextOrigin,
  ) {
    this.lineStarts = lineStarts ?? lineStartsOf(text);
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
   * only the replaced lines are read again, the later ones are moved.
   */
  edited(text: string, start: number, oldEnd: number, newEnd: number): LineIndex {
    const starts = this.lineStarts;
    // A line start depends on the two characters before it and the one at it (`\r\n` is one break).
    let keep = lastAtOrBefore(starts, start);
    if (starts[keep] === start && keep > 0) keep--;
    const changed: number[] = [];
    for (let i = starts[keep] + 1; i <= newEnd && i <= text.length; i++) if (isLineStart(text, i)) changed.push(i);
    const movedFrom = lastAtOrBefore(starts, oldEnd) + 1;
    const head = keep + 1 + changed.length;
    const next = new Int32Array(head + starts.length - movedFrom);
    next.set(starts.subarray(0, keep + 1));
    next.set(changed, keep + 1);
    const delta = newEnd - oldEnd;
    if (delta === 0) next.set(starts.subarray(movedFrom), head);
    else for (let k = movedFrom; k < starts.length; k++) next[head + k - movedFrom] = starts[k] + delta;
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
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const starts = this.lineStarts;
    // A scan asks in document order: the line of the last answer or one of the next few is found without a search.
    let line = this.lastLine;
    if (starts[line] <= clamped) {
      const limit = Math.min(line + 8, starts.length - 1);
      while (line < limit && starts[line + 1] <= clamped) line++;
      if (line === limit && line + 1 < starts.length && starts[line + 1] <= clamped)
        line = lastAtOrBefore(starts, clamped);
    } else line = lastAtOrBefore(starts, clamped);
    this.lastLine = line;
    return { line, character: clamped - starts[line] };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[position.line];
    const next = position.line + 1 < this.lineStarts.length ? this.lineStarts[position.line + 1] : this.text.length;
    return Math.min(start + Math.max(0, position.character), next);
  }

  range(startOffset: number, endOffset: number): Range {
    return { start: this.positionAt(startOffset), end: this.positionAt(endOffset) };
  }
}

/** Binary search for the last line start <= offset (the first is 0). */
function lastAtOrBefore(starts: Int32Array, offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (starts[mid] <= offset) lo = mid;
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
