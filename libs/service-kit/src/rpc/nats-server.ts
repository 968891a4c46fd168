import { randomUUID } from 'node:crypto';
import { CommonErrorCodes } from '@collabo/contracts';
import { NatsContext, ServerNats, type WritePacket } from '@nestjs/microservices';
import { finalize, isObservable, type Observable } from 'rxjs';
import { CORRELATION_HEADER, runWithContext, sanitizeCorrelationId } from '../context/request-context.js';
import type { NatsNaming } from '../nats/naming.js';
import { inboxPrefixOf, natsServers } from '../nats/connection.js';
import { jsonBodyProblem } from '../http/json-body.js';
import type { ServiceMetrics } from '../metrics/metrics.js';
import { extractTraceHeaders, inSpan, SpanKind } from '../tracing/trace-context.js';

interface Subscription {
  drain(): Promise<void>;
}
interface SubscribingClient {
  subscribe(subject: string, opts: { queue?: string; callback: (...args: unknown[]) => unknown }): Subscription;
}
interface IncomingMsg {
  subject: string;
  reply?: string;
  data: Uint8Array;
  headers?: { get(key: string): string };
  json<T>(): T;
  respond(data?: string | Uint8Array, opts?: unknown): boolean;
}

export interface CollaboNatsServerOptions {
  url: string;
  metrics?: ServiceMetrics;
  /** Client name shown by the NATS server; also the default queue group (replicas share the load). */
  service: string;
  naming: NatsNaming;
  user?: string;
  password?: string;
}

/**
 * Nest's NATS transport with three additions: subjects carry the run's prefix, the caller's correlation id
 * (a NATS header) becomes the handler's context, and shutdown drains the subscriptions so in-flight
 * requests finish while no new ones are taken.
 */
export class CollaboNatsServer extends ServerNats {
  private readonly ownSubscriptions: Subscription[] = [];

  constructor(private readonly settings: CollaboNatsServerOptions) {
    super({
      servers: natsServers(settings.url),
      name: `${settings.service}-rpc`,
      queue: settings.service,
      // Whatever this connection ever waits an answer on stays in the service's own inboxes (deploy/nats/auth.conf).
      inboxPrefix: inboxPrefixOf(settings.service),
      user: settings.user,
      pass: settings.password,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
    });
  }

  override bindEvents(client: SubscribingClient): void {
    for (const [channel, handler] of this.messageHandlers) {
      const queue = (handler.extras?.queue as string | undefined) ?? this.settings.service;
      const callback = this.getMessageHandler(channel).bind(this) as (...args: unknown[]) => unknown;
      this.ownSubscriptions.push(
        client.subscribe(this.settings.naming.subject(channel), {
          queue,
          callback,
        }),
      );
    }
  }

  override handleMessage(channel: string, natsMsg: IncomingMsg): Promise<unknown> {
    const correlationId = sanitizeCorrelationId(natsMsg.headers?.get(CORRELATION_HEADER) || undefined);
    const started = process.hrtime.bigint();
    const observe = (outcome: string) =>
      this.settings.metrics?.rpcHandled.observe({ subject: channel, outcome }, Number(process.hrtime.bigint() - started) / 1e9);
    // A request continues the caller's trace (traceparent in the headers); the span ends once it is answered.
    const traced = inSpan(
      `rpc ${channel}`,
      {
        kind: natsMsg.reply ? SpanKind.SERVER : SpanKind.CONSUMER,
        parent: extractTraceHeaders(natsMsg.headers),
        attributes: { 'rpc.system': 'nats', 'rpc.method': channel },
      },
      () => runWithContext({ correlationId }, () => this.dispatch(channel, natsMsg)),
    );
    return traced.then(
      (value) => {
        observe('answered');
        return value;
      },
      (err: unknown) => {
        observe('failed');
        throw err;
      },
    );
  }

