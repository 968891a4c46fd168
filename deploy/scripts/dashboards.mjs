#!/usr/bin/env node
// Writes the Grafana dashboard of each service (base/monitoring/dashboards/<service>.json), from one definition so
// the four stay alike: RED metrics of the API (rate, errors, duration), RPC handling, the outbox (pending, age,
// lag, relay leader), the consumers (outcomes, lag, dead letters), the process (memory, event loop); notifications
// adds its deliveries. After changing it: `node deploy/scripts/dashboards.mjs && npx prettier --write
// deploy/base/monitoring/dashboards`; test/monitoring.test.ts checks that the committed files hold what it writes and
// that every metric in a panel is exported.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const SERVICES = ['registry', 'proposals', 'events', 'notifications'];

const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };

function panel(id, title, targets, { unit = 'short', x = 0, y = 0, w = 12, h = 8, type = 'timeseries' } = {}) {
  return {
    id,
    type,
    title,
    datasource: DATASOURCE,
    gridPos: { h, w, x, y },
    fieldConfig: { defaults: { unit }, overrides: [] },
    options: {},
    targets: targets.map(([expr, legendFormat], i) => ({
      datasource: DATASOURCE,
      expr,
      legendFormat,
      refId: String.fromCharCode(65 + i),
    })),
  };
}

/** The dashboard of one service, as Grafana's JSON model. */
export function dashboard(service) {
  const s = `service="${service}"`;
  const db = `database="collabo_${service}"`;
  const rows = [
    ['Requests per second by route', [[`sum by (route) (rate(http_request_duration_seconds_count{${s}}[5m]))`, '{{route}}']], 'reqps'],
    [
      'Server errors (5xx) and client errors (4xx)',
      [
        [`sum(rate(http_request_duration_seconds_count{${s}, status=~"5.."}[5m]))`, '5xx'],
        [`sum(rate(http_request_duration_seconds_count{${s}, status=~"4.."}[5m]))`, '4xx'],
      ],
      'reqps',
    ],
    [
      'Request duration p50 / p95 / p99',
      [0.5, 0.95, 0.99].map((q) => [
        `histogram_quantile(${q}, sum by (le) (rate(http_request_duration_seconds_bucket{${s}}[5m])))`,
        `p${Math.round(q * 100)}`,
      ]),
      's',
    ],
    [
      'RPC handled per second by subject and outcome',
      [[`sum by (subject, outcome) (rate(rpc_handled_seconds_count{${s}}[5m]))`, '{{subject}} {{outcome}}']],
      'ops',
    ],
    [
      'Outbox: pending rows and age of the oldest',
      [
        [`max(cnpg_collabo_outbox_pending{${db}})`, 'pending'],
        [`max(cnpg_collabo_outbox_oldest_pending_seconds{${db}})`, 'oldest (s)'],
      ],
      'short',
    ],
    [
      'Outbox: published per second, failures, commit-to-ack lag p95',
      [
        [`sum(rate(outbox_published_total{${s}}[5m]))`, 'published'],
        [`sum(rate(outbox_publish_failures_total{${s}}[5m]))`, 'failures'],
        [`histogram_quantile(0.95, sum by (le) (rate(outbox_lag_seconds_bucket{${s}}[5m])))`, 'lag p95 (s)'],
      ],
      'short',
    ],
    ['Outbox relay leaders (1 when healthy)', [[`max(cnpg_collabo_outbox_relay_leaders{${db}})`, 'leaders']], 'short'],
    [
      'Events consumed per second by consumer and outcome',
      [[`sum by (consumer, outcome) (rate(events_consumed_total{${s}}[5m]))`, '{{consumer}} {{outcome}}']],
      'ops',
    ],
    [
      'Consumer lag (messages pending) and event handling p95',
      [
        [`max by (consumer_name) (jetstream_consumer_num_pending{consumer_name=~"${service}.*"})`, '{{consumer_name}} pending'],
        [`histogram_quantile(0.95, sum by (le, consumer) (rate(event_handling_seconds_bucket{${s}}[5m])))`, '{{consumer}} p95 (s)'],
      ],
      'short',
    ],
    ['Dead letters waiting', [[`sum by (consumer) (cnpg_collabo_dead_letters_open{${db}})`, '{{consumer}}']], 'short'],
    [
      'Memory: resident and V8 heap',
      [
        [`sum by (pod) (process_resident_memory_bytes{${s}})`, '{{pod}} rss'],
        [`sum by (pod) (nodejs_heap_size_used_bytes{${s}})`, '{{pod}} heap used'],
      ],
      'bytes',
    ],
    ['Event loop lag p99', [[`max by (pod) (nodejs_eventloop_lag_p99_seconds{${s}})`, '{{pod}}']], 's'],
  ];
  if (service === 'notifications') {
    rows.push(
      ['Email sends per second by outcome', [[`sum by (outcome) (rate(notification_deliveries_total{${s}}[5m]))`, '{{outcome}}']], 'ops'],
      ['Emails queued, sending, ambiguous', [[`max by (status) (notification_deliveries{${s}})`, '{{status}}']], 'short'],
    );
  }
  const panels = rows.map(([title, targets, unit], i) => panel(i + 1, title, targets, { unit, x: (i % 2) * 12, y: Math.floor(i / 2) * 8 }));
  return {
    uid: `collabo-${service}`,
    title: `Collabo / ${service}`,
    tags: ['collabo'],
    timezone: 'Asia/Tokyo',
    schemaVersion: 39,
    version: 1,
    refresh: '30s',
    time: { from: 'now-6h', to: 'now' },
    templating: {
      list: [{ name: 'datasource', type: 'datasource', query: 'prometheus', label: 'Data source', current: {}, hide: 0 }],
    },
    panels,
  };
}

export function dashboardFile(service) {
  return `${JSON.stringify(dashboard(service), null, 2)}\n`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'base', 'monitoring', 'dashboards');
  for (const service of SERVICES) writeFileSync(path.join(dir, `${service}.json`), dashboardFile(service));
}
