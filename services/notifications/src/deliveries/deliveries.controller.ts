import { Get, Headers, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { etagOf, IdParam, Roles, type Page } from '@collabo/service-kit';
import type { FastifyReply } from 'fastify';
import { StaffRateLimited } from '../http/rate-limits.js';
import { StaffApi } from '../http/staff-api.js';
import { DELIVERY_LOG_ROLES } from '../http/staff-roles.js';
import { DeliveriesService } from './deliveries.service.js';
import { DeliveryDetailView, DeliveryPage, DeliveryQuery, DeliveryView } from './dto/delivery.dto.js';

/**
 * Staff API over the delivery records: admin and coordinator only, for reading and resending. Not viewers
 * (the log is the email as sent: names, addresses, and the links of invitations, seat offers and
 * questionnaires, masked as `token=•••` but still the mail of people the viewer has no business with), not
 * advisors (outside experts).
 */
@StaffApi('deliveries')
export class DeliveriesController {
  constructor(private readonly deliveries: DeliveriesService) {}

  @Get()
  @Roles(...DELIVERY_LOG_ROLES)
  @ApiOperation({ summary: 'Search deliveries by person, address, proposal, exchange event, status, kind and date' })
  @ApiOkResponse({ type: DeliveryPage })
  search(@Query() query: DeliveryQuery): Promise<Page<DeliveryView>> {
    return this.deliveries.search(query);
  }

  @Get(':id')
  @Roles(...DELIVERY_LOG_ROLES)
  @ApiOperation({ summary: 'One delivery with its rendered content (text, HTML, attachments) and every attempt' })
  @ApiOkResponse({ type: DeliveryDetailView })
  async get(@IdParam() id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<DeliveryDetailView> {
    const view = await this.deliveries.get(id);
    void reply.header('etag', etagOf(view.version));
    return view;
  }

  @Post(':id/resend')
  @Roles(...DELIVERY_LOG_ROLES)
  @HttpCode(200)
  @StaffRateLimited('resend')
  @ApiOperation({ summary: 'Send a failed or ambiguous email again (same content and Message-ID; its secret links are issued anew)' })
  @ApiHeader({ name: 'if-match', required: true, description: 'The ETag of the delivery as read' })
  @ApiOkResponse({ type: DeliveryView })
  async resend(
    @IdParam() id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DeliveryView> {
    const view = await this.deliveries.resend(id, ifMatch);
    void reply.header('etag', etagOf(view.version));
    return view;
  }
}
