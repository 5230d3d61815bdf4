// Typesetting in the order the reader sees: what is in view (or near it) at once, the rest in short slices
// between frames, and whatever scrolls into view before its turn as soon as it does. A 500-formula note thus
// paints its first screen for the price of that screen; until its turn, an item shows a placeholder of about its
// height, so the scrollbar and a restored scroll position are about right.

/** How far beyond the viewport, as a fraction of its height, still counts as in view. */
const NEAR = 0.5;
/** The longest slice of background typesetting: under the 50 ms of a long task, so scrolling stays smooth. */
const SLICE_MS = 30;
/** Typesetting what came into view can push more into it (placeholders are estimates): a few passes settle it. */
const PASSES = 4;

export class TypesetQueue<T> {
  private readonly pending = new Set<T>();
  private readonly items = new Map<Element, T>();
  private readonly observer = new IntersectionObserver((entries) => this.seen(entries), {
    rootMargin: `${NEAR * 100}% 0px`,
  });
  private readonly channel = new MessageChannel();
  private draining = false;
  /** Between a paint (or an item added) and the report that nothing is left. */
  private busy = false;

  constructor(
    private readonly elementOf: (item: T) => HTMLElement,
    private readonly typeset: (item: T) => void,
    /** Called once nothing is left to typeset. */
    private readonly settled: () => void,
  ) {
    this.channel.port1.onmessage = () => this.slice();
  }

  add(item: T): void {
    if (this.pending.has(item)) return;
    this.busy = true;
    this.pending.add(item);
    const element = this.elementOf(item);
    this.items.set(element, item);
    this.observer.observe(element);
  }

  /** Forgets `item` (no longer shown) without typesetting it. */
  delete(item: T): void {
    if (!this.pending.delete(item)) return;
    this.forget(item);
  }

  clear(): void {
    this.pending.clear();
    this.items.clear();
    this.observer.disconnect();
  }

  /** Typesets `item` now if it is waiting (it is about to be shown or measured). */
  take(item: T): void {
    if (this.pending.delete(item)) this.run(item);
    this.settleIfDone();
  }

  /** Typesets everything still waiting. */
  flush(): void {
    for (const item of this.pending) this.take(item);
    this.settleIfDone();
  }

  /**
   * Typesets what is in view now and leaves the rest for later. Positions are read for all waiting items at once
   * and written after, so each pass costs one layout.
   */
  paint(): void {
    this.busy = true;
    for (let pass = 0; pass < PASSES && this.pending.size > 0; pass++) {
      const margin = window.innerHeight * NEAR;
      const visible = [...this.pending].filter((item) => {
        const box = this.elementOf(item).getBoundingClientRect();
        return box.bottom >= -margin && box.top <= window.innerHeight + margin && box.height > 0;
      });
      if (visible.length === 0) break;
      for (const item of visible) this.take(item);
    }
    this.settleIfDone();
    if (this.pending.size > 0 && !this.draining) {
      this.draining = true;
      this.channel.port2.postMessage(null);
    }
  }

  private slice(): void {
    const until = performance.now() + SLICE_MS;
    for (const item of this.pending) {
      if (performance.now() >= until) break;
      this.pending.delete(item);
      this.run(item);
    }
    this.draining = this.pending.size > 0;
    if (this.draining) this.channel.port2.postMessage(null);
    else this.settleIfDone();
  }

  private seen(entries: IntersectionObserverEntry[]): void {
    for (const entry of entries) {
      const item = this.items.get(entry.target);
      if (entry.isIntersecting && item !== undefined && this.pending.delete(item)) this.run(item);
    }
    this.settleIfDone();
  }

  private run(item: T): void {
    this.forget(item);
    this.typeset(item);
  }

  private forget(item: T): void {
    const element = this.elementOf(item);
    this.items.delete(element);
    this.observer.unobserve(element);
  }

  private settleIfDone(): void {
    if (!this.busy || this.pending.size > 0) return;
    this.busy = false;
    this.settled();
  }
}
