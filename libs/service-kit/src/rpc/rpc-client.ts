import { CommonErrorCodes, isRpcErrorBody, type RequestOf, type ResponseOf, type RpcContract } from '@collabo/contracts';
import { headers as natsHeaders } from '@nats-io/nats-core';
import { ClientNats, NatsRecordBuilder } from '@nestjs/microservices';
import { firstValueFrom, timeout, TimeoutError } from 'rxjs';
import { CORRELATION_HEADER, currentCorrelationId } from '../context/request-context.js';
import { AppError, DependencyUnavailableError } from '../errors/app-error.js';
import type { NatsNaming } from '../nats/naming.js';
import { natsServers } from '../nats/connection.js';

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
 * Calls other services over NATS RPC (Nest's NATS client): typed by the contract, always with a
 * timeout, the correlation id in a header, and errors mapped to RemoteError with the callee's code.
 */
export class RpcClient {
  private readonly proxy: ClientNats;

  constructor(private readonly options: RpcClientOptions) {
    this.proxy = new ClientNats({
      servers: natsServers(options.url),
      name: `${options.service}-rpc-client`,
      user: options.user,
      pass: options.password,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
    });
  }

  async connect(): Promise<void> {
    await this.proxy.connect();
  }

  async close(): Promise<void> {
    await this.proxy.close();
  }

  async request<C extends RpcContract>(contract: C, payload: RequestOf<C>, opts: { timeoutMs?: number } = {}): Promise<ResponseOf<C>> {
    const h = natsHeaders();
    h.set(CORRELATION_HEADER, currentCorrelationId());
    const record = new NatsRecordBuilder(payload).setHeaders(h).build();
    const ms = opts.timeoutMs ?? this.options.timeoutMs;
    try {
      return await firstValueFrom(this.proxy.send<ResponseOf<C>>(this.options.naming.subject(contract.subject), record).pipe(timeout(ms)));
    } catch (err) {
      throw mapRpcError(err, contract.subject, ms);
    }
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
  if (/no responders|503/i.test(message) || (err as { code?: string })?.code === '503') {
    return new DependencyUnavailableError(CommonErrorCodes.unavailable, `Nobody serves ${subject} right now.`);
  }
  return new DependencyUnavailableError(CommonErrorCodes.unavailable, `${subject} failed: ${message}`);
}
