import { Injectable } from '@nestjs/common';
import type { FocusField } from '@collabo/contracts';
import { Clock, ValidationFailedError, type FieldError } from '@collabo/service-kit';
import { stringify } from 'csv-stringify/sync';
import { DataSource } from 'typeorm';
import { BUREAUS, FOCUS_FIELD_LABELS, type BureauCode } from '../proposals/codes.js';
import { fiscalYearEnd, fiscalYearRange, formatInstant } from '@collabo/calendar';
import { KPI_FIELDS, computeKpiReport, type KpiCounts, type KpiOutcome, type KpiProposal, type KpiReport } from './kpi.js';
import type { StageKind } from '../programmes/pipeline.js';
import { ProgrammeNotFoundError } from '../errors.js';
import { ProgrammeCatalogue } from '../programmes/programme-catalogue.js';
import type { KpiQuery } from './dto/kpi.dto.js';

export const MAX_FISCAL_YEARS = 50;

type Label = { ja: string; en: string };
export interface KpiReportView {
  fromFiscalYear: number;
  toFiscalYear: number;
  programme: string | null;
  timezone: 'Asia/Tokyo';
  periodStart: string;
  periodEnd: string;
  generatedAt: string;
  totals: KpiCounts;
  byFiscalYear: (KpiCounts & { fiscalYear: number })[];
  byFocusField: (KpiCounts & { focusField: string | null; label: Label })[];
  byBureau: (KpiCounts & { bureauCode: string | null; label: Label })[];
  byStudyGroup: (KpiCounts & { studyGroupId: string | null })[];
}

const NONE: Label = { ja: '未設定', en: 'none' };

