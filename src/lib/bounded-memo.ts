/**
 * Answers of a pure function, by key. Keys may be built from data, so the memo is bounded: when
 * full it starts over (the answers stay right, only the saving pauses).
 */
export class BoundedMemo<V> {
  private readonly answers = new Map<string, V>();

  constructor(private readonly max: number) {}

  get(key: string, compute: () => V): V {
    if (this.answers.has(key)) return this.answers.get(key) as V;
    const value = compute();
    if (this.answers.size >= this.max) this.answers.clear();
    this.answers.set(key, value);
    return value;
  }
}
