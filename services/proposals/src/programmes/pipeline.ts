import { StageKinds, type StageKind } from '@collabo/contracts';
/**
 * The screening pipeline as data: a programme lists its stages (each of a kind the rules understand) and
 * the transitions it allows. This file decides whether a move is allowed and what it implies; it knows
 * nothing of databases or HTTP.
 */

/**
 * What a stage means to the rules, whatever the programme calls it:
 * - `intake`: where a proposal starts; `step`: an ordinary stage;
 * - `screening`: reviews are written here; entering it fixes the rubric in force;
 * - `accepted` / `declined`: the committee's decision (needs the programme's minimum of completed reviews);
 * - `team`: a support team works on it (needs a team);
 * - `prototype`, `sales_planned`, `on_sale`: the milestones the foundation reports;
 * - `paused`: a side exit that can come back (on hold, returned for documents); `resumeOnly` transitions
 *   out of it lead back to the stage it was paused from;
 * - `closed`: withdrawn, discontinued.
 */
// The kinds are part of the contracts (StageRefV1.kind): one list.
export { StageKinds, type StageKind };

export const STAGE_CODE_PATTERN = /^[a-z][a-z0-9_]{0,59}$/;

export interface StageDef {
  code: string;
  labelJa: string;
  labelEn: string | null;
  kind: StageKind;
  position: number;
}

export interface TransitionDef {
  from: string;
  to: string;
  /** Allowed only back to the stage the proposal was in before it entered the (paused) `from` stage. */
  resumeOnly: boolean;
}

export interface PipelineDef {
  initialStage: string;
  minCompletedReviews: number;
  stages: StageDef[];
  transitions: TransitionDef[];
}

/** What the rules need to know about a proposal. */
export interface PipelineState {
  stage: string;
  /** The stage a paused proposal came from. */
  resumeStage: string | null;
  completedReviews: number;
  hasTeam: boolean;
  /** Effective date of the latest transition (history is kept in effective-date order). */
  lastEffectiveAt: Date;
}

export interface TransitionRequest {
  to: string;
  effectiveAt: Date;
  now: Date;
  /**
   * Records history brought over from paper or spreadsheets: the guards whose evidence is not in the
   * system (reviews, team) are not checked. The transition is marked as such for ever.
   */
  historical: boolean;
}

export interface TransitionPlan {
  ok: true;
  from: StageDef;
  to: StageDef;
  /** The move goes back to where a paused proposal came from. */
  resumed: boolean;
  /** The proposal's `resumeStage` after the move. */
  resumeStage: string | null;
  /** The move enters a screening stage: the rubric in force is fixed now, if not yet. */
  startsScreening: boolean;
  /** The move is a committee decision. */
  decision: 'accepted' | 'declined' | null;
}

export type TransitionRefusal =
  | { ok: false; reason: 'not_allowed'; from: StageDef; allowed: StageDef[] }
  | { ok: false; reason: 'not_enough_reviews'; required: number; completed: number }
  | { ok: false; reason: 'team_required' }
  | { ok: false; reason: 'effective_before_previous'; previous: Date }
  | { ok: false; reason: 'effective_in_future' };

/** How far ahead of the clock an effective date may be (clock skew between staff machines and the server). */
export const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

function stageMap(def: PipelineDef): Map<string, StageDef> {
  return new Map(def.stages.map((s) => [s.code, s]));
}

/** The stages a proposal may move to next, in the programme's order. */
export function allowedNextStages(def: PipelineDef, stage: string, resumeStage: string | null): StageDef[] {
  const stages = stageMap(def);
  const targets = def.transitions
    .filter((t) => t.from === stage && (!t.resumeOnly || t.to === resumeStage))
    .map((t) => stages.get(t.to))
    .filter((s): s is StageDef => s !== undefined);
  return targets.sort((a, b) => a.position - b.position || a.code.localeCompare(b.code));
}

