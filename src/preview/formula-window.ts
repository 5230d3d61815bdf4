// Which formulas the preview shows of a document with more than it can show at once: a window of consecutive
// formulas around the cursor, kept in place while the cursor stays inside so that updates stay small.
import type { Located } from '../core/document/document-model';
import { lastStartingAtOrBefore } from '../core/document/spans';

/**
 * The most formulas shown at once. Above it one message, and the page rendering it, would take seconds; 500
 * formulas are a long chapter, rendered in Chromium in well under a second.
 */
export const MAX_SHOWN = 500;

/** Region indices [start, end). */
export interface FormulaWindow {
  start: number;
  end: number;
}

/** The index of the last region starting at or before `offset`, or 0. */
export function regionNear(regions: readonly Located[], offset: number): number {
  return Math.max(0, lastStartingAtOrBefore(regions, offset));
}

/** The window of `count` formulas to show for the formula at `cursor`: `previous` while it still holds it. */
export function windowAround(
  count: number,
  cursor: number,
  previous: FormulaWindow | null,
  max: number,
): FormulaWindow {
  if (count <= max) return { start: 0, end: count };
  if (previous && previous.end - previous.start === max && previous.end <= count && contains(previous, cursor))
    return previous;
  const start = Math.min(Math.max(0, cursor - Math.floor(max / 2)), count - max);
  return { start, end: start + max };
}

export const contains = (w: FormulaWindow, index: number) => w.start <= index && index < w.end;
