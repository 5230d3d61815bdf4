// Where a note's fenced blocks are, whatever their info string: prose readers (numbers prose fixes, Markdown tables)
// pass over what is inside them. Read again only around the edits since an earlier reading of the note.
import type { ScannedDocument } from './document-model';
import { type Earlier, readingOf } from './readings';
import { sourceOf } from './source-text';
import { allMatches, type Matches, rematched } from './text-matches';

const FENCE = /^(?:```|~~~)[^\n]*\n[\s\S]*?^(?:```|~~~)[ \t]*$/gm;
const nothing = () => null;

/** The fenced blocks of `text`. */
export function fencesIn(text: string): Matches<null> {
  return allMatches(text, FENCE, nothing);
}

/** The fenced blocks of the scan's text; none when the scanner did not record its text. */
export function fencesOf(scan: ScannedDocument): Matches<null> {
  const text = sourceOf(scan)?.text ?? '';
  return readingOf(scan, 'fenced blocks', (earlier: Earlier<Matches<null>> | undefined) =>
    rematched(earlier?.reading, text, earlier?.edit, FENCE, nothing),
  );
}

/** Whether `offset` is inside one of `fences`. */
export function inFence(fences: Matches<unknown>, offset: number): boolean {
  let lo = 0;
  let hi = fences.count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (fences.starts[mid] <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && offset < fences.ends[lo - 1];
}
