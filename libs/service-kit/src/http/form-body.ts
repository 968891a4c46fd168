import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * Small `application/x-www-form-urlencoded` bodies on a service's few public form routes only: an HTML form a person
 * posts from an email link, and RFC 8058 one-click (`List-Unsubscribe=One-Click`) from mail clients. The kit takes JSON
 * bodies only (see json-body.ts); anywhere but `paths` a form body stays 415. Extend it with the routes and provide it
 * in the module that serves them.
 */
@Injectable()
export abstract class FormBodyParser implements OnModuleInit {
  /** The route paths (as Fastify names them, e.g. `/v1/unsubscribe`) that take form bodies. */
  protected abstract readonly paths: readonly string[];

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance() as FastifyInstance | undefined;
    if (!fastify || fastify.hasContentTypeParser('application/x-www-form-urlencoded')) return;
    const paths = new Set(this.paths);
    fastify.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 2048 },
      (request: FastifyRequest, body: string | Buffer, done: (err: Error | null, value?: unknown) => void) => {
        if (!paths.has(request.routeOptions.url ?? '')) {
          return done(
            Object.assign(new Error('Unsupported Media Type: application/x-www-form-urlencoded'), {
              statusCode: 415,
              code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
            }),
          );
        }
        const fields: Record<string, string> = {};
        for (const [key, value] of new URLSearchParams(String(body))) {
          if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
          fields[key] = value;
        }
        done(null, fields);
      },
    );
  }
}
