import { describe, expect, it } from '@jest/globals';
import { ProposalAdvancedV1, ProposalDecidedV1, TeamFormedV1, type EventSubject, type ProposalRefV1 } from '@collabo/contracts';
import { selectRecipients } from '../deliveries/delivery-plan.js';
import { rulesFor } from './notification-rules.js';
import { proposalActOf } from './proposal-acts.js';

/**
 * One act, one email per person: every pair of events one act of staff makes, in both orders, and who gets
 * how many emails from the pair. Emails are counted per person across the two events (the kinds of one event
 * for one person count once each: the contact person who is also the coordinator gets the result and the notice
 * of a decision, as before).
 */
const CONTACT = '0195a000-0000-7000-8000-000000000001';
const COORDINATOR = '0195a000-0000-7000-8000-000000000002';
const ADVISOR = '0195a000-0000-7000-8000-000000000003';
const TRANSITION = '0195a000-0000-7000-8000-0000000000aa';

const stage = (code: string, ja: string, kind?: string) => ({ code, label: { ja, en: null }, ...(kind ? { kind } : {}) });
const STAGES = {
  screening: stage('screening', '審査'),
  accepted: stage('accepted', '採択'),
  declined: stage('declined', '不採択'),
  team_formed: stage('team_formed', '支援チーム結成'),
  prototyping: stage('prototyping', '試作・事業化検討'),
  on_hold: stage('on_hold', '保留'),
};

function ref(coordinatorId: string | null, contactPersonId = CONTACT): ProposalRefV1 {
  return {
    proposalId: '0195a000-0000-7000-8000-0000000000bb',
    referenceNumber: 'P2026-0042',
    title: { ja: '昆布の根の食品素材', en: null },
    programmeCode: 'support-track',
    programmeName: { ja: '事業化支援', en: null },
    proposingOrganizationId: '0195a000-0000-7000-8000-0000000000cc',
    contactPersonId,
    coordinatorId,
    focusFields: ['food'],
  };
}

type Emitted = { subject: EventSubject; data: unknown };

const advance = (proposal: ProposalRefV1, from: object, to: object): Emitted => ({
  subject: ProposalAdvancedV1.subject,
  data: {
    transitionId: TRANSITION,
    proposal,
    from: from as ProposalAdvancedV1.Data['from'],
    to: to as ProposalAdvancedV1.Data['to'],
    reason: '委員会決定',
    effectiveAt: '2027-01-15T15:00:00+09:00',
    recordedAt: '2027-01-15T15:00:01+09:00',
    actorId: COORDINATOR,
    historical: false,
  } satisfies ProposalAdvancedV1.Data,
});
const decide = (proposal: ProposalRefV1, decision: 'accepted' | 'declined'): Emitted => ({
  subject: ProposalDecidedV1.subject,
  data: {
    transitionId: TRANSITION,
    proposal,
    decision,
    effectiveAt: '2027-01-15T15:00:00+09:00',
    historical: false,
  } satisfies ProposalDecidedV1.Data,
});
const formTeam = (proposal: ProposalRefV1, memberIds: string[]): Emitted => ({
  subject: TeamFormedV1.subject,
  data: {
    teamId: '0195a000-0000-7000-8000-0000000000dd',
    proposal,
    members: memberIds.map((personId, i) => ({ personId, role: i === 0 ? 'coordinator' : 'advisor' })),
  } satisfies TeamFormedV1.Data,
});

/** Emails per person and the kinds each got, over the events of one act, taken in the given order. */
function emailsPerPerson(events: Emitted[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const { subject, data } of events) {
    for (const plan of selectRecipients(rulesFor(subject), data)) {
      for (const r of plan.refs) {
        if (r.type !== 'person') continue;
        out.set(r.personId, [...(out.get(r.personId) ?? []), plan.rule.kind]);
      }
    }
  }
  return out;
}

interface Act {
  name: string;
  events: Emitted[];
  /** Each person's kinds from the act (one entry = one email). */
  expected: Record<string, string[]>;
}

