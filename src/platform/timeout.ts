/** Rejects with `Error(label)` when `promise` has not settled within `ms`; the timer never outlives it. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, label = 'timeout'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(label)), ms)))]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}
