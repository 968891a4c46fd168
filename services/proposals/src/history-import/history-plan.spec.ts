import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { parseCsv } from '@collabo/service-kit';
import { SUPPORT_TRACK_PIPELINE } from '../programmes/support-track.js';
import { dateCell, headerProblems, planHistory, readRow, timeCell } from './history-plan.js';

const TODAY = '2026-11-28';
const NOW = new Date('2026-11-28T01:00:00Z');
const ORG = '0190f3c6-7b7a-7c1e-9a6e-1f0b8b2d3e4f';
const PERSON = '0190f3c6-7b7a-7c1e-9a6e-1f0b8b2d3e50';

function plan(text: string) {
  const rows = parseCsv(text).rows.map((r) => readRow(r, TODAY));
  const planned = planHistory({
    rows,
    pipelineOf: (code) => (code === 'support-track' ? SUPPORT_TRACK_PIPELINE : null),
    defaultProgramme: 'support-track',
    today: TODAY,
    now: NOW,
  });
  return { rows, planned, errors: rows.flatMap((r) => r.errors.map((e) => `${r.line} ${e.field}`)) };
}

const HEAD =
  'legacy_ref,record,date,time,stage,title_ja,summary_ja,proposing_organization_id,contact_person_id,outcome_kind,outcome_summary,jobs_created';
const brought = (ref: string, date = '2002-05-10') => `${ref},brought_in,${date},,,題,概要,${ORG},${PERSON},,,`;
const stage = (ref: string, date: string, to: string, time = '') => `${ref},stage,${date},${time},${to},,,,,,,`;

describe('history import rules', () => {
  it('reads the days and times spreadsheets write', () => {
    expect([dateCell('2002/4/1'), dateCell('2002-04-01'), dateCell('２００２/４/１'), dateCell('2002-02-30'), dateCell('H14.4.1')]).toEqual(
      ['2002-04-01', '2002-04-01', '2002-04-01', null, null],
    );
    expect([timeCell('9:30'), timeCell('23:59'), timeCell('24:00'), timeCell('9時')]).toEqual(['09:30', '23:59', null, null]);
  });

  it('refuses unknown, doubled and missing columns', () => {
    expect(headerProblems(['legacy_ref', 'record', 'colour', 'record'])).toEqual([
      { field: 'colour', message: 'unknown column "colour"' },
      { field: 'record', message: 'the column appears twice' },
      { field: 'date', message: 'required column is missing' },
    ]);
  });

  it('plans a proposal’s moves through the pipeline as history (no reviews or team needed), in date order', () => {
    const { planned, errors } = plan(
      [
        HEAD,
        brought('A'),
        stage('A', '2002-06-01', 'pre_screening'),
        stage('A', '2002-07-01', 'screening', '9:00'),
        stage('A', '2002-09-01', 'accepted'),
        stage('A', '2002-10-01', 'team_formed'),
        `A,outcome,2003-01-10,,,,,,,jobs_created,雇用,4`,
      ].join('\n'),
    );
    expect(errors).toEqual([]);
    expect(planned).toHaveLength(1);
    expect(planned[0]!.transitions.map((t) => [t.from, t.row.to, t.decision, t.startsScreening])).toEqual([
      ['received', 'pre_screening', null, false],
      ['pre_screening', 'screening', null, true],
      ['screening', 'accepted', 'accepted', false],
      ['accepted', 'team_formed', null, false],
    ]);
    expect(planned[0]!.transitions[1]!.row.effectiveAt.toISOString()).toBe('2002-07-01T00:00:00.000Z');
    expect(planned[0]!.outcomes.map((o) => o.outcome)).toEqual([
      expect.objectContaining({ kind: 'jobs_created', jobsCreated: 4, occurredOn: '2003-01-10', historical: true }),
    ]);
  });

  it('reports a disallowed move once, not again on every later row, and dates out of order', () => {
    const { errors } = plan(
      [
        HEAD,
        brought('A'),
        stage('A', '2002-06-01', 'accepted'), // 3: not allowed from received
        stage('A', '2002-07-01', 'team_formed'), // 4: fine from accepted (carried on)
        stage('A', '2002-06-15', 'prototyping'), // 5: before line 4
        stage('A', '2002-05-01', 'pre_screening'), // 6
      ].join('\n'),
    );
    expect(errors).toEqual(['3 stage', '5 date', '6 stage']);
  });

  it('needs one brought_in row per proposal, first, and outcomes not before it', () => {
    const { errors } = plan(
      [
        HEAD,
        stage('A', '2002-06-01', 'pre_screening'), // 2: before A is brought in
        brought('A'),
        brought('A', '2002-05-11'), // 4: twice
        stage('B', '2002-06-01', 'pre_screening'), // 5: B never brought in
        `A,outcome,2002-05-01,,,,,,,startup_founded,起業,`, // 6: before it was brought in
      ].join('\n'),
    );
    expect(errors).toEqual(['2 record', '4 record', '5 record', '6 date']);
  });
});
