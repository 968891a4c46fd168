import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { parseCsv } from '@collabo/service-kit';
import { SUPPORT_TRACK_PIPELINE } from '../programmes/support-track.js';
import { dateCell, headerProblems, planHistory, readRow, timeCell } from './history-plan.js';

const TODAY = '2026-11-28';
const NOW = new Date('2026-11-28T01:00:00Z');
const ORG = '0190f3c6-7b7a-7c1e-9a6e-1f0b8b2d3e4f';
const PERSON = '0190f3c6-7b7a-7c1e-9a6e-1f0b8b2d3e50';
const ADVISOR = '0190f3c6-7b7a-7c1e-9a6e-1f0b8b2d3e51';
const OTHER_ADVISOR = '0190f3c6-7b7a-7c1e-9a6e-1f0b8b2d3e52';

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

  describe('review_assigned rows (open assignments from the spreadsheet era)', () => {
    const AHEAD = 'legacy_ref,record,date,stage,title_ja,summary_ja,proposing_organization_id,contact_person_id,advisor_id,due_on';
    const aBrought = (ref: string, date = '2026-10-01') => `${ref},brought_in,${date},,題,概要,${ORG},${PERSON},,`;
    const aStage = (ref: string, date: string, to: string) => `${ref},stage,${date},${to},,,,,,`;
    const assigned = (ref: string, date: string, advisor: string, due = '') => `${ref},review_assigned,${date},,,,,,${advisor},${due}`;
    const inScreening = (ref: string) => [
      aBrought(ref),
      aStage(ref, '2026-10-10', 'pre_screening'),
      aStage(ref, '2026-11-01', 'screening'),
    ];

    it('plans an assignment due before today (overdue) and one without a due day, for a proposal in screening', () => {
      const { planned, errors } = plan(
        [AHEAD, ...inScreening('A'), assigned('A', '2026-11-18', ADVISOR, '2026/11/25'), assigned('A', '2026-11-20', OTHER_ADVISOR)].join(
          '\n',
        ),
      );
      expect(errors).toEqual([]);
      expect(planned[0]!.assignments).toEqual([
        { kind: 'review_assigned', line: 5, legacyRef: 'A', advisorId: ADVISOR, assignedOn: '2026-11-18', dueOn: '2026-11-25' },
        { kind: 'review_assigned', line: 6, legacyRef: 'A', advisorId: OTHER_ADVISOR, assignedOn: '2026-11-20', dueOn: null },
      ]);
    });

    it('refuses its cells on other kinds of rows and other kinds’ cells on it', () => {
      const { planned, rows } = plan(
        [
          AHEAD,
          `A,brought_in,2026-10-01,,題,概要,${ORG},${PERSON},,2026-12-01`, // 2: due_on on a brought_in row
          `A,stage,2026-10-10,pre_screening,,,,,${ADVISOR},`, // 3: advisor_id on a stage row
          `A,review_assigned,2026-10-20,screening,,,,,${ADVISOR},2026-12-01`, // 4: a stage cell on an assignment
        ].join('\n'),
      );
      expect(rows.map((r) => [r.line, r.errors.map((e) => e.field)])).toEqual([
        [2, ['due_on']],
        [3, ['advisor_id']],
        [4, ['stage']],
      ]);
      expect(rows[0]!.errors[0]!.message).toBe('due_on belongs on a review_assigned row');
      expect(rows[2]!.errors[0]!.message).toBe('stage belongs on a stage row');
      // read all the same, so that the other rules speak too
      expect(planned[0]!.assignments.map((a) => a.line)).toEqual([4]);
    });

    it('needs an advisor id and a due day on or after the day it was assigned', () => {
      const { rows, planned } = plan(
        [
          AHEAD,
          ...inScreening('A'),
          assigned('A', '2026-11-18', ADVISOR, '2026-11-17'), // 5: due before it was assigned
          assigned('A', '2026-11-18', OTHER_ADVISOR, '2026-11-31'), // 6: no such day
          assigned('A', '2026-11-18', ''), // 7: no advisor
          assigned('A', '2026-11-18', 'someone', '2026-12-01'), // 8: not a person id
          assigned('A', '2026-11-18', PERSON, '2026-11-18'), // 9: due the day it was assigned (in the past): fine
        ].join('\n'),
      );
      const at = (line: number) => rows.find((r) => r.line === line)!.errors;
      expect(at(5)).toEqual([{ field: 'due_on', message: 'due_on is before the day it was assigned (2026-11-18)' }]);
      expect(at(6).map((e) => e.field)).toEqual(['due_on']);
      expect(at(7)).toEqual([{ field: 'advisor_id', message: 'a review_assigned row names the advisor (a registry person id)' }]);
      expect(at(8)).toEqual([{ field: 'advisor_id', message: expect.stringMatching(/^advisor_id must be a UUID/) }]);
      expect(at(9)).toEqual([]);
      expect(planned[0]!.assignments.map((a) => a.line)).toEqual([9]);
    });

    it('assigns an advisor once per proposal, not before it was brought in', () => {
      const { errors, rows, planned } = plan(
        [
          AHEAD,
          ...inScreening('A'),
          assigned('A', '2026-11-18', ADVISOR, '2026-11-25'),
          assigned('A', '2026-11-19', ADVISOR, '2026-11-26'), // 6: the same advisor again
          assigned('A', '2026-09-30', OTHER_ADVISOR), // 7: before A was brought in
          ...inScreening('B'),
          assigned('B', '2026-11-18', ADVISOR, '2026-11-25'), // 11: another proposal: fine
        ].join('\n'),
      );
      expect(errors).toEqual(['6 advisor_id', '7 date']);
      expect(rows.find((r) => r.line === 6)!.errors[0]!.message).toBe('the advisor is assigned to review A already (line 5)');
      expect(planned.map((p) => p.assignments.map((a) => a.line))).toEqual([[5], [11]]);
    });

    it('only where the API assigns reviews: not after the decision, not on hold, not once withdrawn', () => {
      const { errors, rows, planned } = plan(
        [
          AHEAD,
          ...inScreening('A'),
          aStage('A', '2026-11-10', 'accepted'),
          assigned('A', '2026-11-05', ADVISOR), // 6: assigned before the decision, but A ends decided
          aBrought('B'),
          aStage('B', '2026-10-10', 'on_hold'),
          assigned('B', '2026-10-05', ADVISOR), // 9: B ends on hold
          aBrought('C'),
          aStage('C', '2026-10-10', 'withdrawn'),
          assigned('C', '2026-10-05', ADVISOR), // 12: C ends withdrawn
          aBrought('D'),
          assigned('D', '2026-10-05', ADVISOR, '2026-10-20'), // 14: D is still received: the API would assign
        ].join('\n'),
      );
      expect(errors).toEqual(['6 record', '9 record', '12 record']);
      expect(rows.find((r) => r.line === 6)!.errors[0]!.message).toMatch(/^A ends in accepted, after the committee’s decision: reviews/);
      expect(rows.find((r) => r.line === 9)!.errors[0]!.message).toMatch(/^B ends in on_hold: reviews are assigned until the decision/);
      expect(planned.map((p) => p.assignments.length)).toEqual([0, 0, 0, 1]);
    });
  });
});