  private dispatch(channel: string, natsMsg: IncomingMsg): Promise<unknown> {
    if (!natsMsg.reply) return super.handleMessage(channel, natsMsg);
    let packet: unknown;
    try {
      packet = natsMsg.json();
    } catch {
      natsMsg.respond(
        JSON.stringify({ err: { code: CommonErrorCodes.validation, message: 'the payload is not JSON', status: 400 }, isDisposed: true }),
      );
      return Promise.resolve();
    }
    const problem = jsonBodyProblem(packet);
    if (problem) {
      natsMsg.respond(JSON.stringify({ err: { code: CommonErrorCodes.validation, message: problem, status: 400 }, isDisposed: true }));
      return Promise.resolve();
    }
    // A plain NATS request (not Nest's {pattern, data, id} packet) is served as a request too.
    const isNestPacket = typeof packet === 'object' && packet !== null && 'id' in packet && 'data' in packet;
    const parsed = isNestPacket ? packet : { pattern: channel, data: packet, id: randomUUID() };
    // Nest's deserializer reads the packet through json(): hand it the one parsed above instead of a second parse.
    const raw: IncomingMsg = {
      subject: natsMsg.subject,
      reply: natsMsg.reply,
      data: natsMsg.data,
      headers: natsMsg.headers,
      json: <T>() => parsed as T,
      respond: (data, opts) => natsMsg.respond(data, opts),
    };
    const handler = this.getHandlerByPattern(channel);
    if (!handler) return super.handleMessage(channel, raw);
    return this.answer(channel, raw, handler);
  }

  /**
   * Nest's request handling (`ServerNats.handleMessage` → `handleRequest`) without its response stream for plain
   * results: the handler is the one Nest built (pipes, guards, interceptors, exception filters, processing hooks
   * all apply), and its answer goes out in Nest's packet format through Nest's serialiser. Nest turns every result
   * into an observable and answers from `process.nextTick` (`Server.send`); a handler that resolves to a value
   * (every one of ours) is answered directly with the one packet Nest would send, `{ response, isDisposed: true, id }`.
   * A handler that answers with an observable — a stream, or the error an exception filter returns — still goes
   * through Nest's `send`.
   */
  private async answer(
    channel: string,
    natsMsg: IncomingMsg,
    handler: (data: unknown, ctx: NatsContext) => Promise<unknown>,
  ): Promise<void> {
    // Nest's NATS deserialiser answers synchronously; a custom one may answer with a promise.
    const deserialized = this.deserializer.deserialize(natsMsg, { channel, replyTo: natsMsg.reply }) as unknown;
    const message = (deserialized instanceof Promise ? await deserialized : deserialized) as { id: string; data: unknown };
    const ctx = new NatsContext([natsMsg.subject, natsMsg.headers as never]);
    const publish = this.getPublisher(natsMsg as never, message.id, ctx) as (packet: WritePacket) => void;
    await this.runWithProcessingHooks(ctx, async (runEndHook) => {
      const result = await handler(message.data, ctx);
      if (isObservable(result)) {
        this.send((result as Observable<unknown>).pipe(finalize(runEndHook)), publish);
        return;
      }
      runEndHook();
      try {
        publish({ response: result, isDisposed: true });
      } catch (err) {
        // As in Nest's `send`: an answer that cannot be published is logged (the caller times out).
        this.logger.error(err);
      }
    });
  }

  /**
   * Our patterns are plain subjects. Nest first tries `JSON.parse` on every incoming pattern (for object
   * patterns), which throws — and so builds an error with its stack — for every message on a plain one.
   */
  protected override getRouteFromPattern(pattern: string): string {
    const first = pattern.charAt(0);
    return first === '{' || first === '[' || first === '"' ? super.getRouteFromPattern(pattern) : this.normalizePattern(pattern);
  }

  override async close(): Promise<void> {
    const subs = this.ownSubscriptions.splice(0);
    await Promise.all(subs.map((s) => s.drain().catch(() => undefined)));
    await super.close();
  }
}