/** The foundation's KPI report: loads the history and outcomes, and lets the pure rules count (see kpi.ts). */
@Injectable()
export class KpiService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalogue: ProgrammeCatalogue,
    private readonly clock: Clock,
  ) {}

  range(query: KpiQuery): { from: number; to: number } {
    const errors: FieldError[] = [];
    const ranged = query.fromFiscalYear !== undefined || query.toFiscalYear !== undefined;
    if (query.fiscalYear !== undefined && ranged)
      errors.push({ field: 'fiscalYear', message: 'give either fiscalYear or fromFiscalYear and toFiscalYear' });
    if (query.fiscalYear === undefined && !ranged)
      errors.push({ field: 'fiscalYear', message: 'fiscalYear (or fromFiscalYear and toFiscalYear) is required' });
    if (ranged && query.fromFiscalYear === undefined)
      errors.push({ field: 'fromFiscalYear', message: 'fromFiscalYear goes with toFiscalYear' });
    if (ranged && query.toFiscalYear === undefined)
      errors.push({ field: 'toFiscalYear', message: 'toFiscalYear goes with fromFiscalYear' });
    if (errors.length) throw new ValidationFailedError(errors);
    const from = query.fiscalYear ?? query.fromFiscalYear!;
    const to = query.fiscalYear ?? query.toFiscalYear!;
    if (from > to) throw new ValidationFailedError([{ field: 'toFiscalYear', message: 'toFiscalYear must not be before fromFiscalYear' }]);
    if (to - from + 1 > MAX_FISCAL_YEARS) {
      throw new ValidationFailedError([{ field: 'toFiscalYear', message: `at most ${MAX_FISCAL_YEARS} fiscal years at once` }]);
    }
    return { from, to };
  }

  async report(query: KpiQuery): Promise<KpiReportView> {
    const { from, to } = this.range(query);
    let programmeCode: string | null = null;
    if (query.programme) {
      const programme = await this.catalogue.programmeByCode(query.programme);
      if (!programme) throw new ProgrammeNotFoundError(query.programme);
      programmeCode = programme.programme.code;
    }
    // Every version of the programme: a proposal counts under its programme whichever version it runs on.
    const inProgramme = (param: string) =>
      `(${param}::text IS NULL OR p.programme_id IN (SELECT pr.id FROM programmes pr WHERE pr.code = ${param}))`;
    const nextDate = fiscalYearRange(to).nextFirstDay;
    const endInstant = fiscalYearEnd(to);
    const rows: { id: string; brought_in_on: string; focus_fields: string[]; bureau_codes: string[]; study_group_id: string | null }[] =
      await this.dataSource.query(
        `SELECT p.id, p.brought_in_on::text AS brought_in_on, p.focus_fields, p.bureau_codes, p.study_group_id::text AS study_group_id
         FROM proposals p WHERE p.brought_in_on < $1 AND ${inProgramme('$2')}`,
        [nextDate, programmeCode],
      );
    const transitions: { proposal_id: string; seq: number; effective_at: Date; kind: StageKind }[] = await this.dataSource.query(
      `SELECT t.proposal_id::text AS proposal_id, t.seq, t.effective_at, s.kind
       FROM proposal_transitions t
       JOIN proposals p ON p.id = t.proposal_id
       JOIN programme_stages s ON s.programme_id = p.programme_id AND s.code = t.to_stage
       WHERE p.brought_in_on < $1 AND t.effective_at < $2 AND ${inProgramme('$3')}`,
      [nextDate, endInstant, programmeCode],
    );
    const outcomes: {
      proposal_id: string;
      kind: KpiOutcome['kind'];
      occurred_on: string;
      fiscal_year: number | null;
      amount_yen: string | null;
      jobs_created: number | null;
    }[] = await this.dataSource.query(
      `SELECT o.proposal_id::text AS proposal_id, o.kind, o.occurred_on::text AS occurred_on, o.fiscal_year, o.amount_yen, o.jobs_created
         FROM outcomes o JOIN proposals p ON p.id = o.proposal_id
         WHERE p.brought_in_on < $1 AND (o.occurred_on < $1 OR o.fiscal_year <= $2) AND ${inProgramme('$3')}`,
      [nextDate, to, programmeCode],
    );
    const byProposal = new Map<string, KpiProposal>(
      rows.map((r) => [
        r.id,
        {
          id: r.id,
          broughtInOn: r.brought_in_on,
          focusFields: r.focus_fields,
          bureauCodes: r.bureau_codes,
          studyGroupId: r.study_group_id,
          transitions: [],
        },
      ]),
    );
    for (const t of transitions)
      byProposal.get(t.proposal_id)?.transitions.push({ toKind: t.kind, effectiveAt: new Date(t.effective_at), seq: t.seq });
    const report = computeKpiReport({
      proposals: [...byProposal.values()],
      outcomes: outcomes.map((o) => ({
        proposalId: o.proposal_id,
        kind: o.kind,
        occurredOn: o.occurred_on,
        fiscalYear: o.fiscal_year,
        amountYen: o.amount_yen === null ? null : Number(o.amount_yen),
        jobsCreated: o.jobs_created,
      })),
      fromFiscalYear: from,
      toFiscalYear: to,
    });
    return this.view(report, query.programme ?? null);
  }

  private view(r: KpiReport, programme: string | null): KpiReportView {
    return {
      fromFiscalYear: r.fromFiscalYear,
      toFiscalYear: r.toFiscalYear,
      programme,
      timezone: 'Asia/Tokyo',
      periodStart: formatInstant(r.periodStart),
      periodEnd: formatInstant(r.periodEnd),
      generatedAt: formatInstant(this.clock.now()),
      totals: r.totals,
      byFiscalYear: r.byFiscalYear.map((y) => ({ fiscalYear: y.fiscalYear, ...y.counts })),
      byFocusField: r.byFocusField.map((row) => ({
        focusField: row.key,
        label: row.key && row.key in FOCUS_FIELD_LABELS ? FOCUS_FIELD_LABELS[row.key as FocusField] : NONE,
        ...row.counts,
      })),
      byBureau: r.byBureau.map((row) => ({
        bureauCode: row.key,
        label: row.key && row.key in BUREAUS ? BUREAUS[row.key as BureauCode] : NONE,
        ...row.counts,
      })),
      byStudyGroup: r.byStudyGroup.map((row) => ({ studyGroupId: row.key, ...row.counts })),
    };
  }

  /** One line per figure group: the total, each fiscal year, each focus field, bureau and study group. */
  csv(v: KpiReportView): string {
    const line = (dimension: string, key: string | number | null, label: Label | null, counts: KpiCounts) => [
      dimension,
      key ?? '',
      label?.ja ?? '',
      label?.en ?? '',
      v.fromFiscalYear,
      v.toFiscalYear,
      ...KPI_FIELDS.map((f) => counts[f]),
    ];
    const records = [
      ['dimension', 'key', 'label_ja', 'label_en', 'from_fiscal_year', 'to_fiscal_year', ...KPI_FIELDS],
      line('total', null, null, v.totals),
      ...v.byFiscalYear.map((y) => line('fiscal_year', y.fiscalYear, null, y)),
      ...v.byFocusField.map((row) => line('focus_field', row.focusField, row.label, row)),
      ...v.byBureau.map((row) => line('bureau', row.bureauCode, row.label, row)),
      ...v.byStudyGroup.map((row) => line('study_group', row.studyGroupId, row.studyGroupId ? null : NONE, row)),
    ];
    // A byte-order mark so that spreadsheet programs read the Japanese labels as UTF-8.
    return `\uFEFF${stringify(records, { record_delimiter: 'windows' })}`;
  }
}
