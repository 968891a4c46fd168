import { formatInstant } from '@collabo/calendar';
import {
  assertIfMatch,
  Clock,
  page,
  readCsvUpload,
  validatePayload,
  ValidationFailedError,
  type CsvEncoding,
  type CsvRow,
  type DetectedEncoding,
  type FieldError,
  type Page,
  type PageQuery,
} from '@collabo/service-kit';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  CsvUnreadableError,
  EventNotHistoricalError,
  ImportInvalidError,
  OrganizationNotInRegistryError,
  PeopleNotInRegistryError,
} from '../errors.js';
import { CreateEventDto } from '../events/dto/event.dto.js';
import { eventOrganizers } from '../events/event-rules.js';
import { EventsService } from '../events/events.service.js';
import { EventAttendance, ExchangeEvent, type OrganizationRef } from '../events/exchange-event.entity.js';
import { instant } from '../events/instants.js';
import { SeatAllocation } from '../registrations/seat-allocation.js';
import { RegistryLookup } from '../registry/registry-lookup.js';
import type { AttendanceRecordedView, AttendeeView, ImportProblemView, PastEventsImportReportView } from './dto/past-events.dto.js';
import { ATTENDEES_COLUMN, pastEventHeaderErrors, pastEventRow, toPastEventColumns } from './past-events-csv.js';

/** At most this many events in one import (split a larger history into several files). */
export const MAX_IMPORT_ROWS = 1000;

interface Candidate {
  line: number;
  dto?: CreateEventDto;
  attendees: string[];
  errors: FieldError[];
}

/**
 * Exchange events that took place before they were recorded here: attendance by registry person on a historical
 * event, and the CSV import of past events with their attendance (a dry run that reports every problem by line
 * and column, then all or nothing). Nothing here writes to the outbox: a past event mails nobody.
 */