const withCoordinator = ref(COORDINATOR);
const withoutCoordinator = ref(null);
const selfCoordinated = ref(CONTACT, CONTACT);
const withKinds = {
  screening: stage('screening', '審査', 'screening'),
  adopted: stage('adopted', '採用', 'accepted'),
  rejected: stage('rejected', '不採用', 'declined'),
  team: stage('support_team', '支援体制', 'team'),
};

const ACTS: Act[] = [
  {
    name: 'a decision: accepted',
    events: [advance(withCoordinator, STAGES.screening, STAGES.accepted), decide(withCoordinator, 'accepted')],
    expected: { [CONTACT]: ['proposal-decided'], [COORDINATOR]: ['proposal-decided-notice'] },
  },
  {
    name: 'a decision: declined',
    events: [advance(withCoordinator, STAGES.screening, STAGES.declined), decide(withCoordinator, 'declined')],
    expected: { [CONTACT]: ['proposal-decided'], [COORDINATOR]: ['proposal-decided-notice'] },
  },
  {
    name: 'a decision on a proposal without a coordinator',
    events: [advance(withoutCoordinator, STAGES.screening, STAGES.accepted), decide(withoutCoordinator, 'accepted')],
    expected: { [CONTACT]: ['proposal-decided'] },
  },
  {
    // Two kinds of one event, as before (the result and the notice); the progress email is not a third.
    name: 'a decision where the contact person is the coordinator',
    events: [advance(selfCoordinated, STAGES.screening, STAGES.declined), decide(selfCoordinated, 'declined')],
    expected: { [CONTACT]: ['proposal-decided', 'proposal-decided-notice'] },
  },
  {
    name: 'a decision in a programme whose stages the event names with their kind',
    events: [advance(withCoordinator, withKinds.screening, withKinds.adopted), decide(withCoordinator, 'accepted')],
    expected: { [CONTACT]: ['proposal-decided'], [COORDINATOR]: ['proposal-decided-notice'] },
  },
  {
    name: 'a declining decision in a programme whose stages the event names with their kind',
    events: [advance(withCoordinator, withKinds.screening, withKinds.rejected), decide(withCoordinator, 'declined')],
    expected: { [CONTACT]: ['proposal-decided'], [COORDINATOR]: ['proposal-decided-notice'] },
  },
  {
    name: 'a team formed with the coordinator in it',
    events: [formTeam(withCoordinator, [COORDINATOR, ADVISOR]), advance(withCoordinator, STAGES.accepted, STAGES.team_formed)],
    expected: { [CONTACT]: ['team-formed'], [COORDINATOR]: ['team-formed'], [ADVISOR]: ['team-formed'] },
  },
  {
    name: 'a team formed without the coordinator in it',
    events: [formTeam(withCoordinator, [ADVISOR]), advance(withCoordinator, STAGES.accepted, STAGES.team_formed)],
    expected: { [CONTACT]: ['team-formed'], [COORDINATOR]: ['team-formed'], [ADVISOR]: ['team-formed'] },
  },
  {
    name: 'a team formed on a proposal without a coordinator',
    events: [formTeam(withoutCoordinator, [ADVISOR]), advance(withoutCoordinator, STAGES.accepted, STAGES.team_formed)],
    expected: { [CONTACT]: ['team-formed'], [ADVISOR]: ['team-formed'] },
  },
  {
    name: 'a team formed in a programme whose stages the event names with their kind',
    events: [formTeam(withCoordinator, [ADVISOR]), advance(withCoordinator, withKinds.adopted, withKinds.team)],
    expected: { [CONTACT]: ['team-formed'], [COORDINATOR]: ['team-formed'], [ADVISOR]: ['team-formed'] },
  },
  // Acts of one event: their progress email stays as it was.
  {
    name: 'an ordinary step',
    events: [advance(withCoordinator, STAGES.team_formed, STAGES.prototyping)],
    expected: { [CONTACT]: ['proposal-advanced'], [COORDINATOR]: ['proposal-advanced'] },
  },
  {
    // The proposals service sends no decided event for a resumption (its plan's decision is null).
    name: 'a resumption out of on-hold into the accepted stage',
    events: [advance(withCoordinator, STAGES.on_hold, STAGES.accepted)],
    expected: { [CONTACT]: ['proposal-advanced'], [COORDINATOR]: ['proposal-advanced'] },
  },
  {
    name: 'a resumption out of on-hold into the team stage',
    events: [advance(withCoordinator, STAGES.on_hold, STAGES.team_formed)],
    expected: { [CONTACT]: ['proposal-advanced'], [COORDINATOR]: ['proposal-advanced'] },
  },
  {
    name: 'a resumption the event marks as such',
    events: [
      {
        ...advance(withCoordinator, withKinds.screening, withKinds.adopted),
        data: { ...(advance(withCoordinator, withKinds.screening, withKinds.adopted).data as object), resumed: true },
      },
    ],
    expected: { [CONTACT]: ['proposal-advanced'], [COORDINATOR]: ['proposal-advanced'] },
  },
];