/** Decides a move: either the plan of what it implies, or why it is refused. */
export function planTransition(def: PipelineDef, state: PipelineState, request: TransitionRequest): TransitionPlan | TransitionRefusal {
  const stages = stageMap(def);
  const from = stages.get(state.stage);
  if (!from) throw new Error(`stage ${state.stage} is not part of the programme`);
  const allowed = allowedNextStages(def, state.stage, state.resumeStage);
  const to = allowed.find((s) => s.code === request.to);
  if (!to) return { ok: false, reason: 'not_allowed', from, allowed };
  if (request.effectiveAt.getTime() > request.now.getTime() + FUTURE_TOLERANCE_MS) return { ok: false, reason: 'effective_in_future' };
  if (request.effectiveAt.getTime() < state.lastEffectiveAt.getTime()) {
    return { ok: false, reason: 'effective_before_previous', previous: state.lastEffectiveAt };
  }
  const edge = def.transitions.find((t) => t.from === from.code && t.to === to.code)!;
  const resumed = edge.resumeOnly;
  const decision = (to.kind === 'accepted' || to.kind === 'declined') && !resumed ? to.kind : null;
  if (!request.historical) {
    if (decision && state.completedReviews < def.minCompletedReviews) {
      return { ok: false, reason: 'not_enough_reviews', required: def.minCompletedReviews, completed: state.completedReviews };
    }
    if (to.kind === 'team' && !state.hasTeam) return { ok: false, reason: 'team_required' };
  }
  return {
    ok: true,
    from,
    to,
    resumed,
    resumeStage: to.kind === 'paused' ? (from.kind === 'paused' ? state.resumeStage : from.code) : null,
    startsScreening: to.kind === 'screening',
    decision,
  };
}

/** Problems with a programme's pipeline definition, as `field: message` pairs (empty when it is sound). */
export function pipelineProblems(def: PipelineDef): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const codes = new Set<string>();
  def.stages.forEach((s, i) => {
    if (!STAGE_CODE_PATTERN.test(s.code)) problems.push({ field: `stages.${i}.code`, message: 'must be lower-case letters, digits and _' });
    if (codes.has(s.code)) problems.push({ field: `stages.${i}.code`, message: `stage ${s.code} appears twice` });
    codes.add(s.code);
  });
  const stages = stageMap(def);
  if (!stages.has(def.initialStage)) problems.push({ field: 'initialStage', message: 'must be one of the stages' });
  const edges = new Set<string>();
  def.transitions.forEach((t, i) => {
    if (!stages.has(t.from)) problems.push({ field: `transitions.${i}.from`, message: `unknown stage ${t.from}` });
    if (!stages.has(t.to)) problems.push({ field: `transitions.${i}.to`, message: `unknown stage ${t.to}` });
    if (t.from === t.to) problems.push({ field: `transitions.${i}.to`, message: 'a stage cannot lead to itself' });
    if (t.resumeOnly && stages.get(t.from) && stages.get(t.from)!.kind !== 'paused') {
      problems.push({ field: `transitions.${i}.resumeOnly`, message: 'only a paused stage can resume' });
    }
    const key = `${t.from}->${t.to}`;
    if (edges.has(key)) problems.push({ field: `transitions.${i}`, message: `transition ${key} appears twice` });
    edges.add(key);
  });
  if (def.minCompletedReviews < 0) problems.push({ field: 'minCompletedReviews', message: 'must not be negative' });
  return problems;
}

/** Whether two definitions say the same (stage and transition order do not matter). */
export function samePipeline(a: PipelineDef, b: PipelineDef): boolean {
  const normal = (def: PipelineDef) =>
    JSON.stringify({
      initialStage: def.initialStage,
      minCompletedReviews: def.minCompletedReviews,
      stages: [...def.stages].sort((x, y) => x.code.localeCompare(y.code)).map((s) => [s.code, s.labelJa, s.labelEn, s.kind, s.position]),
      transitions: def.transitions.map((t) => `${t.from}>${t.to}:${t.resumeOnly}`).sort(),
    });
  return normal(a) === normal(b);
}
