import { ReminderDueV1 } from '@collabo/contracts';
import { Clock, KIT_ENV, LOGGER, Outbox, PeriodicJob } from '@collabo/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource, In } from 'typeorm';
import type { EventsEnv } from '../config/events-env.js';
import { eventRef, registrationRef } from '../events/event-views.js';
import { ExchangeEvent } from '../events/exchange-event.entity.js';
import { Registration } from './registration.entity.js';

/**
 * Emits ReminderDue the day before each published event, once per event even with several replicas:
 * the event is claimed by `UPDATE … SET reminder_sent_at WHERE reminder_sent_at IS NULL` (the row taken
 * with FOR UPDATE SKIP LOCKED) in the same transaction as the outbox row, so the claim and the
 * message commit together or not at all.
 */
@Injectable()
export class ReminderJob extends PeriodicJob {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    @Inject(KIT_ENV) env: EventsEnv,
    @Inject(LOGGER) logger: Logger,
  ) {
    super({ name: 'event-reminders', intervalMs: env.REMINDER_SWEEP_MS, logger });
  }

  async runOnce(): Promise<number> {
    let sent = 0;
    for (;;) {
      const claimed = await this.dataSource.transaction(async (tx) => {
        const now = this.clock.now();
        const [rows]: [{ id: string }[], number] = await tx.query(
          `UPDATE events SET reminder_sent_at = $1
           WHERE id = (
             SELECT id FROM events
             WHERE status IN ('published', 'changed') AND reminder_sent_at IS NULL
               AND reminder_due_at <= $1 AND starts_at > $1
             ORDER BY reminder_due_at, id
             LIMIT 1
             FOR UPDATE SKIP LOCKED)
           AND reminder_sent_at IS NULL
           RETURNING id`,
          [now],
        );
        const id = rows[0]?.id;
        if (!id) return false;
        const event = await tx.getRepository(ExchangeEvent).findOneByOrFail({ id });
        const registrations = await tx
          .getRepository(Registration)
          .find({ where: { eventId: id, status: In(['confirmed']) }, order: { queueNumber: 'ASC' } });
        await this.outbox.add(tx, ReminderDueV1, {
          aggregateId: id,
          data: { event: eventRef(event), registrations: registrations.map(registrationRef) },
        });
        return true;
      });
      if (!claimed) return sent;
      sent++;
    }
  }
}
