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

/**
 * Answers derived from an object that is replaced when its data changes, never edited in place
 * (a page kept by a ChangeCache), by key: a new object starts afresh, and the answers about an
 * old one go with it when it is collected.
 */
export class DerivedMemo<V> {
  private readonly perSource = new WeakMap<object, BoundedMemo<V>>();

  constructor(private readonly maxPerSource: number) {}

  get(source: object, key: string, compute: () => V): V {
    let memo = this.perSource.get(source);
    if (!memo) this.perSource.set(source, (memo = new BoundedMemo(this.maxPerSource)));
    return memo.get(key, compute);
  }
}
