/**
 * The M/D^[b]/1 queue with the `queued` rule (a free server takes up to b
 * waiting jobs; an idle one starts on the first arrival alone), solved
 * exactly through its embedded chain (Bailey 1954; Gross & Harris,
 * Fundamentals of Queueing Theory, bulk-service queues). X, the jobs left
 * waiting when a batch starts, moves as X' = max(X + A − b, 0) with A the
 * Poisson(λD) arrivals during a service of length D. Solved by iterating the
 * chain to its stationary law (truncated where the tail is below 1e-15),
 * then by renewal–reward over the cycles between batch starts:
 *
 *   E[cycle] = D + P(X + A = 0) / λ        (an idle wait for the next arrival follows an empty queue)
 *   Lq      = (E[X]·D + λD²/2) / E[cycle]  (jobs waiting during a service: those left, plus arrivals)
 *   Wq = Lq / λ (Little), W = Wq + D, mean batch size = λ · E[cycle].
 */
export function bulkServiceMD1(
  lambdaPerMs: number,
  serviceMs: number,
  b: number,
): { waitMs: number; sojournMs: number; meanBatch: number } {
  const a = lambdaPerMs * serviceMs;
  const size = Math.ceil(50 * a + 200);
  const arrivals = new Float64Array(size);
  arrivals[0] = Math.exp(-a);
  for (let n = 1; n < size; n++) arrivals[n] = (arrivals[n - 1]! * a) / n;
  let pi = new Float64Array(size);
  pi[0] = 1;
  for (let iteration = 0; iteration < 20_000; iteration++) {
    const next = new Float64Array(size);
    for (let x = 0; x < size; x++) {
      if (pi[x]! < 1e-300) continue;
      for (let n = 0; x + n < size + b && n < size; n++) {
        const to = Math.max(x + n - b, 0);
        if (to < size) next[to]! += pi[x]! * arrivals[n]!;
      }
    }
    let change = 0;
    for (let x = 0; x < size; x++) change += Math.abs(next[x]! - pi[x]!);
    pi = next;
    if (change < 1e-14) break;
  }
  const total = pi.reduce((s, p) => s + p, 0);
  const meanLeft = pi.reduce((s, p, x) => s + p * x, 0) / total;
  const emptyAfterService = (pi[0]! / total) * arrivals[0];
  const cycle = serviceMs + emptyAfterService / lambdaPerMs;
  const queueLength = (meanLeft * serviceMs + (lambdaPerMs * serviceMs * serviceMs) / 2) / cycle;
  const waitMs = queueLength / lambdaPerMs;
  return { waitMs, sojournMs: waitMs + serviceMs, meanBatch: lambdaPerMs * cycle };
}
