import type { PrivacyActionV1, PrivacyRecordSectionV1, PrivacyRequestOpenedV1, PrivacyRetainedV1 } from '@collabo/contracts';
import type { EntityManager } from 'typeorm';
import { eraseFromKitTables, type PrivacyAnswerBody, setCessation, subjectIds, subjectKeys, tombstoneIdOf } from '@collabo/service-kit';

type Answer = PrivacyAnswerBody;

/** Stage kinds of a proposal not yet decided: its reviews are kept (the screening needs them). */
export const UNDECIDED_KINDS = ['intake', 'step', 'screening', 'paused'];
/** Stage kinds of a proposal no longer open: its applicant's id can go. */
export const CLOSED_KINDS = ['declined', 'closed'];

const STAGE_KIND = `(SELECT s.kind FROM programme_stages s WHERE s.programme_id = p.programme_id AND s.code = p.stage)`;

export const REVIEW_REASON = {
  ja: '審査中の提案の審査記録のため、審査の決定まで保持します',
  en: 'A review of a proposal still in screening: kept until the proposal is decided',
};
export const CONTACT_REASON = {
  ja: '進行中の提案の申請者（連絡先）のため、提案の終了まで保持します',
  en: 'The applicant of an open proposal: kept until the proposal is declined or closed',
};

/** What the proposals service holds and does about one person, for a privacy request (inside the consumer's transaction). */
export class ProposalsPrivacy {
  async answer(tx: EntityManager, request: PrivacyRequestOpenedV1.Data, now: Date): Promise<Answer> {
    const { personIds } = subjectIds(request.subject);
    switch (request.kind) {
      case 'disclosure':
        return { sections: await this.disclose(tx, personIds, subjectKeys(request.subject)) };
      case 'erasure':
        return this.erase(tx, request, personIds, now);
      case 'cessation':
      case 'cessation_lifted': {
        const ceased = request.kind === 'cessation';
        const n = await setCessation(
          tx,
          personIds.map((id) => `person:${id}`),
          request.requestId,
          now,
          ceased,
        );
        return { actions: [{ what: 'team_suggestions', action: ceased ? 'ceased' : 'resumed', count: n }] };
      }
    }
  }

  /**
   * Disclosure: proposals where the person is contact or coordinator (without their reviews: other reviewers'
   * scores and comments are confidential by rule), the reviews they wrote, their assignments, teams and interviews.
   */
  async disclose(tx: EntityManager, ids: string[], keys: string[]): Promise<PrivacyRecordSectionV1[]> {
    const q = (sql: string, params: unknown[] = [ids]) => tx.query(sql, params) as Promise<Record<string, unknown>[]>;
    const proposals = await q(
      `SELECT p.id AS "proposalId", p.reference_number AS "referenceNumber", p.title_ja AS "title", p.stage,
              p.proposing_organization_name AS "organization", p.brought_in_on AS "broughtInOn",
              CASE WHEN p.contact_person_id::text = ANY($1::text[]) THEN 'contact' ELSE 'coordinator' END AS "role"
         FROM proposals p WHERE p.contact_person_id::text = ANY($1::text[]) OR p.coordinator_id::text = ANY($1::text[])
        ORDER BY p.brought_in_on, p.id`,
    );
    const reviews = await q(
      `SELECT r.id AS "reviewId", p.reference_number AS "referenceNumber", r.scores, r.total, r.comment, r.recommendation,
              r.submitted_at AS "submittedAt"
         FROM reviews r JOIN proposals p ON p.id = r.proposal_id WHERE r.advisor_id::text = ANY($1::text[]) ORDER BY r.submitted_at`,
    );
    const assignments = await q(
      `SELECT a.id AS "assignmentId", p.reference_number AS "referenceNumber", a.status, a.due_on AS "dueOn", a.assigned_at AS "assignedAt",
              a.response_reason AS "responseReason"
         FROM review_assignments a JOIN proposals p ON p.id = a.proposal_id WHERE a.advisor_id::text = ANY($1::text[]) ORDER BY a.assigned_at`,
    );
    const teams = await q(
      `SELECT p.reference_number AS "referenceNumber", m.role, m.added_at AS "addedAt"
         FROM team_members m JOIN teams t ON t.id = m.team_id JOIN proposals p ON p.id = t.proposal_id
        WHERE m.person_id::text = ANY($1::text[]) ORDER BY m.added_at`,
    );
    const interviews = await q(
      `SELECT i.id AS "interviewId", p.reference_number AS "referenceNumber", i.status, i.starts_at AS "startsAt", i.ends_at AS "endsAt", i.place
         FROM interviews i JOIN proposals p ON p.id = i.proposal_id WHERE i.invitee_ids::text[] && $1::text[] ORDER BY i.starts_at`,
    );
    const cessation = await q(
      `SELECT subject_key AS "key", ceased_at AS "ceasedAt" FROM privacy_cessations WHERE subject_key = ANY($1::text[])`,
      [keys],
    );
    const sections: PrivacyRecordSectionV1[] = [
      {
        key: 'proposals.proposal',
        title: { ja: '連絡先・コーディネーターとしての提案', en: 'Proposals as contact or coordinator' },
        records: proposals,
      },
      { key: 'proposals.review', title: { ja: '本人が書いた審査', en: 'Reviews they wrote' }, records: reviews },
      { key: 'proposals.assignment', title: { ja: '審査の割り当て', en: 'Review assignments' }, records: assignments },
      { key: 'proposals.team', title: { ja: '支援チーム', en: 'Support teams' }, records: teams },
      { key: 'proposals.interview', title: { ja: '面談', en: 'Interviews' }, records: interviews },
      { key: 'proposals.cessation', title: { ja: '利用停止', en: 'Cessation of use' }, records: cessation },
    ];
    return sections.map((s) => ({ ...s, records: s.records.map(plain) })).filter((s) => s.records.length > 0);
  }

