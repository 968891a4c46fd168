import { fiscalYearOfDate } from '@collabo/calendar';
import type { FieldError } from '@collabo/service-kit';
import type { OutcomeKind } from './outcome.entity.js';

/** What an outcome says, as the API and the CSV import take it (after class-validator has checked each field). */
export interface OutcomeInput {
  kind: OutcomeKind;
  summary: string;
  occurredOn: string;
  amountYen?: number;
  fiscalYear?: number;
  patentNumber?: string;
  jobsCreated?: number;
  tenancyId?: string;
  historical?: boolean;
}

/** The columns of an outcome that depend on its kind. */
export interface OutcomeFacts {
  amountYen: number | null;
  fiscalYear: number | null;
  patentNumber: string | null;
  jobsCreated: number | null;
  tenancyId: string | null;
}

/**
 * Which fields go with which kind, and the dates: a sale has an amount (and a fiscal year, by default that
 * of the day), a patent may have a number, jobs created has a count, an award may name the registry tenancy
 * it came from; nothing is in the future; a historical record is dated before today (Tokyo).
 */
export function outcomeProblems(input: OutcomeInput, today: string): FieldError[] {
  const errors: FieldError[] = [];
  const sale = input.kind === 'sale';
  const patent = input.kind === 'patent_filed' || input.kind === 'patent_granted';
  const jobs = input.kind === 'jobs_created';
  if (sale && input.amountYen === undefined) errors.push({ field: 'amountYen', message: 'a sale needs its amount in yen' });
  if (!sale && input.amountYen !== undefined) errors.push({ field: 'amountYen', message: 'only a sale has an amount' });
  if (!sale && input.fiscalYear !== undefined) errors.push({ field: 'fiscalYear', message: 'only a sale is booked in a fiscal year' });
  if (!patent && input.patentNumber !== undefined) errors.push({ field: 'patentNumber', message: 'only a patent has a number' });
  if (jobs && input.jobsCreated === undefined) errors.push({ field: 'jobsCreated', message: 'jobs created needs the number of jobs' });
  if (!jobs && input.jobsCreated !== undefined) errors.push({ field: 'jobsCreated', message: 'only jobs created has a number of jobs' });
  if (input.kind !== 'award' && input.tenancyId !== undefined)
    errors.push({ field: 'tenancyId', message: 'only an award names a tenancy' });
  if (input.occurredOn > today) errors.push({ field: 'occurredOn', message: 'occurredOn must not be in the future' });
  else if (input.historical && input.occurredOn >= today)
    errors.push({ field: 'occurredOn', message: 'a historical record says the day it happened, before today' });
  return errors;
}

/** The kind-dependent columns of a valid input (see outcomeProblems). */
export function outcomeFacts(input: OutcomeInput): OutcomeFacts {
  const sale = input.kind === 'sale';
  const patent = input.kind === 'patent_filed' || input.kind === 'patent_granted';
  return {
    amountYen: sale ? input.amountYen! : null,
    fiscalYear: sale ? (input.fiscalYear ?? fiscalYearOfDate(input.occurredOn)) : null,
    patentNumber: patent ? (input.patentNumber ?? null) : null,
    jobsCreated: input.kind === 'jobs_created' ? input.jobsCreated! : null,
    tenancyId: input.kind === 'award' ? (input.tenancyId ?? null) : null,
  };
}
