// The Node host's side of the checks worker: posts a note's text to a worker thread (started on the first check,
// restarted after a failure) and hands back what it finds. Notebooks, whose cells are read joined by the host, are
// checked on the host's thread by `inThread` instead.
import { Worker } from 'node:worker_threads';
import { type CheckCounts, type Checker, type CheckRequest, type NoteCheckResult, noCounts } from './checker';
import type { CheckerReply, WorkerRequest } from './worker-protocol';

interface Waiting {
  resolve(result: NoteCheckResult | null): void;
  reject(err: Error): void;
}

export class WorkerChecker implements Checker {
  private readonly own = noCounts();
  private worker: Worker | undefined;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 0;
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
    const { key, indexed, format, macros, language } = request;
    const text = indexed.text;
    const message: WorkerRequest = { type: 'check', id, key, text, format, macros, language };
    const result = new Promise<NoteCheckResult | null>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    this.start().postMessage(message);
    this.own.postedCharacters += text.length;
    return result;
  }

  cancel(key: string): void {
    this.worker?.postMessage({ type: 'cancel', key } satisfies WorkerRequest);
    void this.inThread?.then((c) => c.cancel(key));
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
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

  private start(): Worker {
    if (this.worker) return this.worker;
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
    this.waiting.delete(reply.id);
    switch (reply.type) {
      case 'checked':
        this.own.workerRuns++;
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
