// The items of one list of a scan (its matrices, shapes, scalars, or the formula definitions of its regions) listed
// by the names they define, so that the one in force for a formula is found by binary search; and kept across
// edits: the lists are made once for a scan (the base), and a later scan of the edited text lists anew only the
// items its rescans read again, placing the others by their index in the base, moved as the edits moved them.
// Typing reads only the items around the places typed at; once the edits since the base reach too many items or
// too many places, the lists are made again.
import type { Located, ScannedDocument } from '../document/document-model';
import type { ListName, TextEdit } from '../document/readings';

/** How a kind of definition is listed: in which list of the scan, under which names, in which region. */
export interface Listing<C = unknown> {
  list: ListName;
  /** Calls `add` once with each name item `index` of the list defines. */
  names(scan: ScannedDocument, index: number, add: (name: string) => void): void;
  /** What the names depend on besides each item's own text, when anything does. */
  context?: {
    read(scan: ScannedDocument): C;
    /** Whether the items the edits did not reach name what they named when `base` was read, in the scan then. */
    kept(base: C, scan: ScannedDocument, edits: Splices): boolean;
  };
}

/** Positions in a name's list, in order: each is the index of an item in the scan's list. */
export interface Order {
  readonly length: number;
  at(k: number): number;
}

interface Base {
  /** Indices in the list of the scan the base was made of, sorted by start offset, then index. */
  byName: Map<string, number[]>;
  /** Names whose items are not in index order once sorted by offset. */
  unordered: Set<string>;
  context: unknown;
}

/** Past this many items read again since the base, or places edited, the lists are made again for the scan. */
const MAX_READ_AGAIN = 2048;
const MAX_PLACES = 16;

const NONE: readonly number[] = [];

/** A list as it is. */
class Whole implements Order {
  constructor(private readonly list: readonly number[]) {}
  get length(): number {
    return this.list.length;
  }
  at(k: number): number {
    return this.list[k];
  }
}

/** Items [start, oldEnd) of the base's list replaced by `length` items of the current scan's. */
interface Piece {
  start: number;
  oldEnd: number;
  length: number;
}

/** What the edits since the base made of its list: pieces replaced, in order and apart; the items between moved. */
export class Splices {
  /** For each piece, where it starts in the current list. */
  readonly starts: number[] = [];
  constructor(readonly pieces: readonly Piece[]) {
    let moved = 0;
    for (const p of pieces) {
      this.starts.push(p.start + moved);
      moved += p.length - (p.oldEnd - p.start);
    }
  }

  /** The items read again: the pieces' in the current list. */
  get length(): number {
    return this.pieces.reduce((sum, p) => sum + p.length, 0);
  }

  /** The splices once `step` (a TextEdit over the current list) is made too: pieces it meets or touches join it. */
  with(step: TextEdit): Splices {
    const { pieces, starts } = this;
    const out: Piece[] = [];
    let k = 0;
    // Pieces that end before the step.
    while (k < pieces.length && starts[k] + pieces[k].length < step.start) out.push(pieces[k++]);
    const first = k;
    while (k < pieces.length && starts[k] <= step.oldEnd) k++;
    const movedBefore = this.movedAfter(first);
    const movedAfter = this.movedAfter(k);
    const joined = k > first;
    const from = joined ? Math.min(step.start, starts[first]) : step.start;
    const lastEnd = joined ? starts[k - 1] + pieces[k - 1].length : -1;
    const to = Math.max(step.oldEnd, lastEnd);
    const piece = {
      start: joined && starts[first] < step.start ? pieces[first].start : step.start - movedBefore,
      oldEnd: joined && lastEnd > step.oldEnd ? pieces[k - 1].oldEnd : step.oldEnd - movedAfter,
      length: to - from + step.newEnd - step.oldEnd,
    };
    if (piece.length > 0 || piece.oldEnd > piece.start) out.push(piece);
    while (k < pieces.length) out.push(pieces[k++]);
    return new Splices(out);
  }

  /** How far the items after the first `count` pieces moved. */
  private movedAfter(count: number): number {
    if (count === 0) return 0;
    const p = this.pieces[count - 1];
    return this.starts[count - 1] + p.length - p.oldEnd;
  }

