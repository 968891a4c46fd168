// HTTP load with autocannon; latencies are collected per response (exact p50/p95/p99/max), status classes
// counted, and the service's resident memory sampled while the load runs.
import autocannon from 'autocannon';
import { sampleMemory } from './platform.mjs';

export function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

/** Summary of a list of latencies in ms. */
export function latencySummary(values) {
  const sorted = Float64Array.from(values).sort();
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
  };
}

/**
 * One autocannon run. `request(context)` returns `{ method, path, body?, headers? }` for the next request of
 * a connection (context is per connection); `onResponse(status, body, context)` sees every answer.
 * Either `duration` (s) or `amount` (requests in all) bounds the run; `rate` fixes the requests per second.
 */
export async function httpLoad({ name, url, connections, duration, amount, rate, headers = {}, request, onResponse, pid, expectStatus }) {
  const latencies = [];
  const statuses = {};
  let errors = 0;
  let unexpected = 0;
  const memory = pid ? sampleMemory(pid) : null;
  const started = process.hrtime.bigint();
  const instance = autocannon({
    url,
    connections: amount ? Math.min(connections, amount) : connections,
    ...(amount ? { amount } : { duration }),
    ...(rate ? { overallRate: rate } : {}),
    headers,
    timeout: 30,
    requests: [
      {
        setupRequest: (req, context) => {
          const r = request(context);
          const out = { ...req, method: r.method ?? 'GET', path: r.path, headers: { ...req.headers, ...(r.headers ?? {}) } };
          if (r.body !== undefined) {
            out.body = typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
            out.headers['content-type'] = 'application/json';
          } else delete out.body;
          return out;
        },
        onResponse: (status, body, context) => {
          if (expectStatus && !expectStatus(status)) unexpected++;
          if (onResponse) onResponse(status, body, context);
        },
      },
    ],
  });
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    latencies.push(responseTime);
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
  });
  instance.on('reqError', () => {
    errors++;
  });
  const result = await instance;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const mem = memory?.stop();
  const non2xx = Object.entries(statuses)
    .filter(([s]) => !(Number(s) >= 200 && Number(s) < 300))
    .reduce((n, [, c]) => n + c, 0);
  return {
    name,
    connections: amount ? Math.min(connections, amount) : connections,
    seconds: Math.round(seconds * 10) / 10,
    requests: latencies.length,
    rps: latencies.length / seconds,
    latencyMs: latencySummary(latencies),
    errors: Math.max(errors, result.errors ?? 0),
    non2xx,
    unexpected,
    statuses,
    rssPeakMb: mem ? mem.peak / 2 ** 20 : null,
  };
}
