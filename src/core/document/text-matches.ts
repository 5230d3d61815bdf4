// The matches of a global regular expression over a note, found again after an edit only around it: those before
// are kept, those after are moved, and the result is exactly what matching the whole new text gives. Offsets are
// kept in typed arrays, so that a note's tens of thousands of code spans cost the collector nothing to keep or move.
import type { TextEdit } from './readings';

/** The matches of one expression over one text, in order; what each says is position-free, so it moves as is. */
export interface Matches<T> {
  /** The length of the text matched. */
  readonly length: number;
  readonly count: number;
  /** Offsets of each match: [starts[i], ends[i]). */
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly items: readonly T[];
}

/**
 * Where a search for the expression can start afresh: whether the character at `at` of `text` is a separator, one
 * that no match or failed attempt starting before it reads past (a line break for code spans, one ending a blank
 * line for prose statements). Without separators (fenced blocks, where an opening fence may pair with any later
 * one), matching resumes after the last match that ends before the edit and stops at the first match after the
 * edit that the earlier text had too.
 */
export type Separator = (text: string, at: number) => boolean;

/** A line break: for expressions no match or attempt of which reads past a line's end (code spans, table rows). */
export const endsLine: Separator = (text, at) => text.charCodeAt(at) === 10;

/** A line break that ends a line of spaces, tabs and carriage returns only: the end of a paragraph of prose. */
export function endsBlankLine(text: string, at: number): boolean {
  if (text.charCodeAt(at) !== 10) return false;
  let i = at - 1;
  while (i >= 0 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9 || text.charCodeAt(i) === 13)) i--;
  return i < 0 || text.charCodeAt(i) === 10;
}

/** Every match of the global expression `pattern` over `text`, read by `read`. */
export function allMatches<T>(text: string, pattern: RegExp, read: (m: RegExpExecArray) => T): Matches<T> {
  const found = new Found<T>();
  found.search(text, pattern, 0, text.length, read);
  return found.done(text.length);
}

/**
 * The matches over `text`, which is the text of `earlier` changed by `edit`: the same as `allMatches`. Reads the
 * whole text when the edit does not fit `earlier`.
 */
export function rematched<T>(
  earlier: Matches<T> | undefined,
  text: string,
  edit: TextEdit | undefined,
  pattern: RegExp,
  read: (m: RegExpExecArray) => T,
  separator?: Separator,
): Matches<T> {
  if (!earlier || !edit || !fits(earlier, text, edit)) return allMatches(text, pattern, read);
  return separator
    ? betweenSeparators(earlier, text, edit, pattern, read, separator)
    : untilMet(earlier, text, edit, pattern, read);
}

function fits(earlier: Matches<unknown>, text: string, edit: TextEdit): boolean {
  return (
    edit.start >= 0 &&
    edit.start <= edit.oldEnd &&
    edit.start <= edit.newEnd &&
    edit.oldEnd <= earlier.length &&
    earlier.length - edit.oldEnd + edit.newEnd === text.length
  );
}

/**
 * The search starts again after the last separator before the edit and ends at the first one after it that the
 * earlier text had too: a separator found in the new text may read text the edit changed (a line made blank), and
 * one that an earlier match ran across was none in the earlier text.
 */
function betweenSeparators<T>(
  earlier: Matches<T>,
  text: string,
  edit: TextEdit,
  pattern: RegExp,
  read: (m: RegExpExecArray) => T,
  separator: Separator,
): Matches<T> {
  let from = edit.start;
  while (from > 0 && !separator(text, from - 1)) from--;
  const delta = edit.newEnd - edit.oldEnd;
  // `to` is past the separator: the earlier text is searched afresh from the same character on.
  let to = edit.newEnd;
  let next = earlier.count;
  for (;;) {
    while (to < text.length && !separator(text, to)) to++;
    to = Math.min(text.length, to + 1);
    if (to === text.length) break;
    next = firstAtLeast(earlier.starts, earlier.count, to - delta);
    if (next === 0 || earlier.ends[next - 1] <= to - delta) break;
    to = earlier.ends[next - 1] + delta;
  }
  const found = new Found<T>();
  found.copy(earlier, 0, firstAtLeast(earlier.starts, earlier.count, from), 0);
  found.search(text, pattern, from, to, read);
  if (to < text.length) found.copy(earlier, next, earlier.count, delta);
  return found.done(text.length);
}

