/**
 * Traces across the bus (issue 18, item 3): the four services as real processes, each exporting its spans over
 * OTLP/HTTP to a small receiver inside this test. One proposal transition, started with a `traceparent` of the
 * test's own, is one trace: the proposals HTTP request → the outbox row's creation → the relay's publish →
 * the notifications consumer → its registry RPC (client and server) → the SMTP send, each span the child of
 * the one before it (the trace context travels in the outbox row, the NATS headers and the delivery row), and
 * the logs of that work carry the trace id.
 */
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ProposalAdvancedV1 } from '@collabo/contracts';
import { SmtpSink } from '@collabo/testing';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Api } from '../harness/api.js';
import { Platform, eventually } from '../harness/platform.js';

/** OTLP's span kinds (the protocol's numbering). */
const KIND = { internal: 1, server: 2, client: 3, producer: 4, consumer: 5 } as const;

interface CollectedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  doubleValue?: number;
}
interface OtlpAttribute {
  key: string;
  value: OtlpValue;
}
interface OtlpExport {
  resourceSpans?: {
    resource?: { attributes?: OtlpAttribute[] };
    scopeSpans?: {
      spans?: { traceId: string; spanId: string; parentSpanId?: string; name: string; kind: number; attributes?: OtlpAttribute[] }[];
    }[];
  }[];
}

const valueOf = (v: OtlpValue): unknown =>
  v.stringValue ?? (v.intValue !== undefined ? Number(v.intValue) : (v.boolValue ?? v.doubleValue));
const attributesOf = (list: OtlpAttribute[] = []): Record<string, unknown> =>
  Object.fromEntries(list.map((a) => [a.key, valueOf(a.value)]));

/** A collector's OTLP/HTTP trace endpoint (JSON, as the services' exporter sends it), keeping every span in memory. */
class OtlpReceiver {
  readonly spans: CollectedSpan[] = [];
  private constructor(private readonly server: Server) {}

