import { ChangeCache } from '../../src/platform/cache';

describe('ChangeCache: kept only while changes are announced, forgotten on each change', () => {
  it('keeps nothing until notifications are live, and nothing after they stop', async () => {
    const cache = new ChangeCache<number>(['members']);
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.getOrLoad('a', load)).toBe(1);
    expect(await cache.getOrLoad('a', load)).toBe(2);
    cache.setLive(true);
    expect(await cache.getOrLoad('a', load)).toBe(3);
    expect(await cache.getOrLoad('a', load)).toBe(3);
    cache.setLive(false);
    expect(cache.get('a')).toBeUndefined();
    expect(await cache.getOrLoad('a', load)).toBe(4);
  });

  it('forgets everything when one of its tables changes, and only then', async () => {
    const cache = new ChangeCache<string>(['members', 'organizations']);
    cache.setLive(true);
    await cache.getOrLoad('a', async () => 'first');
    cache.changed('offers');
    expect(cache.get('a')).toBe('first');
    cache.changed('organizations');
    expect(cache.get('a')).toBeUndefined();
    await cache.getOrLoad('a', async () => 'second');
    cache.changed();
    expect(cache.get('a')).toBeUndefined();
  });

  it('does not keep an answer read before a change that arrived while it was being read', async () => {
    const cache = new ChangeCache<string>(['members']);
    cache.setLive(true);
    let finish: (v: string) => void = () => undefined;
    const pending = cache.getOrLoad('a', () => new Promise<string>((resolve) => (finish = resolve)));
    cache.changed('members'); // committed while the old row was on its way back
    finish('stale');
    expect(await pending).toBe('stale'); // the caller read it before the change: fine for that request
    expect(cache.get('a')).toBeUndefined();
  });

  it('expires entries after its time limit and stays bounded', async () => {
    // The time limit is a duration (performance.now()): jest's fake timers move it.
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] });
    try {
      const cache = new ChangeCache<number>(['members'], { maxEntries: 2, ttlMs: 30 });
      cache.setLive(true);
      await cache.getOrLoad('a', async () => 1);
      await cache.getOrLoad('b', async () => 2);
      await cache.getOrLoad('c', async () => 3);
      expect(cache.get('a')).toBeUndefined();
      expect(cache.get('c')).toBe(3);
      jest.advanceTimersByTime(29);
      expect(cache.get('c')).toBe(3);
      jest.advanceTimersByTime(1);
      expect(cache.get('c')).toBeUndefined();
    } finally {
      jest.useRealTimers();
    }
  });
});
