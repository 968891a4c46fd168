import { isCalendarDate, parseInstant, startOfTokyoDay, type CalendarDate } from '@collabo/calendar';
import {
  csvHeaderErrors,
  integerCell,
  listCell,
  ValidationFailedError,
  validatePayload,
  type CsvRow,
  type FieldError,
} from '@collabo/service-kit';
import { planTransition, type PipelineDef } from '../programmes/pipeline.js';
import { reviewsAssignable } from '../reviews/decision.js';
import { AssignAdvisorDto } from '../reviews/dto/review.dto.js';
import { CreateProposalDto } from '../proposals/dto/proposal.dto.js';
import { RecordOutcomeDto } from '../outcomes/dto/outcome.dto.js';
import { outcomeProblems, type OutcomeInput } from '../outcomes/outcome-rules.js';

/**
 * The history import's rules, without a database: which columns a file has, what each row says, and whether a
 * proposal's rows make a history the programme allows. The service adds what needs the database or the
 * registry (programmes, rubrics, old reference numbers already imported, organisations and people).
 *
 * One row per act: `brought_in` (the proposal's details, the day it was brought in), `stage` (a stage change,
 * effective on `date` at `time`, Tokyo), `outcome` (a prototype, sale, patent, award, start-up or jobs),
 * `review_assigned` (an advisor asked to review it on `date`, due on `due_on`: an assignment still open, which
 * may be overdue already). Rows of a proposal share its old reference number (`legacy_ref`); its `brought_in` row
 * comes first, its stage rows in the order they took effect.
 */

