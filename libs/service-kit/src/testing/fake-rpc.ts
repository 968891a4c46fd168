import type { RequestOf, ResponseOf, RpcContract } from '@collabo/contracts';
import type { NatsConnection } from '@nats-io/nats-core';
import { AppError } from '../errors/app-error.js';
import { toRpcErrorBody } from '../errors/problem.js';
import { NatsNaming } from '../nats/naming.js';
import { validatePayload } from '../validation/validate.js';

/**
 * Answers one RPC contract on real NATS, the way the owning service would (Nest's packet format,
 * errors as RpcErrorBody, responses checked against the contract's Response class). For a service's
 * own integration tests, where the other service is not under test; end-to-end tests run the real one.
 */
export function serveContract<C extends RpcContract>(
  nc: NatsConnection,
  prefix: string,
  contract: C,
  answer: (request: RequestOf<C>) => ResponseOf<C> | Promise<ResponseOf<C>>,
): { calls: RequestOf<C>[]; stop(): void } {
  const calls: RequestOf<C>[] = [];
  const sub = nc.subscribe(new NatsNaming(prefix).subject(contract.subject), {
    callback: (_err, msg) => {
      void (async () => {
        const packet = msg.json<{ id: string; data: unknown }>();
        try {
          const request = validatePayload(contract.Request, packet.data) as RequestOf<C>;
          calls.push(request);
          const response = await answer(request);
          validatePayload(contract.Response, response);
          msg.respond(JSON.stringify({ id: packet.id, response, isDisposed: true }));
        } catch (err) {
          const body = err instanceof AppError ? toRpcErrorBody(err) : { code: 'COMMON.INTERNAL', message: String(err), status: 500 };
          msg.respond(JSON.stringify({ id: packet.id, err: body, isDisposed: true }));
        }
      })();
    },
  });
  return { calls, stop: () => sub.unsubscribe() };
}
