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
