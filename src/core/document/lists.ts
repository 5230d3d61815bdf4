// Lists of a large note's results, changed where an edit changed them rather than copied at every keystroke.

/** Past this many new items, they are not spread as arguments (an engine limits their number). */
const MAX_SPREAD = 10_000;

/** `list` with items [from, to) replaced by `items`: changed in place, or a new list when `items` are many. */
export function replaced<T>(list: T[], from: number, to: number, items: readonly T[]): T[] {
  if (items.length > MAX_SPREAD) return list.slice(0, from).concat(items, list.slice(to));
  list.splice(from, to - from, ...items);
  return list;
}
