import { fiscalYearRange, formatInstant } from '@collabo/calendar';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventNotFoundError } from '../errors.js';
import { ExchangeEvent, type EventStatus } from '../events/exchange-event.entity.js';
import type { EventKind } from '@collabo/contracts';
import { attendanceRate, countTable, shares } from './report-math.js';
import type { ActivityStatsView as ActivityStats, EventReportView, FiscalYearReportView } from './report.view.js';

/**
 * Reports per event and per fiscal year (年度): registrations, attendance, the field mix of the people
 * who took part (confirmed or attended), connections, follow-ups, proposals and satisfaction.
 */
@Injectable()
export class ReportsService {
  constructor(private readonly dataSource: DataSource) {}

  /** The statistics of the events `scope` selects (a SELECT of event ids, using `params`). */
  private async stats(scope: string, params: unknown[]): Promise<ActivityStats> {
    const q = async <T>(sql: string): Promise<T[]> => this.dataSource.query(`WITH scope AS (${scope}) ${sql}`, params);
    const statuses = countTable(
      await q<{ key: string; n: number }>(
        `SELECT status AS key, count(*)::int AS n FROM registrations WHERE event_id IN (SELECT id FROM scope) GROUP BY status`,
      ),
    );
    const participants = `registrations WHERE event_id IN (SELECT id FROM scope) AND status IN ('confirmed', 'attended')`;
    const sectors = countTable(
      await q<{ key: string | null; n: number }>(
        `SELECT sector AS key, count(*)::int AS n FROM ${participants} GROUP BY sector ORDER BY sector`,
      ),
    );
    const focusFields = countTable(
      await q<{ key: string; n: number }>(
        `SELECT f AS key, count(*)::int AS n FROM ${participants.replace('registrations WHERE', 'registrations, unnest(focus_fields) f WHERE')} GROUP BY f ORDER BY f`,
      ),
    );
    const [mix] = await q<{ people: number; organizations: number; groups: number }>(
      `SELECT count(*)::int AS people,
              count(DISTINCT coalesce(organization_id::text, lower(organization_name)))::int AS organizations,
              (SELECT count(DISTINCT g)::int FROM ${participants.replace('registrations WHERE', 'registrations, unnest(study_group_ids) g WHERE')}) AS groups
       FROM ${participants}`,
    );
    const [connections] = await q<{ count: number; cross: number; people: number }>(
      `SELECT count(*)::int AS count,
              count(*) FILTER (WHERE ra.sector IS DISTINCT FROM rb.sector)::int AS cross,
              (SELECT count(DISTINCT x)::int FROM connections c2, unnest(ARRAY[c2.registration_a, c2.registration_b]) x
               WHERE c2.event_id IN (SELECT id FROM scope)) AS people
       FROM connections c JOIN registrations ra ON ra.id = c.registration_a JOIN registrations rb ON rb.id = c.registration_b
       WHERE c.event_id IN (SELECT id FROM scope)`,
    );
    const followUps = await q<{ status: string; kind: string; n: number }>(
      `SELECT status, kind, count(*)::int AS n FROM follow_ups WHERE event_id IN (SELECT id FROM scope) GROUP BY status, kind`,
    );
    const [proposals] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM event_proposals WHERE event_id IN (SELECT id FROM scope)`);
    const [historical] = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM event_attendances WHERE event_id IN (SELECT id FROM scope)`,
    );
    const [questionnaire] = await q<{ responses: number; average: number | null }>(
      `SELECT count(*)::int AS responses, round(avg(satisfaction)::numeric, 2)::float AS average
       FROM questionnaire_answers WHERE event_id IN (SELECT id FROM scope)`,
    );
    const n = (s: string) => statuses[s] ?? 0;
    const total = Object.values(statuses).reduce((a, b) => a + b, 0);
    return {
      registrations: { total, active: total - n('cancelled'), cancelled: n('cancelled'), byStatus: statuses },
      attendance: {
        attended: n('attended'),
        noShow: n('no_show'),
        stillConfirmed: n('confirmed'),
        rate: attendanceRate(n('attended'), n('no_show'), n('confirmed')),
        historical: historical!.n,
        total: n('attended') + historical!.n,
      },
      fieldMix: {
        participants: mix!.people,
        sectors,
        sectorShares: shares(sectors),
        focusFields,
        organizations: mix!.organizations,
        studyGroups: mix!.groups,
      },
      connections: { count: connections!.count, crossSector: connections!.cross, peopleConnected: connections!.people },
      followUps: {
        total: followUps.reduce((a, r) => a + r.n, 0),
        byStatus: countTable(followUps.map((r) => ({ key: r.status, n: r.n }))),
        byKind: countTable(followUps.map((r) => ({ key: r.kind, n: r.n }))),
      },
      proposals: proposals!.n,
      questionnaire: { responses: questionnaire!.responses, averageSatisfaction: questionnaire!.average },
    };
  }

  async eventReport(eventId: string): Promise<EventReportView> {
    const event = await this.dataSource.getRepository(ExchangeEvent).findOneBy({ id: eventId });
    if (!event) throw new EventNotFoundError(eventId);
    const stats = await this.stats('SELECT $1::uuid AS id', [eventId]);
    const proposals: { proposal_id: string; reference_number: string; title_ja: string; title_en: string | null; brought_in_on: string }[] =
      await this.dataSource.query(
        `SELECT proposal_id, reference_number, title_ja, title_en, to_char(brought_in_on, 'YYYY-MM-DD') AS brought_in_on
         FROM event_proposals WHERE event_id = $1 ORDER BY brought_in_on, proposal_id`,
        [eventId],
      );
    return {
      event: {
        id: event.id,
        kind: event.kind,
        title: { ja: event.titleJa, en: event.titleEn },
        startsAt: formatInstant(event.startsAt),
        status: event.status,
        fiscalYear: event.fiscalYear,
        capacity: event.capacity,
      },
      ...stats,
      proposalList: proposals.map((p) => ({
        proposalId: p.proposal_id,
        referenceNumber: p.reference_number,
        title: { ja: p.title_ja, en: p.title_en },
        broughtInOn: p.brought_in_on,
      })),
    };
  }

  /** A fiscal year's events (drafts left out; cancelled ones counted apart), totals and one row per event. */
  async fiscalYearReport(fiscalYear: number): Promise<FiscalYearReportView> {
    const { start: from, end: to } = fiscalYearRange(fiscalYear);
    const scope = `SELECT id FROM events WHERE fiscal_year = $1 AND status NOT IN ('draft', 'cancelled')`;
    const stats = await this.stats(scope, [fiscalYear]);
    const byStatus = countTable(
      await this.dataSource.query(
        `SELECT status AS key, count(*)::int AS n FROM events WHERE fiscal_year = $1 AND status <> 'draft' GROUP BY status`,
        [fiscalYear],
      ),
    );
    const byKind = countTable(
      await this.dataSource.query(`SELECT kind AS key, count(*)::int AS n FROM (${scope}) s JOIN events e USING (id) GROUP BY kind`, [
        fiscalYear,
      ]),
    );
    const rows: {
      id: string;
      kind: EventKind;
      title_ja: string;
      title_en: string | null;
      starts_at: Date;
      status: EventStatus;
      historical: boolean;
      active: number;
      attended: number;
      no_show: number;
      confirmed: number;
      connections: number;
      proposals: number;
    }[] = await this.dataSource.query(
      `SELECT e.id, e.kind, e.title_ja, e.title_en, e.starts_at, e.status, e.historical,
              (SELECT count(*)::int FROM registrations r WHERE r.event_id = e.id AND r.status <> 'cancelled') AS active,
              (SELECT count(*)::int FROM registrations r WHERE r.event_id = e.id AND r.status = 'attended')
                + (SELECT count(*)::int FROM event_attendances a WHERE a.event_id = e.id) AS attended,
              (SELECT count(*)::int FROM registrations r WHERE r.event_id = e.id AND r.status = 'no_show') AS no_show,
              (SELECT count(*)::int FROM registrations r WHERE r.event_id = e.id AND r.status = 'confirmed') AS confirmed,
              (SELECT count(*)::int FROM connections c WHERE c.event_id = e.id) AS connections,
              (SELECT count(*)::int FROM event_proposals p WHERE p.event_id = e.id) AS proposals
       FROM events e WHERE e.id IN (${scope}) ORDER BY e.starts_at, e.id`,
      [fiscalYear],
    );
    return {
      fiscalYear,
      from: formatInstant(from),
      to: formatInstant(to),
      events: { held: rows.length, byStatus, byKind, historical: rows.filter((r) => r.historical).length },
      ...stats,
      perEvent: rows.map((r) => ({
        eventId: r.id,
        kind: r.kind,
        title: { ja: r.title_ja, en: r.title_en },
        startsAt: formatInstant(r.starts_at),
        status: r.status,
        historical: r.historical,
        registrations: r.active,
        attended: r.attended,
        attendanceRate: r.historical ? null : attendanceRate(r.attended, r.no_show, r.confirmed), // nobody registered: no rate
        connections: r.connections,
        proposals: r.proposals,
      })),
    };
  }
}