export const RECORD_KINDS = ['brought_in', 'stage', 'outcome', 'review_assigned'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

interface Column {
  column: string;
  /** The API field it fills (dotted for nested ones). */
  field: string;
  type: 'text' | 'list' | 'integer';
  /** The record kinds it belongs to. */
  on: readonly RecordKind[];
}

const PROPOSAL: readonly RecordKind[] = ['brought_in'];
const STAGE: readonly RecordKind[] = ['stage'];
const OUTCOME: readonly RecordKind[] = ['outcome'];
const ASSIGNMENT: readonly RecordKind[] = ['review_assigned'];

export const PROPOSAL_COLUMNS: Column[] = [
  { column: 'programme', field: 'programmeCode', type: 'text', on: PROPOSAL },
  { column: 'title_ja', field: 'title.ja', type: 'text', on: PROPOSAL },
  { column: 'title_en', field: 'title.en', type: 'text', on: PROPOSAL },
  { column: 'summary_ja', field: 'summary.ja', type: 'text', on: PROPOSAL },
  { column: 'summary_en', field: 'summary.en', type: 'text', on: PROPOSAL },
  { column: 'proposing_organization_id', field: 'proposingOrganizationId', type: 'text', on: PROPOSAL },
  { column: 'study_group_id', field: 'studyGroupId', type: 'text', on: PROPOSAL },
  { column: 'contact_person_id', field: 'contactPersonId', type: 'text', on: PROPOSAL },
  { column: 'coordinator_id', field: 'coordinatorId', type: 'text', on: PROPOSAL },
  { column: 'participating_organization_ids', field: 'participatingOrganizationIds', type: 'list', on: PROPOSAL },
  { column: 'focus_fields', field: 'focusFields', type: 'list', on: PROPOSAL },
  { column: 'bureau_codes', field: 'bureauCodes', type: 'list', on: PROPOSAL },
  { column: 'municipality_codes', field: 'municipalityCodes', type: 'list', on: PROPOSAL },
  { column: 'support_requested', field: 'supportRequested', type: 'text', on: PROPOSAL },
];
export const STAGE_COLUMNS: Column[] = [
  { column: 'stage', field: 'to', type: 'text', on: STAGE },
  { column: 'time', field: 'time', type: 'text', on: STAGE },
  { column: 'reason', field: 'reason', type: 'text', on: STAGE },
];
export const OUTCOME_COLUMNS: Column[] = [
  { column: 'outcome_kind', field: 'kind', type: 'text', on: OUTCOME },
  { column: 'outcome_summary', field: 'summary', type: 'text', on: OUTCOME },
  { column: 'amount_yen', field: 'amountYen', type: 'integer', on: OUTCOME },
  { column: 'fiscal_year', field: 'fiscalYear', type: 'integer', on: OUTCOME },
  { column: 'patent_number', field: 'patentNumber', type: 'text', on: OUTCOME },
  { column: 'jobs_created', field: 'jobsCreated', type: 'integer', on: OUTCOME },
  { column: 'tenancy_id', field: 'tenancyId', type: 'text', on: OUTCOME },
];
export const ASSIGNMENT_COLUMNS: Column[] = [
  { column: 'advisor_id', field: 'advisorId', type: 'text', on: ASSIGNMENT },
  { column: 'due_on', field: 'dueOn', type: 'text', on: ASSIGNMENT },
];
export const REQUIRED_COLUMNS = ['legacy_ref', 'record', 'date'];
const KIND_COLUMNS = [...PROPOSAL_COLUMNS, ...STAGE_COLUMNS, ...OUTCOME_COLUMNS, ...ASSIGNMENT_COLUMNS];
export const ALL_COLUMNS = [...REQUIRED_COLUMNS, ...KIND_COLUMNS.map((c) => c.column)];

/** The default reason of an imported stage change without one. */
export const IMPORTED_REASON = 'imported from the foundation’s records';

/** Unknown columns (a typo would silently drop data), a column twice, required columns missing. */
export function headerProblems(header: string[]): FieldError[] {
  return csvHeaderErrors(header, ALL_COLUMNS, REQUIRED_COLUMNS);
}

export interface BroughtInRow {
  kind: 'brought_in';
  line: number;
  legacyRef: string;
  date: CalendarDate;
  proposal: CreateProposalDto;
}
export interface StageRow {
  kind: 'stage';
  line: number;
  legacyRef: string;
  to: string;
  reason: string;
  effectiveAt: Date;
}
export interface OutcomeRow {
  kind: 'outcome';
  line: number;
  legacyRef: string;
  outcome: OutcomeInput;
}
/** An advisor asked to review the proposal in the spreadsheet era, whose review is still to come. */
export interface AssignmentRow {
  kind: 'review_assigned';
  line: number;
  legacyRef: string;
  /** Registry person id. */
  advisorId: string;
  /** The day it was assigned (the row's `date`). */
  assignedOn: CalendarDate;
  /** When the review is due: on or after `assignedOn`, and it may be before today (the review is overdue then). */
  dueOn: CalendarDate | null;
}
export type HistoryRow = BroughtInRow | StageRow | OutcomeRow | AssignmentRow;

/** One line of the file: what it says, or what is wrong with it, by column. */
export interface ReadRow {
  line: number;
  legacyRef: string;
  kind: RecordKind | null;
  /** What the row says, when it reads (it may still have problems of its own: see errors). */
  row?: HistoryRow;
  errors: FieldError[];
}

/** `2002/4/1` (as spreadsheets write it) or `2002-04-01` to `2002-04-01`; null when it is no day. */
export function dateCell(value: string): CalendarDate | null {
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(value.normalize('NFKC'));
  if (!m) return null;
  const date = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return isCalendarDate(date) ? date : null;
}

/** `9:30` or `09:30` (Tokyo) to `09:30`; null when it is no time of day. */
export function timeCell(value: string): string | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(value.normalize('NFKC'));
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return null;
  return `${m[1]!.padStart(2, '0')}:${m[2]}`;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const [head, ...rest] = path.split('.');
  if (!rest.length) target[head!] = value;
  else setPath((target[head!] ??= {}) as Record<string, unknown>, rest.join('.'), value);
}

/** A DTO's field errors (`title.ja`, `focusFields.1`) named by the CSV column. */
function toColumns(errors: FieldError[], columns: Column[]): FieldError[] {
  return errors.map((e) => {
    const column = columns.find((c) => e.field === c.field || e.field.startsWith(`${c.field}.`))?.column ?? e.field;
    const message = e.message.replace(/^[\w.]+ /, `${column} `);
    return { field: column, message };
  });
}

function validate<T extends object>(
  cls: new () => T,
  plain: Record<string, unknown>,
  columns: Column[],
): { dto?: T; errors: FieldError[] } {
  try {
    return { dto: validatePayload(cls, plain, { forbidUnknown: true }), errors: [] };
  } catch (err) {
    if (err instanceof ValidationFailedError) return { errors: toColumns(err.errors, columns) };
    throw err;
  }
}

