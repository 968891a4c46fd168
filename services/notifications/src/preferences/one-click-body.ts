import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';

export const UNSUBSCRIBE_PATH = '/v1/unsubscribe';

/**
 * RFC 8058 one-click unsubscribe: mail clients POST `List-Unsubscribe=One-Click` as
 * `application/x-www-form-urlencoded`. The kit takes JSON bodies only; this parser takes form bodies on
 * the unsubscribe route alone (anywhere else they stay 415) and only small ones.
 */
@Injectable()
export class OneClickBodyParser implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance() as FastifyInstance | undefined;
    if (!fastify || fastify.hasContentTypeParser('application/x-www-form-urlencoded')) return;
    fastify.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 2048 },
      (request: FastifyRequest, body: string | Buffer, done: (err: Error | null, value?: unknown) => void) => {
        if (request.routeOptions.url !== UNSUBSCRIBE_PATH) {
          return done(
            Object.assign(new Error(`Unsupported Media Type: application/x-www-form-urlencoded`), {
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
