// Not about ledgers, but pure TypeScript that both cli/ (pulling plans) and server/ (replaying them)
// need: ledger/ is the layer both build on, as with utf8.ts and stream-safe.ts.
/**
 * `work` on every item, at most `atOnce` at a time; the results in the items' order, and the first
 * failure in that order (not the first in time) thrown, as one item after another would.
 */
export async function inOrder<T, R>(items: readonly T[], atOnce: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: Array<Promise<R>> = [];
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (next < items.length && !failed) {
      const result = work(items[next]!);
      results[next++] = result;
      await result.catch(() => void (failed = true));
    }
  };
  await Promise.all(Array.from({ length: Math.min(atOnce, items.length) }, lane));
  const out: R[] = [];
  for (const result of results) out.push(await result);
  return out;
}
