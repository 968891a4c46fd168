import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiGoneResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { CurrentActor, IdParam, Roles, ValidationFailedError, type Actor } from '@collabo/service-kit';
import type { FastifyReply } from 'fastify';
import { disclosureHtml } from './disclosure-document.js';
import { DisclosureQuery, OpenPrivacyRequestDto, PrivacyRequestQuery } from './privacy.dto.js';
import { PrivacyRequestsService } from './privacy-requests.service.js';
import { DisclosureDocumentView, PrivacyRequestPage, PrivacyRequestView } from './privacy.views.js';

/** Privacy requests under APPI (開示・消去・利用停止): admin only. */
@ApiTags('privacy')
@ApiBearerAuth()
@Roles('admin')
@ApiExtraModels(DisclosureDocumentView)
@Controller('v1/privacy-requests')
export class PrivacyRequestsController {
  constructor(private readonly requests: PrivacyRequestsService) {}

  @Post()
  @ApiCreatedResponse({
    type: PrivacyRequestView,
    description:
      'The request, opened: the registry’s own part is done, and proposals, events and notifications are asked (`privacy request opened` event)',
  })
  async open(@Body() body: OpenPrivacyRequestDto, @CurrentActor() actor: Actor) {
    const given = [body.personId, body.email].filter((v) => v !== undefined && v !== null).length;
    if (given !== 1) {
      const message = given ? 'give personId or email, not both' : 'give personId or email';
      throw new ValidationFailedError([
        { field: 'personId', message },
        { field: 'email', message },
      ]);
    }
    return this.requests.open(body, actor);
  }

  @Get()
  @ApiOkResponse({
    type: PrivacyRequestPage,
    description: 'Requests, newest first, with their status, due time and the services still to answer',
  })
  list(@Query() query: PrivacyRequestQuery) {
    return this.requests.list({
      ...(query.status ? { status: query.status } : {}),
      ...(query.kind ? { kind: query.kind } : {}),
      ...(query.overdue ? { overdue: query.overdue === 'true' } : {}),
      ...(query.personId ? { personId: query.personId } : {}),
      limit: query.limit,
      offset: query.offset,
    });
  }

  @Get(':id')
  @ApiOkResponse({
    type: PrivacyRequestView,
    description: 'The request with each service’s part: pending, or answered (when, what was done, what was kept and why)',
  })
  get(@IdParam() id: string) {
    return this.requests.get(id);
  }

  @Get(':id/disclosure')
  @ApiProduces('application/json', 'text/html')
  @ApiOkResponse({
    description: 'Every record about the person from every service (JSON, or `format=html` for the person to read)',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(DisclosureDocumentView) } },
      'text/html': { schema: { type: 'string' } },
    },
  })
  @ApiConflictResponse({ description: 'Not every service has answered yet (`pending` names them), or the request is not a disclosure' })
  @ApiGoneResponse({
    description:
      'The disclosure was removed RETENTION_PRIVACY_ANSWERS_DAYS after the request was completed (`REGISTRY.PRIVACY_DISCLOSURE_REMOVED`, with `removedAt`): open a new disclosure request',
  })
  async disclosure(
    @IdParam() id: string,
    @Query() query: DisclosureQuery,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const doc = await this.requests.disclosure(id);
    const format = query.format ?? 'json';
    await this.requests.recordDisclosureDownload(id, actor, format);
    void reply.header('cache-control', 'no-store');
    if (format === 'html') {
      void reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('content-disposition', `inline; filename="disclosure-${id}.html"`)
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'");
      return disclosureHtml(doc);
    }
    void reply.header('content-disposition', `attachment; filename="disclosure-${id}.json"`);
    return doc;
  }
}