  /** The index in the base of current item `index`, or -1 when a piece holds it. */
  toBase(index: number): number {
    let k = 0;
    while (k < this.pieces.length && this.starts[k] + this.pieces[k].length <= index) k++;
    if (k < this.pieces.length && this.starts[k] <= index) return -1;
    return index - this.movedAfter(k);
  }

  /** The current index of base item `index`, or -1 when a piece replaced it. */
  toCurrent(index: number): number {
    let k = 0;
    while (k < this.pieces.length && this.pieces[k].oldEnd <= index) k++;
    if (k < this.pieces.length && this.pieces[k].start <= index) return -1;
    return index + this.movedAfter(k);
  }
}

/** A base list with the items of each piece replaced by those read again, and the items between moved. */
class Spliced implements Order {
  /** Runs of the view: entries of `list` from `from` on, each plus `add`, starting at `at` in the view. */
  private readonly runs: { at: number; list: readonly number[]; from: number; add: number }[] = [];
  readonly length: number;
  /** Where each piece's entries are in the view: [start, end). */
  readonly placed: [number, number][] = [];

  constructor(base: readonly number[], splices: Splices, again: readonly number[]) {
    let at = 0;
    let baseFrom = 0;
    let moved = 0;
    const run = (list: readonly number[], from: number, to: number, add: number) => {
      if (to > from) this.runs.push({ at, list, from, add });
      at += Math.max(0, to - from);
    };
    splices.pieces.forEach((p, k) => {
      const start = splices.starts[k];
      run(base, lowerBound(base, baseFrom), lowerBound(base, p.start), moved);
      const placedAt = at;
      run(again, lowerBound(again, start), lowerBound(again, start + p.length), 0);
      this.placed.push([placedAt, at]);
      baseFrom = p.oldEnd;
      moved = start + p.length - p.oldEnd;
    });
    run(base, lowerBound(base, baseFrom), base.length, moved);
    this.length = at;
  }

  at(k: number): number {
    const { runs } = this;
    let r = runs.length - 1;
    while (runs[r].at > k) r--;
    const run = runs[r];
    return run.list[run.from + k - run.at] + run.add;
  }
}