@Injectable()
export class PastEventsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventsService,
    private readonly seats: SeatAllocation,
    private readonly registry: RegistryLookup,
    private readonly clock: Clock,
  ) {}

  /** Records attendees of a historical event (those already recorded stay as they were); the event's version goes up. */
  async recordAttendance(
    eventId: string,
    personIds: string[],
    ifMatch: string | undefined,
    actorId: string,
  ): Promise<AttendanceRecordedView> {
    // Cheap refusals before asking the registry; checked again under the event's lock.
    const current = await this.events.find(this.dataSource.manager, eventId);
    assertIfMatch(ifMatch, current.version, 'event');
    if (!current.historical) throw new EventNotHistoricalError(eventId);
    const { found, errors } = await this.registry.people(personIds.map((id, k) => ({ field: `personIds.${k}`, id })));
    if (errors.length) throw new PeopleNotInRegistryError(errors);
    return this.dataSource.transaction(async (tx) => {
      const event = await this.seats.lockEvent(tx, eventId);
      assertIfMatch(ifMatch, event.version, 'event');
      if (!event.historical) throw new EventNotHistoricalError(eventId);
      const now = this.clock.now();
      const added = await this.insertAttendance(tx, eventId, [...new Set(personIds.map((id) => found.get(id)!))], now, actorId);
      const version = event.version + 1;
      await tx.getRepository(ExchangeEvent).update(eventId, { version, updatedAt: now });
      const total = await tx.getRepository(EventAttendance).countBy({ eventId });
      return { eventId, added, total, version };
    });
  }

  private async insertAttendance(tx: EntityManager, eventId: string, personIds: string[], now: Date, actorId: string): Promise<number> {
    if (!personIds.length) return 0;
    const inserted: unknown[] = await tx.query(
      `INSERT INTO event_attendances (event_id, person_id, recorded_at, recorded_by)
       SELECT $1, p, $3, $4 FROM unnest($2::uuid[]) p
       ON CONFLICT DO NOTHING RETURNING person_id`,
      [eventId, personIds, now, actorId],
    );
    return inserted.length;
  }

  /** The recorded attendees of an event (historical ones have them; others have none here), in person id order. */
  async attendees(eventId: string, query: PageQuery): Promise<Page<AttendeeView>> {
    await this.events.find(this.dataSource.manager, eventId);
    const [rows, total] = await this.dataSource.getRepository(EventAttendance).findAndCount({
      where: { eventId },
      order: { personId: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    return page(
      rows.map((r) => ({ personId: r.personId, recordedAt: formatInstant(r.recordedAt) })),
      total,
      query,
    );
  }

  /**
   * The CSV import of past events with their attendance. Every row is checked as `POST /events` with
   * `historical: true` would check it, its organisers and attendees against the registry, and against the events
   * already recorded (the same title and start) and the file's other rows; every problem is reported by line and
   * column. A dry run stops there; a commit writes all rows in one transaction, or none when any row is bad (422).
   */
  async importCsv(
    bytes: Buffer,
    options: { dryRun: boolean; encoding?: CsvEncoding },
    actorId: string,
  ): Promise<PastEventsImportReportView> {
    const { rows, encoding } = this.read(bytes, options.encoding);
    const now = this.clock.now();
    const candidates = rows.map((row) => this.candidate(row, now));
    await this.checkDuplicates(candidates);
    const organizers = await this.checkOrganizers(candidates);
    const people = await this.checkAttendees(candidates);
    const report = this.report(candidates, encoding, options.dryRun);
    if (options.dryRun) return report;
    if (report.invalid) {
      throw new ImportInvalidError(
        report.invalid,
        report.rows,
        report.errors.map((e) => ({ field: `line ${e.line}: ${e.field}`, message: e.message })),
        report,
      );
    }
    const created = await this.dataSource.transaction(async (tx) => {
      const ids: string[] = [];
      for (const c of candidates) {
        const dto = c.dto!;
        const event = this.events.newEvent(dto, eventOrganizers(organizers, dto.organizerId, dto.coOrganizerIds ?? []), actorId, now);
        await tx.getRepository(ExchangeEvent).insert(event);
        await this.insertAttendance(tx, event.id, [...new Set(c.attendees.map((id) => people.get(id)!))], now, actorId);
        ids.push(event.id);
      }
      return ids;
    });
    return { ...report, created };
  }

  private read(bytes: Buffer, encoding: CsvEncoding | undefined): { rows: CsvRow[]; encoding: DetectedEncoding } {
    const parsed = readCsvUpload(bytes, encoding, (message, errors) => new CsvUnreadableError(message, errors));
    const header = pastEventHeaderErrors(parsed.header);
    if (header.length) throw new CsvUnreadableError('The header row does not fit the past-events import.', header);
    if (!parsed.rows.length) throw new CsvUnreadableError('The file has a header but no rows.');
    if (parsed.rows.length > MAX_IMPORT_ROWS) {
      throw new CsvUnreadableError(`The file has ${parsed.rows.length} rows; an import takes at most ${MAX_IMPORT_ROWS}: split it.`, [
        { field: 'body', message: `at most ${MAX_IMPORT_ROWS} rows` },
      ]);
    }
    return { rows: parsed.rows, encoding: parsed.encoding };
  }

  private candidate(row: CsvRow, now: Date): Candidate {
    const { body, attendees, errors } = pastEventRow(row);
    try {
      const dto = validatePayload(CreateEventDto, body, { forbidUnknown: true });
      errors.push(...toPastEventColumns(this.events.checkNew(dto, now)));
      return { line: row.line, dto, attendees, errors };
    } catch (err) {
      if (!(err instanceof ValidationFailedError)) throw err;
      return { line: row.line, attendees, errors: [...errors, ...toPastEventColumns(err.errors)] };
    }
  }

  /** The same event (title and start) twice in the file, or already recorded. */
  private async checkDuplicates(candidates: Candidate[]): Promise<void> {
    const keyed = candidates.filter((c) => c.dto).map((c) => ({ c, title: c.dto!.title.ja, startsAt: instant(c.dto!.startsAt) }));
    const firstLine = new Map<string, number>();
    for (const { c, title, startsAt } of keyed) {
      const key = `${title}\u0000${startsAt.toISOString()}`;
      const earlier = firstLine.get(key);
      if (earlier !== undefined) c.errors.push({ field: 'title_ja', message: `the same event (title and start) as line ${earlier}` });
      else firstLine.set(key, c.line);
    }
    if (!keyed.length) return;
    const existing: { id: string; title_ja: string; starts_at: Date }[] = await this.dataSource.query(
      `SELECT e.id, e.title_ja, e.starts_at FROM events e
       JOIN unnest($1::text[], $2::timestamptz[]) AS k(title, starts_at) ON e.title_ja = k.title AND e.starts_at = k.starts_at`,
      [keyed.map((k) => k.title), keyed.map((k) => k.startsAt)],
    );
    for (const e of existing) {
      for (const { c } of keyed.filter((k) => k.title === e.title_ja && k.startsAt.getTime() === e.starts_at.getTime())) {
        c.errors.push({ field: 'title_ja', message: `this event (title and start) is already recorded: event ${e.id}` });
      }
    }
  }

  /** Every organiser and co-organiser the rows name, asked of the registry once each. */
  private async checkOrganizers(candidates: Candidate[]): Promise<Map<string, OrganizationRef>> {
    const ids = new Set(candidates.flatMap((c) => (c.dto ? [c.dto.organizerId, ...(c.dto.coOrganizerIds ?? [])] : [])));
    const found = new Map<string, OrganizationRef>();
    for (const id of ids) {
      try {
        for (const [key, org] of await this.registry.organizations([{ field: 'organizer_id', id }])) found.set(key, org);
      } catch (err) {
        if (!(err instanceof OrganizationNotInRegistryError)) throw err;
      }
    }
    for (const c of candidates.filter((c) => c.dto)) {
      if (!found.has(c.dto!.organizerId))
        c.errors.push({ field: 'organizer_id', message: `the registry has no organisation ${c.dto!.organizerId}` });
      for (const id of c.dto!.coOrganizerIds ?? []) {
        if (!found.has(id)) c.errors.push({ field: 'co_organizer_ids', message: `the registry has no organisation ${id}` });
      }
    }
    return found;
  }

  /** Every attendee the rows name, asked of the registry once each. */
  private async checkAttendees(candidates: Candidate[]): Promise<Map<string, string>> {
    const refs = candidates.flatMap((c, k) => c.attendees.map((id) => ({ field: String(k), id })));
    const { found, errors } = await this.registry.people(refs);
    for (const e of errors) {
      candidates[Number(e.field)]!.errors.push({ field: ATTENDEES_COLUMN, message: e.message });
    }
    return found;
  }

  private report(candidates: Candidate[], encoding: DetectedEncoding, dryRun: boolean): PastEventsImportReportView {
    const errors: ImportProblemView[] = candidates.flatMap((c) =>
      c.errors.map((e) => ({ line: c.line, field: e.field, message: e.message })),
    );
    const invalid = candidates.filter((c) => c.errors.length).length;
    return {
      dryRun,
      encoding,
      rows: candidates.length,
      valid: candidates.length - invalid,
      invalid,
      attendances: candidates.reduce((n, c) => n + c.attendees.length, 0),
      errors,
    };
  }
}
