/**
 * One act of staff, one email per person. Some acts make two proposal events: a decision is a stage change
 * (`ProposalAdvancedV1` into the accepted or declined stage) and `ProposalDecidedV1`; forming the support team
 * is `TeamFormedV1` and the stage change into the team stage. The two come through different durable
 * consumers, in either order, so the stage change must tell on its own whether it is such an act: then the
 * decided / team-formed email (the more specific one, to everyone the progress email would reach) tells it,
 * and the progress email is not written at all. Pure: no Nest, no database.
 */

/** An act whose stage change another, more specific email tells. */
export type ProposalAct = 'decision' | 'team-formation';

/**
 * What the stage kinds mean (the proposals service's pipeline: `accepted`/`declined` are the committee's
 * decision, `team` is where the support team works, `paused` is a side exit a proposal resumes from).
 */
const DECISION_KINDS: readonly string[] = ['accepted', 'declined'];
const TEAM_KIND = 'team';
const PAUSED_KIND = 'paused';

/**
 * The kinds of the default programme's stages by code (the support track, 事業化支援), for a stage the event
 * names by code and label only (what `StageRefV1` carries today). A programme whose stages the event names
 * without a kind and with other codes keeps both emails: the old behaviour, never a lost one.
 */
const SUPPORT_TRACK_KINDS: Readonly<Record<string, string>> = {
  accepted: 'accepted',
  declined: 'declined',
  team_formed: 'team',
  returned: 'paused',
  on_hold: 'paused',
};

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
}

/** A stage's kind: the one the event carries, else the default programme's for its code, else null. */
export function stageKindOf(stage: unknown): string | null {
  const kind = field(stage, 'kind');
  if (typeof kind === 'string') return kind;
  const code = field(stage, 'code');
  return typeof code === 'string' && Object.hasOwn(SUPPORT_TRACK_KINDS, code) ? SUPPORT_TRACK_KINDS[code]! : null;
}

/**
 * The act a stage change (`ProposalAdvancedV1.Data`) is part of, or null for an ordinary progress step. A move
 * back out of a paused stage (on hold → accepted) is a resumption, not a decision or a formation: the proposals
 * service sends no decided / team-formed event for it, so its progress email stays.
 */
export function proposalActOf(advanced: unknown): ProposalAct | null {
  const resumed = field(advanced, 'resumed') === true || stageKindOf(field(advanced, 'from')) === PAUSED_KIND;
  if (resumed) return null;
  const to = stageKindOf(field(advanced, 'to'));
  if (to !== null && DECISION_KINDS.includes(to)) return 'decision';
  if (to === TEAM_KIND) return 'team-formation';
  return null;
}
