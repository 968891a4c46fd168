import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';

export const CONSENT_WITHDRAWAL_PATH = '/v1/consent-withdrawal';

/**
 * The withdrawal page posts an HTML form (`application/x-www-form-urlencoded`), and a mail client may post
 * `List-Unsubscribe=One-Click` (RFC 8058). The kit takes JSON bodies only: this parser takes small form bodies on
 * the withdrawal route alone (anywhere else they stay 415). Notifications' unsubscribe route does the same.
 */
@Injectable()
export class ConsentFormBodyParser implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance() as FastifyInstance | undefined;
    if (!fastify || fastify.hasContentTypeParser('application/x-www-form-urlencoded')) return;
    fastify.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 2048 },
      (request: FastifyRequest, body: string | Buffer, done: (err: Error | null, value?: unknown) => void) => {
        if (request.routeOptions.url !== CONSENT_WITHDRAWAL_PATH) {
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
