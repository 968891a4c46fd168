import { formatInstant, formatInstantOrNull } from '@collabo/calendar';
import { assertIfMatch, Clock, ValidationFailedError } from '@collabo/service-kit';
import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import {
  EventNotFoundError,
  EventNotOpenError,
  InvalidSeatMoveError,
  NoAttendeesToSeatError,
  SeatingNotFoundError,
  SeatingTooLargeError,
} from '../errors.js';
import { ExchangeEvent } from '../events/exchange-event.entity.js';
import { ATTENDING, Registration } from '../registrations/registration.entity.js';
import { organizationKey } from './organization-key.js';
import type { PlanSeatingDto, SeatMoveDto, SeatingPlanView } from './seating.dto.js';
import { explainPlan } from './seating-explain.js';
import type { SeatingAttendee, SeatingSector } from './seating-model.js';
import { applyMoves } from './seating-moves.js';
import { planSeating } from './seating-optimizer.js';
import { scoreTables } from './seating-score.js';
import { SeatingPlan } from './seating-plan.entity.js';

/** The planner keeps label counts per table; beyond this an exchange event is no longer one room. */
export const MAX_SEATED = 2000;

function attendeeOf(r: Registration): SeatingAttendee {
  return {
    id: r.id,
    organizationKey: organizationKey(r.organizationId, r.organizationName),
    sector: r.sector as SeatingSector | null,
    focusFields: r.focusFields,
    studyGroupIds: r.studyGroupIds,
  };
}

