import { IsInt, IsISO8601, IsObject, IsOptional, IsString, IsUUID, Min, MaxLength } from 'class-validator';
import type { EventSubject } from '../subjects.js';

/**
 * Every event travels in this envelope. `id` is a UUID v7 and is also the JetStream `Nats-Msg-Id`,
 * so a re-published event is dropped by the stream and a redelivered one is recognised by the inbox.
 */
export class EventEnvelope<T = unknown> {
  @IsUUID()
  id!: string;
  /** The subject without its version suffix, e.g. `proposals.evt.proposal.advanced`. */
  @IsString()
  @MaxLength(200)
  type!: string;
  @IsInt()
  @Min(1)
  version!: number;
  @IsISO8601({ strict: true })
  occurredAt!: string;
  /** The producing service. */
  @IsString()
  @MaxLength(64)
  source!: string;
  @IsString()
  @MaxLength(200)
  aggregateId!: string;
  @IsString()
  @MaxLength(200)
  correlationId!: string;
  @IsOptional()
  @IsString()
  @MaxLength(200)
  causationId!: string | null;
  @IsObject()
  data!: T;
}

type Class<T> = new (...args: any[]) => T; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The shape every event namespace in this library has: `XxxV1.subject` and `XxxV1.Data`. */
export interface EventContract<D = object> {
  readonly subject: EventSubject;
  readonly Data: Class<D>;
}

/** The shape every RPC namespace has: `XxxV1.subject`, `XxxV1.Request`, `XxxV1.Response`. */
export interface RpcContract<Req = object, Res = object> {
  readonly subject: string;
  readonly Request: Class<Req>;
  readonly Response: Class<Res>;
}

export type DataOf<C> = C extends EventContract<infer D> ? D : never;
export type RequestOf<C> = C extends RpcContract<infer Req, unknown> ? Req : never;
export type ResponseOf<C> = C extends RpcContract<unknown, infer Res> ? Res : never;