/** The search resumes after the last match ending before the edit, until a match the earlier text had too. */
function untilMet<T>(
  earlier: Matches<T>,
  text: string,
  edit: TextEdit,
  pattern: RegExp,
  read: (m: RegExpExecArray) => T,
): Matches<T> {
  const delta = edit.newEnd - edit.oldEnd;
  // A match reads up to the character after it: one ending before the edit's start read nothing it changed.
  const kept = firstAtLeast(earlier.ends, earlier.count, edit.start);
  const found = new Found<T>();
  found.copy(earlier, 0, kept, 0);
  pattern.lastIndex = kept > 0 ? earlier.ends[kept - 1] : 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const end = m.index + m[0].length;
    if (m[0] === '') pattern.lastIndex++;
    // A match that starts past the edit, the character before it included, is read from unchanged text: when the
    // earlier text had it too, the earlier search went on from its end as this one does.
    if (m.index > edit.newEnd) {
      const same = firstAtLeast(earlier.starts, earlier.count, m.index - delta);
      if (same < earlier.count && earlier.starts[same] === m.index - delta && earlier.ends[same] === end - delta) {
        found.copy(earlier, same, earlier.count, delta);
        break;
      }
    }
    found.push(m.index, end, read(m));
  }
  return found.done(text.length);
}

/** Index of the first of `count` sorted offsets that is at least `value`. */
function firstAtLeast(offsets: Int32Array, count: number, value: number): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (offsets[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Matches collected in order: runs of an earlier reading's, moved, and matches found anew. */
class Found<T> {
  private readonly runs: { from: Matches<T>; first: number; last: number; delta: number }[] = [];
  private readonly found: { starts: number[]; ends: number[]; items: T[] } = { starts: [], ends: [], items: [] };

  push(start: number, end: number, item: T): void {
    this.found.starts.push(start);
    this.found.ends.push(end);
    this.found.items.push(item);
  }

  /** The matches `first` to `last` (excluded) of `earlier`, moved by `delta`. */
  copy(earlier: Matches<T>, first: number, last: number, delta: number): void {
    this.flush();
    if (last > first) this.runs.push({ from: earlier, first, last, delta });
  }

  /**
   * Matches of `pattern` in `text` that start in [from, to), where no match or attempt reads past `to` (the text
   * ends there or a separator precedes it): the search is not let run on through the rest of the text.
   */
  search(text: string, pattern: RegExp, from: number, to: number, read: (m: RegExpExecArray) => T): void {
    const searched = to < text.length ? text.slice(0, to) : text;
    pattern.lastIndex = from;
    for (let m = pattern.exec(searched); m; m = pattern.exec(searched)) {
      if (m[0] === '') pattern.lastIndex++;
      this.push(m.index, m.index + m[0].length, read(m));
    }
  }

  done(length: number): Matches<T> {
    this.flush();
    const count = this.runs.reduce((n, r) => n + r.last - r.first, 0);
    const whole = this.wholeOf();
    // One reading's matches whole (typing far from every match finds none anew): its items are these, and its
    // offsets too when none moved.
    if (whole && this.runs.every((r) => r.delta === 0))
      return { length, count, starts: whole.starts, ends: whole.ends, items: whole.items };
    const starts = new Int32Array(count);
    const ends = new Int32Array(count);
    // Made at its size: the items of a large note are copied once, into one array.
    const copied = whole ? undefined : new Array<T>(count);
    let at = 0;
    for (const { from, first, last, delta } of this.runs) {
      if (delta === 0) {
        starts.set(from.starts.subarray(first, last), at);
        ends.set(from.ends.subarray(first, last), at);
      } else
        for (let i = first, j = at; i < last; i++, j++) {
          starts[j] = from.starts[i] + delta;
          ends[j] = from.ends[i] + delta;
        }
      if (copied) for (let i = first, j = at; i < last; i++, j++) copied[j] = from.items[i];
      at += last - first;
    }
    return { length, count, starts, ends, items: whole?.items ?? (copied as T[]) };
  }

  /** The reading whose matches, every one in order, the runs are, if any: all found anew, or all kept. */
  private wholeOf(): Matches<T> | undefined {
    const whole = this.runs[0]?.from;
    let next = 0;
    for (const { from, first, last } of this.runs) {
      if (from !== whole || first !== next) return undefined;
      next = last;
    }
    return whole && next === whole.count ? whole : undefined;
  }

  /** Ends the run of matches found anew. */
  private flush(): void {
    const { starts, ends, items } = this.found;
    if (items.length === 0) return;
    this.runs.push({
      from: { length: 0, count: items.length, starts: Int32Array.from(starts), ends: Int32Array.from(ends), items },
      first: 0,
      last: items.length,
      delta: 0,
    });
    this.found.starts = [];
    this.found.ends = [];
    this.found.items = [];
  }
}
