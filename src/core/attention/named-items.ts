// The items of one list of a scan (its matrices, shapes, scalars, or the formula definitions of its regions) listed
// by the names they define, so that the one in force for a formula is found by binary search; and kept across
// edits: the lists are made once for a scan (the base), and a later scan of the edited text lists anew only the
// items its rescans read again, placing the others by their index in the base, moved as the edits moved them.
// Typing in one place then reads only the items around it; once the edits since the base reach too many items
// (edits far apart), the lists are made again.
import type { Located, ScannedDocument } from '../document/document-model';
import { composed, type ListName, type TextEdit } from '../document/readings';

/** How a kind of definition is listed: in which list of the scan, under which names, in which region. */
export interface Listing<C = unknown> {
  list: ListName;
  /** Calls `add` once with each name item `index` of the list defines. */
  names(scan: ScannedDocument, index: number, add: (name: string) => void): void;
  /** What the names depend on besides each item's own text, when anything does. */
  context?: {
    read(scan: ScannedDocument): C;
    /** Whether the items `edit` did not reach name what they named when `base` was read, in the scan then. */
    kept(base: C, scan: ScannedDocument, edit: TextEdit): boolean;
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

/** Past this many items read again since the base, the lists are made again for the current scan. */
const MAX_READ_AGAIN = 2048;

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

/** A base list with the items of [start, oldEnd) replaced by `added` and those after moved by `moved`. */
class Spliced implements Order {
  readonly length: number;
  constructor(
    private readonly base: readonly number[],
    private readonly kept: number,
    private readonly added: readonly number[],
    private readonly from: number,
    private readonly moved: number,
  ) {
    this.length = kept + added.length + base.length - from;
  }
  at(k: number): number {
    if (k < this.kept) return this.base[k];
    const j = k - this.kept;
    if (j < this.added.length) return this.added[j];
    return this.base[this.from + j - this.added.length] + this.moved;
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
    public edit: TextEdit | null = null,
  ) {}

  /** The state of the scan of an edit of this one's text that made `step` of the list, if known. */
  carried(step: TextEdit | undefined): ListsState {
    if (!this.base || !step) return new ListsState();
    return new ListsState(this.base, this.edit ? composed(this.edit, step) : step);
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
    const { edit } = this.state;
    if (!edit || !added) return new Whole(list);
    const again = added.get(name) ?? NONE;
    const moved = edit.newEnd - edit.oldEnd;
    const items = this.scan[this.listing.list];
    if (!base.unordered.has(name)) {
      const kept = lowerBound(list, edit.start);
      const spliced = new Spliced(list, kept, again, lowerBound(list, edit.oldEnd), moved);
      // Sorted as a whole when the items read again, and their neighbours, are in order.
      let sorted = true;
      const last = Math.min(spliced.length - 1, kept + again.length);
      for (let k = Math.max(1, kept); k <= last && sorted; k++)
        sorted = items[spliced.at(k - 1)].startOffset <= items[spliced.at(k)].startOffset;
      if (sorted) return spliced;
    }
    const all: number[] = [];
    for (const i of list) if (i < edit.start) all.push(i);
    all.push(...again);
    for (const i of list) if (i >= edit.oldEnd) all.push(i + moved);
    all.sort((a, b) => a - b);
    byOffset(items, all);
    return new Whole(all);
  }

  /** The base to read from, made now when the edits since the one carried reach too far or changed the context. */
  private prepared(): Base {
    const { scan, listing, state } = this;
    if (this.ready && state.base) return state.base;
    this.ready = true;
    const { base, edit } = state;
    if (
      base &&
      edit &&
      edit.newEnd - edit.start <= MAX_READ_AGAIN &&
      (!listing.context || listing.context.kept(base.context, scan, edit))
    ) {
      this.added = listed(scan, listing, edit.start, edit.newEnd);
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
    state.edit = null;
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