  /**
   * Erasure: the person's ids become one tombstone id (counts of distinct people stay), their free text (review
   * comments, reasons) is cleared. Reviews of proposals not yet decided, and the applicant of an open proposal, are
   * kept, listed in `retained`, and recorded as pending: the retention job completes them when the reason ends.
   */
  async erase(tx: EntityManager, request: PrivacyRequestOpenedV1.Data, ids: string[], now: Date): Promise<Answer> {
    const tombstone = tombstoneIdOf(request.requestId);
    const undecidedReviews: { proposal_id: string; n: number }[] = await tx.query(
      `SELECT r.proposal_id, count(*)::int AS n FROM reviews r JOIN proposals p ON p.id = r.proposal_id
        WHERE r.advisor_id::text = ANY($1::text[]) AND ${STAGE_KIND} = ANY($2::text[]) GROUP BY r.proposal_id`,
      [ids, UNDECIDED_KINDS],
    );
    const openContacts: { proposal_id: string }[] = await tx.query(
      `SELECT p.id AS proposal_id FROM proposals p WHERE p.contact_person_id::text = ANY($1::text[]) AND NOT (${STAGE_KIND} = ANY($2::text[]))`,
      [ids, CLOSED_KINDS],
    );
    const keepReviews = undecidedReviews.map((r) => r.proposal_id);
    const keepContacts = openContacts.map((r) => r.proposal_id);
    const done = await applyErasure(tx, ids, tombstone, { keepReviewsOf: keepReviews, keepContactOf: keepContacts });
    for (const [what, proposals] of [
      ['review', keepReviews],
      ['contact', keepContacts],
    ] as const) {
      if (proposals.length) {
        await tx.query(
          `INSERT INTO privacy_pending_erasures (request_id, proposal_id, what, person_ids, tombstone_id, created_at)
           SELECT $1, p, $2, $3::text[], $4, $5 FROM unnest($6::uuid[]) p ON CONFLICT DO NOTHING`,
          [request.requestId, what, ids, tombstone, now, proposals],
        );
      }
    }
    const retained: PrivacyRetainedV1[] = [];
    const reviewsKept = undecidedReviews.reduce((a, r) => a + r.n, 0);
    if (reviewsKept) retained.push({ what: 'reviews', count: reviewsKept, reason: REVIEW_REASON, until: null });
    if (keepContacts.length) retained.push({ what: 'proposal_contacts', count: keepContacts.length, reason: CONTACT_REASON, until: null });
    return { actions: [...done, ...(await eraseFromKitTables(tx, request.subject, now))], retained };
  }
}

