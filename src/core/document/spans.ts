// Lookups over document-ordered, non-overlapping spans (regions, matrix literals) by binary search.

export interface Span {
  startOffset: number;
  endOffset: number;
}

/** The span containing `offset` (start included, end excluded), if any. */
export function spanAt<T extends Span>(spans: readonly T[], offset: number): T | undefined {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const s = spans[mid];
    if (offset < s.startOffset) hi = mid - 1;
    else if (offset >= s.endOffset) lo = mid + 1;
    else return s;
  }
  return undefined;
}

/** The index of the last span starting at or before `offset`, or -1. */
export function lastStartingAtOrBefore(spans: readonly { startOffset: number }[], offset: number): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (spans[mid].startOffset <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