/** The cells of `columns` as a plain object of API fields (empty cells left out), with the cells that do not read. */
function plainOf(values: Record<string, string>, columns: Column[]): { plain: Record<string, unknown>; errors: FieldError[] } {
  const plain: Record<string, unknown> = {};
  const errors: FieldError[] = [];
  for (const c of columns) {
    const raw = values[c.column];
    if (raw === undefined || raw === '') continue;
    if (c.type === 'text') setPath(plain, c.field, raw);
    else if (c.type === 'list') setPath(plain, c.field, listCell(raw));
    else {
      const n = integerCell(raw);
      if (Number.isNaN(n)) errors.push({ field: c.column, message: `${c.column} must be a whole number` });
      else setPath(plain, c.field, n);
    }
  }
  return { plain, errors };
}

/** One line of the file, read on its own (what needs other lines, the database or the registry comes later). */
export function readRow(row: CsvRow, today: CalendarDate): ReadRow {
  const v = row.values;
  const errors: FieldError[] = [];
  if (row.fieldCountMismatch) errors.push({ field: '(row)', message: 'the row has a different number of fields than the header' });
  const legacyRef = v['legacy_ref'] ?? '';
  if (!legacyRef) errors.push({ field: 'legacy_ref', message: 'legacy_ref (the old reference number) is required' });
  else if (legacyRef.length > 40) errors.push({ field: 'legacy_ref', message: 'legacy_ref must be at most 40 characters' });
  const kindCell = (v['record'] ?? '').toLowerCase();
  const kind = (RECORD_KINDS as readonly string[]).includes(kindCell) ? (kindCell as RecordKind) : null;
  if (!kind) errors.push({ field: 'record', message: `record must be one of ${RECORD_KINDS.join(', ')}` });
  const date = dateCell(v['date'] ?? '');
  if (!date) errors.push({ field: 'date', message: 'date must be a calendar day written YYYY-MM-DD (or YYYY/MM/DD)' });
  else if (date >= today) errors.push({ field: 'date', message: 'history is dated before today' });
  else if (date < '1990-01-01') errors.push({ field: 'date', message: 'date must not be before 1990' });
  if (!kind) return { line: row.line, legacyRef, kind, errors };

  // A filled cell of another record's column is a mistake (it would be dropped).
  for (const c of KIND_COLUMNS) {
    if (v[c.column] && !c.on.includes(kind)) errors.push({ field: c.column, message: `${c.column} belongs on a ${c.on.join(' or ')} row` });
  }

  let parsed: HistoryRow | undefined;
  if (kind === 'brought_in') {
    const { plain, errors: cellErrors } = plainOf(v, PROPOSAL_COLUMNS);
    errors.push(...cellErrors);
    const { dto, errors: dtoErrors } = validate(CreateProposalDto, plain, PROPOSAL_COLUMNS);
    errors.push(...dtoErrors);
    if (dto && date) parsed = { kind, line: row.line, legacyRef, date, proposal: dto };
  } else if (kind === 'stage') {
    const to = v['stage'] ?? '';
    if (!to) errors.push({ field: 'stage', message: 'a stage row names the stage it moved to' });
    const reason = v['reason'] || IMPORTED_REASON;
    if (reason.length > 2000) errors.push({ field: 'reason', message: 'reason must be at most 2000 characters' });
    const time = v['time'] ? timeCell(v['time']) : '00:00';
    if (time === null) errors.push({ field: 'time', message: 'time must be a time of day written HH:MM (Tokyo)' });
    const effectiveAt = date && time ? parseInstant(`${date}T${time}:00+09:00`, { offset: 'required' }) : null;
    if (to && effectiveAt && reason.length <= 2000) parsed = { kind, line: row.line, legacyRef, to, reason, effectiveAt };
  } else if (kind === 'review_assigned') {
    // The advisor as the API's assignment reads it; the due day as spreadsheets write days, on or after the day
    // it was assigned (before today is allowed: the review is overdue then, and reminded as such).
    const advisor = v['advisor_id'] ?? '';
    if (!advisor) errors.push({ field: 'advisor_id', message: 'a review_assigned row names the advisor (a registry person id)' });
    const { dto, errors: dtoErrors } = advisor ? validate(AssignAdvisorDto, { advisorId: advisor }, ASSIGNMENT_COLUMNS) : { errors: [] };
    errors.push(...dtoErrors);
    let dueOn: CalendarDate | null = null;
    let dueOk = true;
    if (v['due_on']) {
      dueOn = dateCell(v['due_on']);
      if (!dueOn) errors.push({ field: 'due_on', message: 'due_on must be a calendar day written YYYY-MM-DD (or YYYY/MM/DD)' });
      else if (date && dueOn < date) errors.push({ field: 'due_on', message: `due_on is before the day it was assigned (${date})` });
      dueOk = dueOn !== null && (!date || dueOn >= date);
    }
    if (dto && date && dueOk) parsed = { kind, line: row.line, legacyRef, advisorId: dto.advisorId, assignedOn: date, dueOn };
  } else {
    const { plain, errors: cellErrors } = plainOf(v, OUTCOME_COLUMNS);
    errors.push(...cellErrors);
    const { dto, errors: dtoErrors } = validate(RecordOutcomeDto, { ...plain, occurredOn: date ?? '', historical: true }, OUTCOME_COLUMNS);
    errors.push(...dtoErrors.filter((e) => e.field !== 'occurredOn'));
    if (dto && date) {
      const outcome: OutcomeInput = { ...dto, occurredOn: date, historical: true };
      const problems = outcomeProblems(outcome, today).filter((e) => e.field !== 'occurredOn');
      errors.push(...toColumns(problems, OUTCOME_COLUMNS));
      if (!problems.length) parsed = { kind, line: row.line, legacyRef, outcome };
    }
  }
  // A row that reads is planned even with other problems, so that what only the other rows, the database or the
  // registry can tell is reported too (a commit writes nothing while any row has a problem).
  return { line: row.line, legacyRef, kind, row: parsed, errors };
}

