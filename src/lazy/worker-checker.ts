// The Node host's side of the checks worker: posts a note's text to a worker thread (started on the first check,
// restarted after a failure), the changes since the version it holds once it holds one, and hands back what it
// finds. Notebooks, whose cells are read joined by the host, are checked on the host's thread by `inThread` instead.
import { Worker } from 'node:worker_threads';
import type { TextChange } from '../core/document/incremental-scan';
import { type CheckCounts, type Checker, type CheckRequest, type NoteCheckResult, noCounts } from './checker';
import { PostedTexts, postedLength, type TextUpdate } from './posted-texts';
import type { CheckerReply, WorkerRequest } from './worker-protocol';

interface Waiting {
  request: CheckRequest;
  resolve(result: NoteCheckResult | null): void;
  reject(err: Error): void;
}

export class WorkerChecker implements Checker {
  private readonly own = noCounts();
  private worker: Worker | undefined;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 0;
  /** What the worker holds of each note's text. */
  private readonly posted = new PostedTexts();
  private inThread: Promise<Checker> | undefined;
  /** The checker of notebooks, on the host's thread, once one was needed. */
  private host: Checker | undefined;

  constructor(
    private readonly file: string,
    private readonly loadInThread: () => Promise<Checker>,
  ) {}

  /** The worker's counts, with the host's thread's from the notebooks checked there. */
  get counts(): CheckCounts {
    const host = this.host?.counts;
    if (!host) return { ...this.own };
    const { hostSteps, hostSlices, longestSlice } = host;
    return { ...this.own, hostSteps, hostSlices, longestSlice, dropped: this.own.dropped + host.dropped };
  }

  async check(request: CheckRequest): Promise<NoteCheckResult | null> {
    if (request.indexed.notebook) return (await this.hostChecker()).check(request);
    const id = this.nextId++;
    const result = new Promise<NoteCheckResult | null>((resolve, reject) =>
      this.waiting.set(id, { request, resolve, reject }),
    );
    this.post(id, request, false);
    return result;
  }

  cancel(key: string): void {
    this.worker?.postMessage({ type: 'cancel', key } satisfies WorkerRequest);
    void this.inThread?.then((c) => c.cancel(key));
  }

  edited(key: string, version: number, changes: readonly TextChange[]): void {
    this.posted.edited(key, version, changes);
  }

  forget(key: string): void {
    this.posted.forget(key);
    this.worker?.postMessage({ type: 'forget', key } satisfies WorkerRequest);
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
    this.posted.clear();
    for (const w of this.waiting.values()) w.resolve(null);
    this.waiting.clear();
    void this.inThread?.then((c) => c.dispose());
  }

  private hostChecker(): Promise<Checker> {
    this.inThread ??= this.loadInThread().then((checker) => {
      this.host = checker;
      return checker;
    });
    return this.inThread;
  }

  /** Posts check `id` of `request`, with the whole text or the changes since the version the worker holds. */
  private post(id: number, request: CheckRequest, whole: boolean): void {
    const worker = this.start();
    const { key, indexed, format, macros, language } = request;
    const { version, text } = indexed;
    const update: TextUpdate = whole ? this.posted.whole(key, version, text) : this.posted.update(key, version, text);
    worker.postMessage({
      type: 'check',
      id,
      key,
      version,
      text: update,
      format,
      macros,
      language,
    } satisfies WorkerRequest);
    this.own.postedCharacters += postedLength(update);
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    // A new worker holds no text.
    this.posted.clear();
    const worker = new Worker(this.file);
    // The worker never keeps the extension host alive.
    worker.unref();
    worker.on('message', (reply: CheckerReply) => this.received(reply));
    const fail = (err: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the checks worker stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }

  private received(reply: CheckerReply): void {
    const waiting = this.waiting.get(reply.id);
    if (!waiting) return;
    if (reply.type === 'resend') {
      this.post(reply.id, waiting.request, true);
      return;
    }
    this.waiting.delete(reply.id);
    switch (reply.type) {
      case 'checked':
        this.own.workerRuns++;
        if (reply.rescanned) this.own.workerRescans++;
        waiting.resolve(reply.result);
        break;
      case 'dropped':
        this.own.dropped++;
        waiting.resolve(null);
        break;
      case 'failed':
        waiting.reject(new Error(reply.message));
        break;
    }
  }
}
