import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import {
  allowedNextStages,
  pipelineProblems,
  samePipeline,
  planTransition,
  type PipelineState,
  type TransitionPlan,
  type TransitionRefusal,
} from './pipeline.js';
import { SUPPORT_TRACK_PIPELINE as track } from './support-track.js';

const now = new Date('2026-11-28T10:00:00+09:00');
const state = (over: Partial<PipelineState> = {}): PipelineState => ({
  stage: 'received',
  resumeStage: null,
  completedReviews: 0,
  hasTeam: false,
  lastEffectiveAt: new Date('2026-11-01T09:00:00+09:00'),
  ...over,
});
const move = (s: PipelineState, to: string, extra: { effectiveAt?: Date; historical?: boolean } = {}) =>
  planTransition(track, s, { to, now, effectiveAt: extra.effectiveAt ?? now, historical: extra.historical ?? false });
const codes = (stages: { code: string }[]) => stages.map((s) => s.code);

describe('the support track', () => {
  it('is a sound definition', () => {
    expect(pipelineProblems(track)).toEqual([]);
  });

  it('runs received -> pre_screening -> screening -> accepted | declined', () => {
    expect(codes(allowedNextStages(track, 'received', null))).toEqual(['pre_screening', 'returned', 'on_hold', 'withdrawn']);
    expect(codes(allowedNextStages(track, 'pre_screening', null))).toEqual(['screening', 'returned', 'on_hold', 'withdrawn']);
    expect(codes(allowedNextStages(track, 'screening', null))).toEqual(['accepted', 'declined', 'returned', 'on_hold', 'withdrawn']);
  });

  it('runs accepted -> team_formed -> prototyping -> commercializing -> sales_planned -> on_sale', () => {
    const line = ['accepted', 'team_formed', 'prototyping', 'commercializing', 'sales_planned', 'on_sale'];
    for (let i = 0; i + 1 < line.length; i++) expect(codes(allowedNextStages(track, line[i]!, null))[0]).toBe(line[i + 1]);
  });

  it('ends at on_sale, declined, withdrawn and discontinued', () => {
    for (const end of ['on_sale', 'declined', 'withdrawn', 'discontinued']) expect(allowedNextStages(track, end, null)).toEqual([]);
  });
});

describe('planning a transition', () => {
  it('refuses a move the programme does not allow, with the allowed next stages', () => {
    const r = move(state(), 'accepted') as TransitionRefusal & { reason: 'not_allowed' };
    expect(r.ok).toBe(false);
    expect(r.reason).toBe('not_allowed');
    expect(codes(r.allowed)).toEqual(['pre_screening', 'returned', 'on_hold', 'withdrawn']);
  });

  it('refuses an unknown stage and a move to the same stage the same way', () => {
    expect(move(state(), 'nowhere')).toMatchObject({ ok: false, reason: 'not_allowed' });
    expect(move(state(), 'received')).toMatchObject({ ok: false, reason: 'not_allowed' });
  });

  it('needs the minimum of completed reviews for a decision, either way', () => {
    const s = state({ stage: 'screening', completedReviews: 1 });
    expect(move(s, 'accepted')).toEqual({ ok: false, reason: 'not_enough_reviews', required: 2, completed: 1 });
    expect(move(s, 'declined')).toMatchObject({ ok: false, reason: 'not_enough_reviews' });
    expect(move({ ...s, completedReviews: 2 }, 'declined')).toMatchObject({ ok: true, decision: 'declined' });
    expect(move({ ...s, completedReviews: 3 }, 'accepted')).toMatchObject({ ok: true, decision: 'accepted' });
  });

  it('needs a team for team_formed', () => {
    expect(move(state({ stage: 'accepted' }), 'team_formed')).toEqual({ ok: false, reason: 'team_required' });
    expect(move(state({ stage: 'accepted', hasTeam: true }), 'team_formed')).toMatchObject({ ok: true });
  });

  it('does not check evidence guards for historical records, but still checks the pipeline', () => {
    expect(move(state({ stage: 'screening' }), 'accepted', { historical: true })).toMatchObject({ ok: true, decision: 'accepted' });
    expect(move(state({ stage: 'accepted' }), 'team_formed', { historical: true })).toMatchObject({ ok: true });
    expect(move(state(), 'accepted', { historical: true })).toMatchObject({ ok: false, reason: 'not_allowed' });
  });

  it('keeps history in effective-date order and refuses dates in the future', () => {
    const s = state({ lastEffectiveAt: new Date('2026-11-20T00:00:00+09:00') });
    expect(move(s, 'pre_screening', { effectiveAt: new Date('2026-11-19T23:59:59+09:00') })).toMatchObject({
      ok: false,
      reason: 'effective_before_previous',
    });
    expect(move(s, 'pre_screening', { effectiveAt: new Date('2026-11-20T00:00:00+09:00') })).toMatchObject({ ok: true });
    expect(move(s, 'pre_screening', { effectiveAt: new Date(now.getTime() + 60 * 60 * 1000) })).toEqual({
      ok: false,
      reason: 'effective_in_future',
    });
    expect(move(s, 'pre_screening', { effectiveAt: new Date(now.getTime() + 60 * 1000) })).toMatchObject({ ok: true });
  });

  it('puts a proposal on hold and brings it back only to where it was', () => {
    const held = move(state({ stage: 'prototyping' }), 'on_hold') as TransitionPlan;
    expect(held).toMatchObject({ ok: true, resumeStage: 'prototyping', resumed: false });
    expect(codes(allowedNextStages(track, 'on_hold', 'prototyping'))).toEqual(['prototyping', 'withdrawn', 'discontinued']);
    const s = state({ stage: 'on_hold', resumeStage: 'prototyping' });
    expect(move(s, 'commercializing')).toMatchObject({ ok: false, reason: 'not_allowed' });
    expect(move(s, 'prototyping')).toMatchObject({ ok: true, resumed: true, resumeStage: null });
  });

  it('lets a returned proposal come back to intake or to where it was returned from', () => {
    const returned = move(state({ stage: 'screening' }), 'returned') as TransitionPlan;
    expect(returned.resumeStage).toBe('screening');
    expect(codes(allowedNextStages(track, 'returned', 'screening'))).toEqual(['received', 'screening', 'withdrawn']);
    expect(codes(allowedNextStages(track, 'returned', 'pre_screening'))).toEqual(['received', 'pre_screening', 'withdrawn']);
  });

  it('does not treat a return from hold into a decision stage as a new decision', () => {
    const s = state({ stage: 'on_hold', resumeStage: 'accepted', completedReviews: 0 });
    expect(move(s, 'accepted')).toMatchObject({ ok: true, decision: null, resumed: true });
  });

  it('marks the start of screening (the rubric is fixed then)', () => {
    expect(move(state({ stage: 'pre_screening' }), 'screening')).toMatchObject({ ok: true, startsScreening: true });
    expect(move(state(), 'pre_screening')).toMatchObject({ ok: true, startsScreening: false });
  });
});

