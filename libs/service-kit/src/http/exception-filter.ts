import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { throwError, type Observable } from 'rxjs';
import { currentContext } from '../context/request-context.js';
import { PROBLEM_CONTENT_TYPE, toAppError, toProblem, toRpcErrorBody } from '../errors/problem.js';

/**
 * The one place errors become answers: problem+json over HTTP, an RpcErrorBody over NATS. Unexpected
 * failures are logged with their stack and answered without internals.
 */
@Catch()
export class AppExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void | Observable<never> {
    const { appError, unexpected } = toAppError(exception);
    if (unexpected) this.logger.error({ err: loggableError(exception) }, 'unexpected error');
    if (host.getType() === 'rpc') return throwError(() => toRpcErrorBody(appError));
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if ((appError.status === 429 || appError.status === 503) && typeof appError.extra['retryAfterSeconds'] === 'number') {
      void reply.header('retry-after', String(appError.extra['retryAfterSeconds']));
    }
    void reply
      .status(appError.status)
      .header('content-type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`)
      .send(toProblem(appError, currentContext()?.correlationId));
  }
}

/**
 * What of an unexpected error goes to the log: its kind, message, code and stack, never the rest
 * (a TypeORM QueryFailedError carries the query's parameters, which can be personal data).
 */
export function loggableError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error).slice(0, 500) };
  const e = error as Error & { code?: unknown; driverError?: { code?: unknown } };
  return { name: e.name, message: e.message.slice(0, 1000), code: e.code ?? e.driverError?.code, stack: e.stack };
}
