import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { projectFile } from '../project-files';
import { PICTURE_SIZE, type PictureSpec } from './spec';

export interface RenderRequest {
  id: number;
  spec: PictureSpec;
  size: { width: number; height: number };
}

export type RenderReply = { id: number; png: Uint8Array } | { id: number; error: string };

/** How long the renderer stays up after its last picture, so the pictures of one refresh share it. */
const DEFAULT_IDLE_MS = 10_000;
/** A render that takes longer than this has hung: the renderer is ended and the render fails. */
const DEFAULT_TIMEOUT_MS = 30_000;

/** The app's own memory flags (package.json `serve`): a smaller young generation, a heap tuned for size. */
const RENDERER_NODE_FLAGS = ['--optimize-for-size', '--max-semi-space-size=2'];

interface Pending {
  resolve: (png: Buffer) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * Renders charts to PNG in a process of its own, started on the first picture and ended when no
 * picture was asked for `idleMs`. Pictures are rare (the weekly network map, a coordinator's App
 * Home when its figures change), while echarts, resvg and the memory their rendering leaves in
 * the allocator would otherwise stay in the app for good: here they go back to the system when the
 * renderer ends. A renderer that crashes or hangs fails the pictures it had; the next starts anew.
 */
export class ChartRenderer {
  private child: ChildProcess | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly idleMs: number;
  private readonly timeoutMs: number;

  constructor(options: { idleMs?: number; timeoutMs?: number } = {}) {
    this.idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** The renderer's process id while it runs (for the bench and the tests). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** The chart as PNG bytes: the same spec gives the same bytes (render.ts). */
  render(spec: PictureSpec, size: { width: number; height: number } = PICTURE_SIZE): Promise<Buffer> {
    if (this.stopped) return Promise.reject(new Error('the chart renderer is stopped'));
    clearTimeout(this.idleTimer);
    const child = this.child ?? this.start();
    const id = this.nextId++;
    return new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(id, new Error(`the chart renderer did not answer in ${this.timeoutMs} ms`));
        child.kill('SIGKILL');
      }, this.timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      child.send({ id, spec, size } satisfies RenderRequest, (error) => {
        if (error) this.fail(id, error);
      });
    });
  }

  /** Ends the renderer (the app is stopping); pictures still being drawn fail. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.idleTimer);
    const child = this.child;
    if (!child) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill();
    await exited;
  }

  private start(): ChildProcess {
    // Under tsx (`npm start`, the tests) the renderer is TypeScript too; built, it is JavaScript.
    const extension = path.extname(__filename);
    const child = fork(path.join(__dirname, `render-process${extension}`), [], {
      cwd: projectFile(),
      execArgv: [...RENDERER_NODE_FLAGS, ...(extension === '.ts' ? ['--import', 'tsx'] : [])],
      // Only what drawing needs: none of the app's secrets (tokens, keys) reach this process.
      // resvg draws on libuv's threads: two malloc arenas instead of one per thread keep its peak lower.
      env: { MALLOC_ARENA_MAX: '2' },
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    // Neither the renderer nor its channel keeps the app alive.
    child.unref();
    child.channel?.unref();
    child.on('message', (reply: RenderReply) => this.settle(reply));
    child.on('error', (error) => this.failAll(child, error));
    child.on('exit', (code, signal) => this.failAll(child, new Error(`the chart renderer ended (${signal ?? `exit code ${code}`})`)));
    this.child = child;
    return child;
  }

  private settle(reply: RenderReply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    clearTimeout(pending.timer);
    if ('png' in reply) pending.resolve(Buffer.from(reply.png.buffer, reply.png.byteOffset, reply.png.byteLength));
    else pending.reject(new Error(reply.error));
    this.idleWhenDone();
  }

  private fail(id: number, error: Error): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    clearTimeout(pending.timer);
    pending.reject(error);
    this.idleWhenDone();
  }

  /** The renderer ended or could not start: its pictures fail, and the next one starts a new renderer. */
  private failAll(child: ChildProcess, error: Error): void {
    if (this.child !== child) return;
    this.child = undefined;
    clearTimeout(this.idleTimer);
    for (const id of [...this.pending.keys()]) this.fail(id, error);
  }

  private idleWhenDone(): void {
    if (this.pending.size || !this.child) return;
    const child = this.child;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      // Closing the channel lets the renderer end on its own (it has nothing else to wait for).
      if (this.child === child && !this.pending.size) child.disconnect();
    }, this.idleMs);
    this.idleTimer.unref();
  }
}