/** A proposal's rows, checked against each other and its programme's pipeline. */
export interface PlannedProposal {
  legacyRef: string;
  broughtIn: BroughtInRow;
  /** Stage changes in order, with what each implies. */
  transitions: {
    row: StageRow;
    from: string;
    resumed: boolean;
    resumeStage: string | null;
    decision: 'accepted' | 'declined' | null;
    startsScreening: boolean;
  }[];
  outcomes: OutcomeRow[];
  /** Review assignments still open, in the order of the file (an advisor once per proposal). */
  assignments: AssignmentRow[];
  /** Every line of the proposal (for errors found later: registry, rubrics). */
  lines: number[];
}

export interface PlanInput {
  rows: ReadRow[];
  /** The pipeline of a programme code (its latest version), or null when there is no such programme. */
  pipelineOf(code: string): PipelineDef | null;
  defaultProgramme: string;
  today: CalendarDate;
  now: Date;
}

/**
 * Groups the rows by old reference number and checks each proposal's history: one `brought_in` row, first;
 * stage changes the programme allows, in effective-date order, on or after the day it was brought in; outcomes
 * not before it was brought in; review assignments not before it was brought in, an advisor once, and only when
 * the history leaves the proposal where reviews are assigned (the API's rule: undecided, neither paused nor
 * closed). Errors are added to the rows' own lists (by column). History is checked as
 * history (`historical`): the pipeline's moves and the date order hold, the guards whose evidence is not in the
 * system (reviews for a decision, a team) are not checked, exactly as for historical moves through the API.
 */