  static async start(): Promise<OtlpReceiver> {
    const server = createServer();
    const receiver = new OtlpReceiver(server);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (req.method !== 'POST' || req.url !== '/v1/traces') {
          res.writeHead(404).end();
          return;
        }
        try {
          let body = Buffer.concat(chunks);
          if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
          receiver.collect(JSON.parse(body.toString('utf8')) as OtlpExport);
          res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        } catch (err) {
          res.writeHead(400, { 'content-type': 'text/plain' }).end(String(err));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private collect(body: OtlpExport): void {
    for (const rs of body.resourceSpans ?? []) {
      const service = String(attributesOf(rs.resource?.attributes)['service.name'] ?? '');
      for (const ss of rs.scopeSpans ?? []) {
        for (const s of ss.spans ?? []) {
          this.spans.push({
            service,
            traceId: s.traceId,
            spanId: s.spanId,
            parentSpanId: s.parentSpanId ?? '',
            name: s.name,
            kind: s.kind,
            attributes: attributesOf(s.attributes),
          });
        }
      }
    }
  }

  of(traceId: string): CollectedSpan[] {
    return this.spans.filter((s) => s.traceId === traceId);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

describe('one proposal transition is one trace across the bus', () => {
  let sink: SmtpSink;
  let receiver: OtlpReceiver;
  let platform: Platform;
  let api: Api;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    receiver = await OtlpReceiver.start();
    const otel = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '100' };
    platform = await Platform.start({
      replicas: 1,
      smtpUrl: sink.url,
      env: {
        registry: otel,
        proposals: otel,
        events: otel,
        // No recipient cache: the registry RPC of the handling is part of the chain asserted below.
        notifications: { ...otel, DELIVERY_POLL_MS: '200', SMTP_RATE_PER_SECOND: '100', RECIPIENT_CACHE_TTL_MS: '0' },
      },
    });
    api = new Api(platform, await platform.token());
  });

  afterAll(async () => {
    await platform?.stop();
    await receiver?.stop();
    await sink?.stop();
  });

  it('links the HTTP request, the outbox, the relay, the consumer, the registry RPC and the SMTP send', async () => {
    const organization = await api.organization('トレース検証食品株式会社', 'トレースケンショウショクヒン');
    const contact = await api.person(1, 'ja', 'trace.example');
    const coordinator = await api.person(2, 'en', 'trace.example');
    const proposalId = await api.proposal(organization, contact.id, coordinator.id, 'トレース検証提案');
    // The submission's emails first, so that the advanced ones below are told apart by count.
    await eventually(
      async () => sink.to(contact.email).length >= 1 && sink.to(coordinator.email).length >= 1,
      'the submitted emails',
      60_000,
    );

    // The client's own trace: the service continues it (W3C traceparent on the request).
    const traceId = randomBytes(16).toString('hex');
    const clientSpanId = randomBytes(8).toString('hex');
    const current = await api.ok('proposals', 'GET', `/v1/proposals/${proposalId}`);
    const moved = await api.call(
      'proposals',
      'POST',
      `/v1/proposals/${proposalId}/transitions`,
      { to: 'pre_screening', reason: '書類確認済み' },
      { 'if-match': current.etag ?? '', traceparent: `00-${traceId}-${clientSpanId}-01` },
    );
    expect(moved.status).toBe(201);
    await eventually(
      async () => sink.to(contact.email).length >= 2 && sink.to(coordinator.email).length >= 2,
      'the advanced emails',
      60_000,
    );

    const subject = ProposalAdvancedV1.subject;
    const find = (spans: CollectedSpan[], service: string, kind: number, name: (n: string) => boolean) =>
      spans.filter((s) => s.service === service && s.kind === kind && name(s.name));
    // Every span of the trace is exported (each has its parent among them, but the request, whose parent is the
    // client's), both emails' SMTP spans (contact and coordinator) included.
    const complete = (list: CollectedSpan[]) => {
      const ids = new Set(list.map((s) => s.spanId));
      return list.every((s) => s.parentSpanId === clientSpanId || ids.has(s.parentSpanId));
    };
    await eventually(
      async () => {
        const list = receiver.of(traceId);
        return find(list, 'notifications', KIND.client, (n) => n.startsWith('smtp ')).length >= 2 && complete(list);
      },
      'the whole trace, to the SMTP sends',
      30_000,
    );
    const spans = receiver.of(traceId);
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    /** The span's ancestors within the trace, nearest first. */
    const ancestors = (span: CollectedSpan): CollectedSpan[] => {
      const out: CollectedSpan[] = [];
      for (let p = byId.get(span.parentSpanId); p; p = byId.get(p.parentSpanId)) out.push(p);
      return out;
    };
    const one = (list: CollectedSpan[], what: string): CollectedSpan => {
      if (list.length !== 1) throw new Error(`${what}: ${list.length} spans (${spans.map((s) => `${s.service}:${s.name}`).join(', ')})`);
      return list[0]!;
    };

    // proposals: the HTTP request (a child of the client's span), the event's creation within it, the relay's publish.
    const request = one(
      find(spans, 'proposals', KIND.server, () => true),
      'the proposals HTTP server span',
    );
    expect(request.parentSpanId).toBe(clientSpanId);
    const create = one(
      find(spans, 'proposals', KIND.producer, (n) => n === `create ${subject}`),
      'the outbox row',
    );
    expect(ancestors(create)).toContain(request);
    const publish = one(
      find(spans, 'proposals', KIND.producer, (n) => n === `publish ${subject}`),
      'the relay publish',
    );
    expect(publish.parentSpanId).toBe(create.spanId);

    // notifications: the consumer continues the publish (traceparent in the JetStream headers).
    const consume = one(
      find(spans, 'notifications', KIND.consumer, (n) => n === `process ${subject}`),
      'the consumer',
    );
    expect(consume.parentSpanId).toBe(publish.spanId);
    expect(consume.attributes['messaging.consumer.group.name']).toBe('notifications-notify-on-proposal-advanced');

    // The registry RPC made while handling it: client span in notifications, server span in the registry under it.
    const rpcClients = find(spans, 'notifications', KIND.client, (n) => n.startsWith('rpc registry.'));
    expect(rpcClients.length).toBeGreaterThanOrEqual(1);
    for (const client of rpcClients) {
      expect(ancestors(client)).toContain(consume);
      const server = one(
        spans.filter((s) => s.service === 'registry' && s.kind === KIND.server && s.parentSpanId === client.spanId),
        `the registry's server span of ${client.name}`,
      );
      expect(server.name).toBe(client.name);
    }

    // The SMTP sends (one per recipient), continuing the consumer's trace through the delivery rows.
    const sends = find(spans, 'notifications', KIND.client, (n) => n.startsWith('smtp '));
    expect(sends).toHaveLength(2);
    for (const send of sends) expect(ancestors(send)).toContain(consume);

    // One trace: a single root (the request, under the client's span), every other span under it.
    expect(spans.filter((s) => !byId.has(s.parentSpanId))).toEqual([request]);

    // The logs of that work carry the trace id (the proposals request log line).
    const log = join(platform.workDir, 'proposals-1.log');
    await eventually(
      async () =>
        readFileSync(log, 'utf8')
          .split('\n')
          .some((line) => line.includes(`"trace_id":"${traceId}"`) && line.includes('/transitions')),
      'a proposals log line with the trace id',
      10_000,
    );
  });
});