/**
 * Replaces the person's ids by the tombstone and clears their free text, except reviews (and review assignments)
 * of `keepReviewsOf` and the contact of `keepContactOf`; `onlyProposal` restricts it all to one proposal (a pending
 * erasure completed by the retention job).
 */
export async function applyErasure(
  tx: EntityManager,
  ids: string[],
  tombstone: string,
  scope: { keepReviewsOf: string[]; keepContactOf: string[]; onlyProposal?: string; only?: 'review' | 'contact' },
): Promise<PrivacyActionV1[]> {
  const only = scope.onlyProposal ?? null;
  const count = async (sql: string, params: unknown[]): Promise<number> => {
    const [rows] = (await tx.query(sql, params)) as [unknown[], number];
    return rows.length;
  };
  const doReviews = scope.only !== 'contact';
  const doContact = scope.only !== 'review';
  const doRest = scope.only === undefined;
  // Review revisions are append-only; an erasure is the one rewrite they allow (see the privacy migration).
  await tx.query(`SELECT set_config('collabo.privacy_erasure', 'on', true)`);
  const P = `($4::uuid IS NULL OR proposal_id = $4::uuid)`;
  const reviewIds = doReviews
    ? (
        (await tx.query(
          `SELECT id FROM reviews WHERE advisor_id::text = ANY($1::text[]) AND NOT (proposal_id = ANY($3::uuid[])) AND ${P} AND $2::uuid IS NOT NULL`,
          [ids, tombstone, scope.keepReviewsOf, only],
        )) as { id: string }[]
      ).map((r) => r.id)
    : [];
  const reviews = reviewIds.length
    ? await count(
        `UPDATE reviews SET advisor_id = $2, comment = '',
                submitted_by = CASE WHEN submitted_by::text = ANY($3::text[]) THEN $2 ELSE submitted_by END
          WHERE id = ANY($1::uuid[]) RETURNING 1`,
        [reviewIds, tombstone, ids],
      )
    : 0;
  if (reviewIds.length) {
    await tx.query(
      `UPDATE review_revisions SET comment = '',
              written_by = CASE WHEN written_by::text = ANY($2::text[]) THEN $3 ELSE written_by END
        WHERE review_id = ANY($1::uuid[])`,
      [reviewIds, ids, tombstone],
    );
  }
  const assignments = doReviews
    ? await count(
        `UPDATE review_assignments SET advisor_id = $2, waiver_reason = NULL, response_reason = NULL
          WHERE advisor_id::text = ANY($1::text[]) AND NOT (proposal_id = ANY($3::uuid[])) AND ${P} RETURNING 1`,
        [ids, tombstone, scope.keepReviewsOf, only],
      )
    : 0;
  const contacts = doContact
    ? await count(
        `UPDATE proposals SET contact_person_id = $2
          WHERE contact_person_id::text = ANY($1::text[]) AND NOT (id = ANY($3::uuid[])) AND ($4::uuid IS NULL OR id = $4::uuid) RETURNING 1`,
        [ids, tombstone, scope.keepContactOf, only],
      )
    : 0;
  const coordinators = doRest
    ? await count(`UPDATE proposals SET coordinator_id = $2 WHERE coordinator_id::text = ANY($1::text[]) RETURNING 1`, [ids, tombstone])
    : 0;
  const teams = doRest
    ? await count(`UPDATE team_members SET person_id = $2, waiver_reason = NULL WHERE person_id::text = ANY($1::text[]) RETURNING 1`, [
        ids,
        tombstone,
      ])
    : 0;
  let interviews = 0;
  if (doRest) {
    for (const id of ids) {
      interviews += await count(
        `UPDATE interviews SET invitee_ids = array_replace(invitee_ids, $1::uuid, $2::uuid) WHERE $1::uuid = ANY(invitee_ids) RETURNING 1`,
        [id, tombstone],
      );
    }
  }
  await tx.query(`SELECT set_config('collabo.privacy_erasure', 'off', true)`);
  return [
    { what: 'proposal_contacts', action: 'erased', count: contacts },
    { what: 'proposal_coordinators', action: 'erased', count: coordinators },
    { what: 'reviews', action: 'erased', count: reviews },
    { what: 'review_assignments', action: 'erased', count: assignments },
    { what: 'team_memberships', action: 'erased', count: teams },
    { what: 'interview_invitations', action: 'erased', count: interviews },
  ];
}

function plain(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]));
}