export function planHistory(input: PlanInput): PlannedProposal[] {
  const groups = new Map<string, ReadRow[]>();
  for (const r of input.rows) {
    if (!r.legacyRef) continue;
    if (!groups.has(r.legacyRef)) groups.set(r.legacyRef, []);
    groups.get(r.legacyRef)!.push(r);
  }
  const planned: PlannedProposal[] = [];
  for (const [legacyRef, rows] of groups) {
    const firstBroughtIn = rows.find((r) => r.kind === 'brought_in');
    for (const r of rows) {
      if (r.kind === 'brought_in' && r !== firstBroughtIn)
        r.errors.push({ field: 'record', message: `${legacyRef} is already brought in on line ${firstBroughtIn!.line}` });
    }
    if (!firstBroughtIn) {
      rows[0]!.errors.push({ field: 'record', message: `${legacyRef} has no brought_in row: its first row brings it in` });
      continue;
    }
    const before = rows.slice(0, rows.indexOf(firstBroughtIn)).filter((r) => r.kind !== null);
    for (const r of before)
      r.errors.push({ field: 'record', message: `comes before ${legacyRef} is brought in (line ${firstBroughtIn.line})` });
    const broughtIn = firstBroughtIn.row as BroughtInRow | undefined;
    if (!broughtIn) continue;
    const code = broughtIn.proposal.programmeCode ?? input.defaultProgramme;
    const pipeline = input.pipelineOf(code);
    if (!pipeline) {
      firstBroughtIn.errors.push({ field: 'programme', message: `no programme ${code}` });
      continue;
    }
    let stage = pipeline.initialStage;
    let resumeStage: string | null = null;
    let lastEffectiveAt = startOfTokyoDay(broughtIn.date);
    let lastLine = firstBroughtIn.line;
    const plan: PlannedProposal = { legacyRef, broughtIn, transitions: [], outcomes: [], assignments: [], lines: rows.map((r) => r.line) };
    const assigned = new Map<string, number>();
    const assignments: { read: ReadRow; row: AssignmentRow }[] = [];
    for (const r of rows) {
      if (r.row?.kind === 'review_assigned') {
        const a = r.row;
        const earlier = assigned.get(a.advisorId);
        if (earlier !== undefined)
          r.errors.push({ field: 'advisor_id', message: `the advisor is assigned to review ${legacyRef} already (line ${earlier})` });
        else assigned.set(a.advisorId, r.line);
        if (a.assignedOn < broughtIn.date)
          r.errors.push({ field: 'date', message: `before ${legacyRef} was brought in (${broughtIn.date}, line ${firstBroughtIn.line})` });
        else if (earlier === undefined) assignments.push({ read: r, row: a });
      }
      if (r.row?.kind === 'outcome') {
        if (r.row.outcome.occurredOn < broughtIn.date)
          r.errors.push({ field: 'date', message: `before ${legacyRef} was brought in (${broughtIn.date}, line ${firstBroughtIn.line})` });
        else plan.outcomes.push(r.row);
      }
      if (r.row?.kind !== 'stage') continue;
      const s = r.row;
      const result = planTransition(
        pipeline,
        { stage, resumeStage, completedReviews: 0, hasTeam: false, lastEffectiveAt },
        { to: s.to, effectiveAt: s.effectiveAt, now: input.now, historical: true },
      );
      if (!result.ok) {
        if (result.reason === 'not_allowed') {
          const allowed = result.allowed.map((a) => a.code).join(', ') || 'none';
          r.errors.push({ field: 'stage', message: `the programme does not allow ${stage} -> ${s.to} (allowed: ${allowed})` });
        } else if (result.reason === 'effective_before_previous') {
          r.errors.push({
            field: 'date',
            message: `before the previous change of ${legacyRef} (line ${lastLine}): history is in date order`,
          });
        } else {
          r.errors.push({ field: 'date', message: 'history is dated before today' });
        }
        // Carry on from the stage the row meant, so that one mistake is reported once, not on every later row.
        if (pipeline.stages.some((st) => st.code === s.to)) stage = s.to;
        continue;
      }
      plan.transitions.push({
        row: s,
        from: stage,
        resumed: result.resumed,
        resumeStage: result.resumeStage,
        decision: result.decision,
        startsScreening: result.startsScreening,
      });
      stage = result.to.code;
      resumeStage = result.resumeStage;
      lastEffectiveAt = s.effectiveAt;
      lastLine = r.line;
    }
    // The assignments are open now: the history must leave the proposal where the API would assign reviews.
    const decided = plan.transitions.some((t) => t.decision !== null);
    const kind = pipeline.stages.find((st) => st.code === stage)?.kind;
    for (const a of assignments) {
      if (reviewsAssignable(kind, decided)) plan.assignments.push(a.row);
      else
        a.read.errors.push({
          field: 'record',
          message: `${legacyRef} ends in ${stage}${decided ? ', after the committee’s decision' : ''}: reviews are assigned until the decision, and not while a proposal is paused or closed`,
        });
    }
    planned.push(plan);
  }
  return planned;
}
