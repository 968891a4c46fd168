import { EventSummaryV1 } from '@collabo/contracts';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { EventNotFoundError } from '../errors.js';
import { eventRef } from './event-views.js';
import { ExchangeEvent } from './exchange-event.entity.js';

/** NATS RPC: other services ask about an event (e.g. the proposals service checks a proposal's origin event). */
@Controller()
export class EventsRpcController {
  constructor(private readonly dataSource: DataSource) {}

  @MessagePattern(EventSummaryV1.subject)
  async summary(@Payload() request: EventSummaryV1.Request): Promise<EventSummaryV1.Response> {
    const event = await this.dataSource.getRepository(ExchangeEvent).findOneBy({ id: request.eventId });
    if (!event) throw new EventNotFoundError(request.eventId);
    return { event: eventRef(event), status: event.status };
  }
}
