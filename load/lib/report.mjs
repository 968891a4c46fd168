// The load report: one row per step of a scenario, as a table and as JSON.

const r1 = (n) => (n == null || Number.isNaN(n) ? null : Math.round(n * 10) / 10);

/** A report row from an httpLoad result or from a message-driven step (same fields). */
export function stepRow(scenario, result, extra = {}) {
  return {
    scenario,
    step: result.name,
    connections: result.connections ?? null,
    requests: result.requests,
    seconds: r1(result.seconds),
    rps: r1(result.rps),
    p50Ms: r1(result.latencyMs?.p50),
    p95Ms: r1(result.latencyMs?.p95),
    p99Ms: r1(result.latencyMs?.p99),
    maxMs: r1(result.latencyMs?.max),
    errors: result.errors ?? 0,
    non2xx: result.non2xx ?? 0,
    unexpected: result.unexpected ?? 0,
    ...(result.non2xx ? { statuses: result.statuses } : {}),
    rssPeakMb: r1(result.rssPeakMb),
    ...extra,
  };
}

export function printLoadTable(rows, out = process.stdout) {
  const head = [
    'scenario',
    'step',
    'conns',
    'requests',
    'req/s',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'max ms',
    'errors',
    'non-2xx',
    'RSS peak MB',
  ];
  const cells = rows.map((r) => [
    r.scenario,
    r.step,
    r.connections == null ? '-' : String(r.connections),
    String(r.requests),
    String(r.rps ?? '-'),
    String(r.p50Ms ?? '-'),
    String(r.p95Ms ?? '-'),
    String(r.p99Ms ?? '-'),
    String(r.maxMs ?? '-'),
    String(r.errors),
    String(r.non2xx),
    r.rssPeakMb == null ? '-' : String(r.rssPeakMb),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c) => c.map((x, i) => (i < 2 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join('  ');
  out.write(`${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  for (const c of cells) out.write(`${line(c)}\n`);
}
