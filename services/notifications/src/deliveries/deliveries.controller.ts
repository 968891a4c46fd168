import { Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { etagOf, Roles, type Page } from '@collabo/service-kit';
import type { FastifyReply } from 'fastify';
import { RateLimited } from '../http/rate-limits.js';
import { FOUNDATION_STAFF } from '../http/staff-roles.js';
import { DeliveriesService } from './deliveries.service.js';
import { DeliveryDetailView, DeliveryPage, DeliveryQuery, DeliveryView } from './dto/delivery.dto.js';

/**
 * Staff API over the delivery records. Reading: admin, coordinator, viewer (the foundation's own staff);
 * not advisors, who are outside experts: the records name applicants and attendees and tell what was sent
 * about proposals they are not assigned to. Resend: admin, coordinator.
 */
@ApiTags('deliveries')
@ApiBearerAuth()
@Controller('v1/deliveries')
export class DeliveriesController {
  constructor(private readonly deliveries: DeliveriesService) {}

  @Get()
  @Roles(...FOUNDATION_STAFF)
  @ApiOperation({ summary: 'Search deliveries by person, address, proposal, exchange event, status, kind and date' })
  @ApiOkResponse({ type: DeliveryPage })
  search(@Query() query: DeliveryQuery): Promise<Page<DeliveryView>> {
    return this.deliveries.search(query);
  }

  @Get(':id')
  @Roles(...FOUNDATION_STAFF)
  @ApiOperation({ summary: 'One delivery with its rendered content (text, HTML, attachments) and every attempt' })
  @ApiOkResponse({ type: DeliveryDetailView })
  async get(@Param('id', ParseUUIDPipe) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<DeliveryDetailView> {
    const view = await this.deliveries.get(id);
    void reply.header('etag', etagOf(view.version));
    return view;
  }

  @Post(':id/resend')
  @HttpCode(200)
  @RateLimited('resend')
  @ApiOperation({ summary: 'Send a failed or ambiguous email again (same content, same Message-ID)' })
  @ApiHeader({ name: 'if-match', required: true, description: 'The ETag of the delivery as read' })
  @ApiOkResponse({ type: DeliveryView })
  async resend(
    @Param('id', ParseUUIDPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DeliveryView> {
    const view = await this.deliveries.resend(id, ifMatch);
    void reply.header('etag', etagOf(view.version));
    return view;
  }
}