/** Seating plans: made by the planner from the confirmed attendees, stored, adjusted by hand. */
@Injectable()
export class SeatingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  private async attending(tx: EntityManager, eventId: string): Promise<Registration[]> {
    return tx.getRepository(Registration).find({ where: { eventId, status: In([...ATTENDING]) }, order: { queueNumber: 'ASC' } });
  }

  async plan(eventId: string, body: PlanSeatingDto, actorId: string): Promise<SeatingPlanView> {
    const hostsPerTable = body.hostsPerTable ?? 0;
    if (body.tableSize - hostsPerTable < 1) {
      throw new ValidationFailedError([{ field: 'hostsPerTable', message: 'leave at least one seat per table for attendees' }]);
    }
    await this.dataSource.transaction(async (tx) => {
      const event = await tx.getRepository(ExchangeEvent).findOne({ where: { id: eventId }, lock: { mode: 'pessimistic_read' } });
      if (!event) throw new EventNotFoundError(eventId);
      if (event.status === 'cancelled' || event.status === 'draft') {
        throw new EventNotOpenError(event.status, `No seating for an event that is ${event.status}.`);
      }
      const attendees = await this.attending(tx, eventId);
      if (!attendees.length) throw new NoAttendeesToSeatError();
      if (attendees.length > MAX_SEATED) throw new SeatingTooLargeError(MAX_SEATED);
      const result = planSeating({ attendees: attendees.map(attendeeOf), tableSize: body.tableSize, hostsPerTable });
      const now = this.clock.now();
      await tx.query(
        `INSERT INTO seating_plans (event_id, version, table_size, hosts_per_table, tables, input_hash, generated_at, generated_by, adjusted_at, adjusted_by, manual_moves)
         VALUES ($1, 1, $2, $3, $4, $5, $6, $7, NULL, NULL, 0)
         ON CONFLICT (event_id) DO UPDATE SET version = seating_plans.version + 1, table_size = $2, hosts_per_table = $3, tables = $4,
           input_hash = $5, generated_at = $6, generated_by = $7, adjusted_at = NULL, adjusted_by = NULL, manual_moves = 0`,
        [eventId, body.tableSize, hostsPerTable, JSON.stringify(result.tables), result.inputHash, now, actorId],
      );
    });
    return this.get(eventId);
  }

  async get(eventId: string): Promise<SeatingPlanView> {
    const plan = await this.dataSource.getRepository(SeatingPlan).findOneBy({ eventId });
    if (!plan) {
      const exists = await this.dataSource.getRepository(ExchangeEvent).existsBy({ id: eventId });
      if (!exists) throw new EventNotFoundError(eventId);
      throw new SeatingNotFoundError();
    }
    return this.view(plan, await this.attending(this.dataSource.manager, eventId));
  }

  async move(eventId: string, moves: SeatMoveDto[], ifMatch: string | undefined, actorId: string): Promise<SeatingPlanView> {
    const plan = await this.dataSource.transaction(async (tx) => {
      const plan = await tx.getRepository(SeatingPlan).findOne({ where: { eventId }, lock: { mode: 'pessimistic_write' } });
      if (!plan) {
        if (!(await tx.getRepository(ExchangeEvent).existsBy({ id: eventId }))) throw new EventNotFoundError(eventId);
        throw new SeatingNotFoundError();
      }
      assertIfMatch(ifMatch, plan.version, 'seating plan');
      const eligible = new Set((await this.attending(tx, eventId)).map((r) => r.id));
      const moved = applyMoves(plan.tables, moves, eligible, plan.tableSize - plan.hostsPerTable);
      if (moved.errors.length) throw new InvalidSeatMoveError(moved.errors);
      const now = this.clock.now();
      Object.assign(plan, {
        tables: moved.tables,
        version: plan.version + 1,
        adjustedAt: now,
        adjustedBy: actorId,
        manualMoves: plan.manualMoves + moves.length,
      });
      await tx.getRepository(SeatingPlan).update(eventId, {
        tables: moved.tables,
        version: plan.version,
        adjustedAt: now,
        adjustedBy: actorId,
        manualMoves: plan.manualMoves,
      });
      return plan;
    });
    return this.view(plan, await this.attending(this.dataSource.manager, eventId));
  }

  private view(plan: SeatingPlan, attending: Registration[]): SeatingPlanView {
    const byId = new Map(attending.map((r) => [r.id, r]));
    const seated = new Set(plan.tables.flat());
    const attendees = attending.map(attendeeOf);
    const score = scoreTables(attendees, plan.tables);
    const explanation = explainPlan(score, { tableSize: plan.tableSize, hostsPerTable: plan.hostsPerTable });
    const unseated = attending.filter((r) => !seated.has(r.id)).map((r) => r.id);
    const noLongerAttending = [...seated].filter((id) => !byId.has(id));
    const warnings: string[] = [];
    if (score.organizationPairs > score.unavoidableOrganizationPairs) {
      for (const t of score.tables) {
        if (t.organizationPairs > 0) warnings.push(`Table ${t.table} seats ${t.organizationPairs} pair(s) from the same organisation.`);
      }
    }
    if (unseated.length) warnings.push(`${unseated.length} confirmed attendee(s) have no seat; plan again or move them in.`);
    if (noLongerAttending.length) warnings.push(`${noLongerAttending.length} seated person(s) are no longer confirmed.`);
    return {
      eventId: plan.eventId,
      version: plan.version,
      tableSize: plan.tableSize,
      hostsPerTable: plan.hostsPerTable,
      inputHash: plan.inputHash,
      generatedAt: formatInstant(plan.generatedAt),
      adjustedAt: formatInstantOrNull(plan.adjustedAt),
      manualMoves: plan.manualMoves,
      score: {
        mixScore: score.mixScore,
        organizationPairs: score.organizationPairs,
        unavoidableOrganizationPairs: score.unavoidableOrganizationPairs,
        sectorPairs: score.sectorPairs,
        focusFieldPairs: score.focusFieldPairs,
        studyGroupPairs: score.studyGroupPairs,
        cost: score.cost,
        randomExpectedCost: score.randomExpectedCost,
        lowerBound: score.lowerBound,
      },
      tables: plan.tables.map((ids, k) => {
        const t = score.tables[k]!;
        return {
          table: k + 1,
          hostSeats: plan.hostsPerTable,
          mixScore: t.mixScore,
          organizationPairs: t.organizationPairs,
          studyGroupPairs: t.studyGroupPairs,
          focusFieldPairs: t.focusFieldPairs,
          sectors: t.sectors,
          focusFields: t.focusFields,
          seats: ids
            .map((id) => byId.get(id))
            .filter((r): r is Registration => r !== undefined)
            .map((r) => ({
              registrationId: r.id,
              name: r.name,
              organizationName: r.organizationName,
              sector: r.sector,
              focusFields: r.focusFields,
            })),
        };
      }),
      unseated,
      noLongerAttending,
      warnings,
      explanation,
    };
  }
}