describe('programme definitions', () => {
  it('names every problem of a broken definition', () => {
    const problems = pipelineProblems({
      initialStage: 'start',
      minCompletedReviews: -1,
      stages: [
        { code: 'a', labelJa: 'A', labelEn: null, kind: 'intake', position: 1 },
        { code: 'a', labelJa: 'A', labelEn: null, kind: 'step', position: 2 },
        { code: 'B!', labelJa: 'B', labelEn: null, kind: 'step', position: 3 },
      ],
      transitions: [
        { from: 'a', to: 'a', resumeOnly: false },
        { from: 'a', to: 'zzz', resumeOnly: true },
        { from: 'a', to: 'zzz', resumeOnly: true },
      ],
    }).map((p) => p.field);
    expect(problems).toEqual([
      'stages.1.code',
      'stages.2.code',
      'initialStage',
      'transitions.0.to',
      'transitions.1.to',
      'transitions.1.resumeOnly',
      'transitions.2.to',
      'transitions.2.resumeOnly',
      'transitions.2',
      'minCompletedReviews',
    ]);
  });
});

describe('comparing definitions', () => {
  it('finds two definitions the same whatever the order of their stages and transitions', () => {
    const shuffled = { ...track, stages: [...track.stages].reverse(), transitions: [...track.transitions].reverse() };
    expect(samePipeline(track, shuffled)).toBe(true);
  });

  it('tells any change apart: a label, a kind, a position, a transition, resume-only, the initial stage, the review minimum', () => {
    const changes: ((def: typeof track) => typeof track)[] = [
      (d) => ({ ...d, stages: d.stages.map((s, i) => (i === 0 ? { ...s, labelJa: '受理' } : s)) }),
      (d) => ({ ...d, stages: d.stages.map((s, i) => (i === 1 ? { ...s, kind: 'screening' as const } : s)) }),
      (d) => ({ ...d, stages: d.stages.map((s, i) => (i === 1 ? { ...s, position: 999 } : s)) }),
      (d) => ({ ...d, transitions: d.transitions.slice(1) }),
      (d) => ({ ...d, transitions: d.transitions.map((t, i) => (i === 0 ? { ...t, resumeOnly: !t.resumeOnly } : t)) }),
      (d) => ({ ...d, initialStage: 'pre_screening' }),
      (d) => ({ ...d, minCompletedReviews: 3 }),
    ];
    for (const change of changes) expect(samePipeline(track, change(track))).toBe(false);
  });
});
