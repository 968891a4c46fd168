import { Body, Controller, Get, Headers, HttpCode, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, IdParam, etagOf, type Actor, type Page } from '@collabo/service-kit';
import type { FastifyReply } from 'fastify';
import {
  DocumentRequestDto,
  DocumentRequestQuery,
  FulfilDocumentRequestDto,
  WithdrawDocumentRequestDto,
} from './dto/document-request.dto.js';
import { DocumentRequestView } from './document-request.view.js';
import { DocumentRequestsService } from './document-requests.service.js';

const IF_MATCH = { name: 'if-match', required: true, description: 'The request’s ETag (428 without, 412 when stale)' };

@ApiTags('document requests')
@ApiBearerAuth()
@Controller('v1/proposals/:id/document-requests')
export class DocumentRequestsController {
  constructor(private readonly requests: DocumentRequestsService) {}

  @Post()
  @ApiOperation({ summary: 'Ask the applicant for missing documents: what is missing, by when' })
  @ApiResponse({ status: 201, type: DocumentRequestView })
  async issue(
    @IdParam() id: string,
    @Body() body: DocumentRequestDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DocumentRequestView> {
    const view = await this.requests.issue(actor, id, body);
    void reply.header('etag', etagOf(view.version));
    return view;
  }

  @Get()
  @ApiOperation({ summary: 'The proposal’s document requests, oldest first' })
  list(@IdParam() id: string, @Query() query: DocumentRequestQuery, @CurrentActor() actor: Actor): Promise<Page<DocumentRequestView>> {
    return this.requests.list(actor, id, query);
  }

  @Put(':requestId')
  @ApiOperation({ summary: 'Change an open request (items, due day, note); the applicant is told' })
  @ApiHeader(IF_MATCH)
  @ApiResponse({ status: 200, type: DocumentRequestView })
  async change(
    @IdParam() id: string,
    @IdParam('requestId') requestId: string,
    @Body() body: DocumentRequestDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DocumentRequestView> {
    const view = await this.requests.change(actor, id, requestId, ifMatch, body);
    void reply.header('etag', etagOf(view.version));
    return view;
  }

  @Post(':requestId/fulfil')
  @HttpCode(200)
  @ApiOperation({ summary: 'The documents arrived: close the request' })
  @ApiHeader(IF_MATCH)
  @ApiResponse({ status: 200, type: DocumentRequestView })
  async fulfil(
    @IdParam() id: string,
    @IdParam('requestId') requestId: string,
    @Body() body: FulfilDocumentRequestDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DocumentRequestView> {
    const view = await this.requests.fulfil(actor, id, requestId, ifMatch, body);
    void reply.header('etag', etagOf(view.version));
    return view;
  }

  @Post(':requestId/withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: 'No longer needed: withdraw the request, with the reason the applicant is told' })
  @ApiHeader(IF_MATCH)
  @ApiResponse({ status: 200, type: DocumentRequestView })
  async withdraw(
    @IdParam() id: string,
    @IdParam('requestId') requestId: string,
    @Body() body: WithdrawDocumentRequestDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DocumentRequestView> {
    const view = await this.requests.withdraw(actor, id, requestId, ifMatch, body);
    void reply.header('etag', etagOf(view.version));
    return view;
  }
}