/** Index of the first entry at least `value`, in an ascending list. */
function lowerBound(list: readonly number[], value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Sorts indices by their items' start offsets, keeping the index order of equal offsets, as a stable sort does. */
export function byOffset(items: readonly Located[], indices: number[]): void {
  for (let k = 1; k < indices.length; k++)
    if (items[indices[k]].startOffset < items[indices[k - 1]].startOffset) {
      indices.sort((a, b) => items[a].startOffset - items[b].startOffset || a - b);
      return;
    }
}

function listed(scan: ScannedDocument, listing: Listing, from: number, to: number): Map<string, number[]> {
  const byName = new Map<string, number[]>();
  let index = from;
  const add = (name: string) => {
    const list = byName.get(name);
    if (list) list.push(index);
    else byName.set(name, [index]);
  };
  for (; index < to; index++) listing.names(scan, index, add);
  return byName;
}

/**
 * What a scan's lists are made from: the base lists of an earlier scan and what the edits since made of its list
 * (none: the base is this scan's), or nothing yet. Holds no scan: the next scan's lists are carried from it.
 */
export class ListsState {
  constructor(
    public base: Base | null = null,
    public splices: Splices | null = null,
  ) {}

  /** The state of the scan of an edit of this one's text that made `step` of the list, if known. */
  carried(step: TextEdit | undefined): ListsState {
    if (!this.base || !step) return new ListsState();
    return new ListsState(this.base, (this.splices ?? new Splices([])).with(step));
  }
}

/** The lists of one kind of definition in one scan, made on first use. */
export class NamedItems {
  private added: Map<string, number[]> | null = null;
  private ready = false;
  private readonly views = new Map<string, Order>();

  constructor(
    private readonly scan: ScannedDocument,
    private readonly listing: Listing,
    private readonly state: ListsState,
  ) {}

  /** The indices of the items named `name`, sorted by start offset, then index. */
  named(name: string): Order {
    let order = this.views.get(name);
    if (!order) {
      order = this.orderOf(name);
      this.views.set(name, order);
    }
    return order;
  }

  private orderOf(name: string): Order {
    const base = this.prepared();
    const list = base.byName.get(name) ?? NONE;
    const { added } = this;
    const { splices } = this.state;
    if (!splices || !added) return new Whole(list);
    const again = added.get(name) ?? NONE;
    const items = this.scan[this.listing.list];
    if (!base.unordered.has(name)) {
      const spliced = new Spliced(list, splices, again);
      // Sorted as a whole when the items read again, and their neighbours, are in order.
      const inOrder = ([start, end]: [number, number]) => {
        for (let k = Math.max(1, start); k <= Math.min(spliced.length - 1, end); k++)
          if (items[spliced.at(k - 1)].startOffset > items[spliced.at(k)].startOffset) return false;
        return true;
      };
      if (spliced.placed.every(inOrder)) return spliced;
    }
    const all: number[] = [...again];
    for (const i of list) {
      const at = splices.toCurrent(i);
      if (at >= 0) all.push(at);
    }
    all.sort((a, b) => a - b);
    byOffset(items, all);
    return new Whole(all);
  }

  /** The base to read from, made now when the edits since the one carried reach too far or changed the context. */
  private prepared(): Base {
    const { scan, listing, state } = this;
    if (this.ready && state.base) return state.base;
    this.ready = true;
    const { base, splices } = state;
    if (
      base &&
      splices &&
      splices.pieces.length <= MAX_PLACES &&
      splices.length <= MAX_READ_AGAIN &&
      (!listing.context || listing.context.kept(base.context, scan, splices))
    ) {
      const added = new Map<string, number[]>();
      splices.pieces.forEach((p, k) => {
        for (const [name, list] of listed(scan, listing, splices.starts[k], splices.starts[k] + p.length)) {
          const all = added.get(name);
          if (all) all.push(...list);
          else added.set(name, list);
        }
      });
      this.added = added;
      return base;
    }
    const byName = listed(scan, listing, 0, scan[listing.list].length);
    const unordered = new Set<string>();
    const items = scan[listing.list];
    for (const [name, list] of byName) {
      byOffset(items, list);
      for (let k = 1; k < list.length; k++)
        if (list[k] < list[k - 1]) {
          unordered.add(name);
          break;
        }
    }
    state.base = { byName, unordered, context: listing.context?.read(scan) };
    state.splices = null;
    this.added = null;
    return state.base;
  }
}

/** An item found in force: its index in the list, and whether it stands before the place asked about. */
export interface Found {
  index: number;
  before: boolean;
}

/**
 * The item in force over [start, end): the nearest one starting before it, else the first one starting after it;
 * items of region `excluded` never count.
 */
export function inForce(
  items: readonly Located[],
  order: Order,
  regionOf: (index: number) => number,
  start: number,
  end: number,
  excluded: number | null,
): Found | null {
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (items[order.at(mid)].startOffset < start) lo = mid + 1;
    else hi = mid;
  }
  for (let k = lo - 1; k >= 0; k--) {
    const index = order.at(k);
    if (regionOf(index) !== excluded) return { index, before: true };
  }
  for (let k = lo; k < order.length; k++) {
    const index = order.at(k);
    if (items[index].startOffset >= end && regionOf(index) !== excluded) return { index, before: false };
  }
  return null;
}

/** The indices of `items` by name, sorted by start offset, then index: lists made whole for each scan. */
export function wholeLists(items: readonly Located[], name: (index: number) => string | null): Map<string, Order> {
  const byName = new Map<string, number[]>();
  for (let i = 0; i < items.length; i++) {
    const key = name(i);
    if (key === null) continue;
    const list = byName.get(key);
    if (list) list.push(i);
    else byName.set(key, [i]);
  }
  const orders = new Map<string, Order>();
  for (const [key, list] of byName) {
    byOffset(items, list);
    orders.set(key, new Whole(list));
  }
  return orders;
}

export const EMPTY_ORDER: Order = new Whole(NONE);
