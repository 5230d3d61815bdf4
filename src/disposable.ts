// The base of every host object that owns listeners, emitters or panels: each is registered once, where it is
// created, and disposed with its owner (last registered first), so no feature keeps its own list to forget.

export interface DisposableLike {
  dispose(): unknown;
}

export abstract class Disposable implements DisposableLike {
  private readonly owned: DisposableLike[] = [];
  private isDisposed = false;

  /** Whether `dispose` has run: late callbacks check it before touching what was released. */
  protected get disposed(): boolean {
    return this.isDisposed;
  }

  /** Disposed with this object; registered after that, it is disposed at once. */
  protected _register<T extends DisposableLike>(owned: T): T {
    if (this.isDisposed) owned.dispose();
    else this.owned.push(owned);
    return owned;
  }

  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    for (let owned = this.owned.pop(); owned; owned = this.owned.pop()) owned.dispose();
  }
}