describe('one act, one email per person', () => {
  for (const act of ACTS) {
    for (const order of ['as published', 'reversed'] as const) {
      it(`${act.name} (${order}): each person gets exactly one email per kind the act calls for, never also the progress email`, () => {
        const events = order === 'reversed' ? [...act.events].reverse() : act.events;
        const got = emailsPerPerson(events);
        expect(Object.fromEntries([...got].map(([id, kinds]) => [id, [...kinds].sort()]))).toEqual(
          Object.fromEntries(Object.entries(act.expected).map(([id, kinds]) => [id, [...kinds].sort()])),
        );
        // Nobody gets the progress email and the decided / team-formed email of the same act.
        for (const kinds of got.values()) {
          if (kinds.includes('proposal-advanced')) expect(kinds).toEqual(['proposal-advanced']);
        }
      });
    }
  }

  it('the stage change of a decision would have mailed the applicant and the coordinator a second time without the rule', () => {
    // What the old table did (the progress email to both, besides the result and the notice): the rule's condition is what stops it.
    const [rule] = rulesFor(ProposalAdvancedV1.subject);
    const data = advance(withCoordinator, STAGES.screening, STAGES.accepted).data;
    const withoutActRule = { ...rule!, skipWhen: rule!.skipWhen!.filter((c) => !('act' in c)) };
    expect(selectRecipients([withoutActRule], data)[0]!.refs.map((r) => r.personId)).toEqual([CONTACT, COORDINATOR]);
    expect(selectRecipients([rule!], data)[0]!.skipped).toMatch(/screening result/);
  });

  it('reads the act from the stage change alone', () => {
    const data = (from: object, to: object) => advance(withCoordinator, from, to).data;
    expect(proposalActOf(data(STAGES.screening, STAGES.accepted))).toBe('decision');
    expect(proposalActOf(data(STAGES.screening, STAGES.declined))).toBe('decision');
    expect(proposalActOf(data(STAGES.accepted, STAGES.team_formed))).toBe('team-formation');
    expect(proposalActOf(data(withKinds.screening, withKinds.rejected))).toBe('decision');
    expect(proposalActOf(data(withKinds.adopted, withKinds.team))).toBe('team-formation');
    expect(proposalActOf(data(STAGES.on_hold, STAGES.accepted))).toBeNull();
    expect(proposalActOf(data(stage('held', '保留', 'paused'), withKinds.adopted))).toBeNull();
    expect(proposalActOf(data(STAGES.screening, STAGES.on_hold))).toBeNull();
    // An unknown code without a kind: an ordinary step (both emails, as before, rather than none).
    expect(proposalActOf(data(STAGES.screening, stage('adopted', '採用')))).toBeNull();
    // A stage's own kind wins over the default programme's meaning of its code.
    expect(proposalActOf(data(STAGES.screening, stage('accepted', '受理', 'step')))).toBeNull();
  });
});
