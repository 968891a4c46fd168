import { CommonErrorCodes, isRpcErrorBody, type RequestOf, type ResponseOf, type RpcContract } from '@collabo/contracts';
import {
  headers as natsHeaders,
  PermissionViolationError,
  RequestError,
  TimeoutError,
  type Msg,
  type MsgHdrs,
  type NatsConnection,
} from '@nats-io/nats-core';
import { ClientNats, NatsRecord, type WritePacket } from '@nestjs/microservices';
import { CORRELATION_HEADER, currentCorrelationId } from '../context/request-context.js';
import { AppError, DependencyUnavailableError } from '../errors/app-error.js';
import type { NatsNaming } from '../nats/naming.js';
import { inboxPrefixOf, natsServers } from '../nats/connection.js';
import { injectTraceHeaders, inSpan, SpanKind } from '../tracing/trace-context.js';

/** An error answered by another service, with its stable code and status. */
export class RemoteError extends AppError {}

export interface RpcClientOptions {
  url: string;
  service: string;
  naming: NatsNaming;
  timeoutMs: number;
  user?: string;
  password?: string;
}

/**
 * Nest's NATS client (its connection handling, packet format, serialiser and deserialiser), with requests
 * made the way nats.js makes them: Nest's own `send` subscribes a fresh inbox for every request and
 * unsubscribes it after the answer (SUB, PUB and UNSUB on the wire, and an interest change on the server,
 * per call), and wraps each call in an observable pipeline with its own timer; `call` uses nats.js's
 * `request()`, which answers every request through the connection's one shared reply subscription and
 * enforces the timeout itself.
 */
class MuxedClientNats extends ClientNats {
  /** Resolves with the response, or rejects with the answered error body, a NATS error or a timeout. */
  async call<T>(pattern: string, payload: unknown, headers: MsgHdrs, timeoutMs: number): Promise<T> {
    const client = (await this.connect()) as NatsConnection;
    const packet = this.assignPacketId({ pattern, data: new NatsRecord(payload, headers) });
    const serialized = this.serializer.serialize(packet) as { data: Uint8Array | string; headers?: MsgHdrs };
    const msg: Msg = await client.request(pattern, serialized.data, {
      timeout: timeoutMs,
      headers: this.mergeHeaders(serialized.headers) as MsgHdrs | undefined,
    });
    if (msg.data.length === 0) throw new Error(`empty answer on ${pattern}`);
    const { err, response } = (await this.deserializer.deserialize(msg)) as WritePacket<T>;
    if (err) throw err;
    return response as T;
  }
}

/**
 * Calls other services over NATS RPC (Nest's NATS client and packet format, nats.js's muxed requests):
 * typed by the contract, always with a timeout, the correlation id in a header, and errors mapped to
 * RemoteError with the callee's code (timeouts and "no responders" to 503 DependencyUnavailableErrors).
 */
export class RpcClient {
  private readonly proxy: MuxedClientNats;

  constructor(private readonly options: RpcClientOptions) {
    this.proxy = new MuxedClientNats({
      servers: natsServers(options.url),
      name: `${options.service}-rpc-client`,
      // The shared reply subscription is `_INBOX_<service>.<nuid>.*`: only this service's user may read it (deploy/nats/auth.conf).
      inboxPrefix: inboxPrefixOf(options.service),
      user: options.user,
      pass: options.password,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
      // No stack captured per request for an error that is rarely raised (failures are mapped to AppErrors).
      noAsyncTraces: true,
    });
  }

  async connect(): Promise<void> {
    await this.proxy.connect();
  }

  async close(): Promise<void> {
    await this.proxy.close();
  }

  async request<C extends RpcContract>(contract: C, payload: RequestOf<C>, opts: { timeoutMs?: number } = {}): Promise<ResponseOf<C>> {
    const attributes = { 'rpc.system': 'nats', 'rpc.method': contract.subject };
    return inSpan(`rpc ${contract.subject}`, { kind: SpanKind.CLIENT, attributes }, async () => {
      const h = natsHeaders();
      h.set(CORRELATION_HEADER, currentCorrelationId());
      // The callee's server span continues this one (traceparent in the request's headers).
      injectTraceHeaders(h);
      const ms = opts.timeoutMs ?? this.options.timeoutMs;
      try {
        return await this.proxy.call<ResponseOf<C>>(this.options.naming.subject(contract.subject), payload, h, ms);
      } catch (err) {
        throw mapRpcError(err, contract.subject, ms);
      }
    });
  }
}

export function mapRpcError(err: unknown, subject: string, ms: number): AppError {
  if (err instanceof TimeoutError) {
    return new DependencyUnavailableError(CommonErrorCodes.timeout, `No answer to ${subject} within ${ms} ms.`);
  }
  if (isRpcErrorBody(err)) {
    return new RemoteError(err.code, err.message, typeof err.status === 'number' ? err.status : 502, err.errors ?? []);
  }
  const message = String((err as Error)?.message ?? err);
  // The server refused the publish (deploy/nats/auth.conf): a deployment error, told at once rather than as a timeout.
  if (err instanceof PermissionViolationError || (err instanceof Error && err.cause instanceof PermissionViolationError)) {
    return new DependencyUnavailableError(CommonErrorCodes.unavailable, `Not permitted to call ${subject} (NATS permissions).`);
  }
  if (
    (err instanceof RequestError && err.isNoResponders()) ||
    /no responders|503/i.test(message) ||
    (err as { code?: string })?.code === '503'
  ) {
    return new DependencyUnavailableError(CommonErrorCodes.unavailable, `Nobody serves ${subject} right now.`);
  }
  return new DependencyUnavailableError(CommonErrorCodes.unavailable, `${subject} failed: ${message}`);
}
