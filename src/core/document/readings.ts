// What is read from a scan's text besides the scan itself (its code, the numbers its prose fixes, the phrases that
// name an operation), carried to the scan of the text an edit makes of it, so that the next reading reads again only
// around the edit. Kept on the scans under registered symbols, as their text is (source-text.ts), so the parts of the
// extension bundled apart share them; a scan holds the readings carried to it, never the earlier scan itself.
import type { ScannedDocument } from './document-model';

/** [start, oldEnd) of the earlier text became [start, newEnd) of this one; the rest is unchanged. */
export interface TextEdit {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/** The lists of a scan whose items a reading may refer to by their place in the list. */
export type ListName = 'regions' | 'matrices' | 'shapes' | 'scalars';

/**
 * For each list, the same as a TextEdit over its items: [start, oldEnd) of the earlier scan's list became
 * [start, newEnd) of this one's, those before are the same items and those after moved.
 */
export type ListEdits = Readonly<Record<ListName, TextEdit>>;

/** A reading of an earlier text, and the edit that made this text of it. */
export interface Earlier<T> {
  reading: T;
  edit: TextEdit;
  /** What the edit made of the earlier scan's lists; absent when not known. */
  lists?: ListEdits;
}

const OWN = Symbol.for('attentionLens.readings');
const CARRIED = Symbol.for('attentionLens.carriedReadings');

type Holder = { [OWN]?: Map<string, unknown>; [CARRIED]?: Map<string, Earlier<unknown>> };

const LISTS: readonly ListName[] = ['regions', 'matrices', 'shapes', 'scalars'];

/** A number per scan, so that a scan can name the one it was made from without holding it. */
const scanIds = new WeakMap<ScannedDocument, number>();
let nextScanId = 0;
function idOf(scan: ScannedDocument): number {
  let id = scanIds.get(scan);
  if (id === undefined) {
    id = nextScanId++;
    scanIds.set(scan, id);
  }
  return id;
}

/** The list edits a rescan recorded, with the scan it rescanned. */
const spliced = new WeakMap<ScannedDocument, { from: number; lists: ListEdits }>();

/** Records that the rescan `scan` of `previous` kept, replaced and moved the items of its lists as `lists` says. */
export function recordListEdits(scan: ScannedDocument, previous: ScannedDocument, lists: ListEdits): void {
  spliced.set(scan, { from: idOf(previous), lists });
}

/** What made the lists of `scan` of those of `previous`: what its rescan recorded, else every item replaced. */
function listEdits(scan: ScannedDocument, previous: ScannedDocument): ListEdits {
  const recorded = spliced.get(scan);
  if (recorded && recorded.from === idOf(previous)) return recorded.lists;
  const whole = (list: ListName): TextEdit => ({ start: 0, oldEnd: previous[list].length, newEnd: scan[list].length });
  return { regions: whole('regions'), matrices: whole('matrices'), shapes: whole('shapes'), scalars: whole('scalars') };
}

function composedLists(first: ListEdits | undefined, second: ListEdits): ListEdits | undefined {
  if (!first) return undefined;
  const [regions, matrices, shapes, scalars] = LISTS.map((list) => composed(first[list], second[list]));
  return { regions, matrices, shapes, scalars };
}

function mapOn<K extends typeof OWN | typeof CARRIED>(scan: ScannedDocument, key: K): NonNullable<Holder[K]> {
  const holder = scan as unknown as Holder;
  let map = holder[key];
  if (!map) {
    map = new Map() as NonNullable<Holder[K]>;
    // Not enumerable: copies and comparisons of the scan ignore it.
    Object.defineProperty(scan, key, { value: map, enumerable: false, configurable: true });
  }
  return map as NonNullable<Holder[K]>;
}

/**
 * Records that the text of `scan` is that of `previous` changed by `edit`: what was read of `previous`, or carried
 * to it and not read since, is carried to `scan`.
 */
export function carryReadings(scan: ScannedDocument, previous: ScannedDocument, edit: TextEdit): void {
  const before = previous as unknown as Holder;
  const carried = new Map<string, Earlier<unknown>>();
  const lists = listEdits(scan, previous);
  for (const [key, e] of before[CARRIED] ?? [])
    carried.set(key, { reading: e.reading, edit: composed(e.edit, edit), lists: composedLists(e.lists, lists) });
  for (const [key, reading] of before[OWN] ?? []) carried.set(key, { reading, edit, lists });
  if (carried.size > 0) Object.defineProperty(scan, CARRIED, { value: carried, enumerable: false, configurable: true });
}

/**
 * The reading `key` of `scan`, made once by `read`, which is given the reading of an earlier text carried to the
 * scan, if any (it checks that the reading fits the edit, and reads the whole text when not).
 */
export function readingOf<T>(scan: ScannedDocument, key: string, read: (earlier: Earlier<T> | undefined) => T): T {
  const own = mapOn(scan, OWN);
  if (own.has(key)) return own.get(key) as T;
  const carried = (scan as unknown as Holder)[CARRIED];
  const reading = read(carried?.get(key) as Earlier<T> | undefined);
  own.set(key, reading);
  // The earlier reading is no longer needed: the scan holds its own.
  carried?.delete(key);
  return reading;
}

/** The one edit that `second`, made after `first`, and `first` make together. */
export function composed(first: TextEdit, second: TextEdit): TextEdit {
  // Offsets of the text between the two edits: past both changed spans, the texts are the same.
  const reach = Math.max(first.newEnd, second.oldEnd);
  return {
    start: Math.min(first.start, second.start),
    oldEnd: reach - first.newEnd + first.oldEnd,
    newEnd: reach - second.oldEnd + second.newEnd,
  };
}
