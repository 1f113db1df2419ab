/** A bounded HTTP load loop on 127.0.0.1 with latency percentiles. */

export interface LoadResult {
  count: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
}

/** One request of a load run. */
export interface LoadRequest {
  url: string;
  body: string;
}

/** POSTs `requests` with `concurrency` in flight; stops after the last one. */
export async function postAll(requests: LoadRequest[], concurrency: number, headers: Record<string, string> = {}): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < requests.length) {
      const { url, body } = requests[next++];
      const t0 = performance.now();
      const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
      await res.arrayBuffer();
      if (res.status !== 200) errors++;
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
  return { count: requests.length, seconds, perSecond: requests.length / seconds, p50: pct(0.5), p99: pct(0.99), max: latencies[latencies.length - 1], errors };
}

/** One line of figures. */
export function formatLoad(name: string, r: LoadResult): string {
  return `${name.padEnd(28)} ${r.perSecond.toFixed(0).padStart(6)} /s  p50 ${r.p50.toFixed(2).padStart(6)} ms  p99 ${r.p99.toFixed(2).padStart(6)} ms  max ${r.max.toFixed(1).padStart(6)} ms  errors ${r.errors}`;
}
