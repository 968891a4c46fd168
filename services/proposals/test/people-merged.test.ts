import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PersonMergedV1, type PersonV1 } from '@collabo/contracts';
import { jetstream } from '@nats-io/jetstream';
import { v7 as uuidv7 } from 'uuid';
import { bringIn, startHarness, type Harness } from './support/harness.js';

describe('the registry’s person-merged event', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.close());

  const person = (id: string): PersonV1 => ({
    id,
    familyName: '佐藤',
    givenName: '次郎',
    familyNameKana: 'サトウ',
    givenNameKana: 'ジロウ',
    displayName: '佐藤 次郎',
    email: `jiro.${id.slice(-6)}@example.jp`,
    phone: null,
    preferredLanguage: 'ja',
    consentToList: false,
    expertiseFields: [],
    version: 3,
  });
  const publish = async (survivorId: string, mergedId: string, id = uuidv7()) => {
    const data: PersonMergedV1.Data = {
      survivorId,
      mergedId,
      mergedEmail: 'old.address@example.jp',
      survivor: person(survivorId),
      movedAffiliations: 0,
      movedMemberships: 0,
      movedAccount: false,
      aliasIds: [mergedId],
    };
    const envelope = {
      id,
      type: 'registry.evt.person.merged',
      version: 1,
      occurredAt: new Date().toISOString(),
      source: 'registry',
      aggregateId: survivorId,
      correlationId: 'corr-person-merge',
      causationId: null,
      data,
    };
    await jetstream(h.nc).publish(`${h.prefix}.${PersonMergedV1.subject}`, JSON.stringify(envelope), { msgID: id });
    const [notice] = await h.svc.waitForProcessed((n) => n.messageId === id);
    expect([notice!.outcome, notice!.error]).toEqual(['applied', undefined]);
  };

  it('repoints contact persons, coordinators, advisors and team members to the survivor, once', async () => {
    const survivor = h.registry.person().id;
    const merged = h.registry.person().id;
    const asContact = await bringIn(h, { body: { contactPersonId: merged } });
    const untouched = await bringIn(h);
    const db = h.dataSource;
    await db.query(`UPDATE proposals SET coordinator_id = $2 WHERE id = $1`, [untouched.id, merged]);
    const [{ version: untouchedVersion }] = await db.query(`SELECT version FROM proposals WHERE id = $1`, [untouched.id]);
    // an advisor assignment of the merged record, and an open one of both on the same proposal (which stays)
    const other = await bringIn(h);
    const moved = uuidv7();
    const clash = uuidv7();
    const kept = uuidv7();
    await db.query(
      `INSERT INTO review_assignments (id, proposal_id, advisor_id, status) VALUES ($1, $2, $3, 'declined'), ($4, $5, $3, 'assigned'), ($6, $5, $7, 'assigned')`,
      [moved, asContact.id, merged, clash, other.id, kept, survivor],
    );
    // a team with both records in it: one row stays, with the stronger role and both conflicts
    const team = uuidv7();
    await db.query(`INSERT INTO teams (id, proposal_id) VALUES ($1, $2)`, [team, other.id]);
    await db.query(
      `INSERT INTO team_members (team_id, person_id, role, conflicts, waiver_reason) VALUES
         ($1, $2, 'advisor', '[]', NULL), ($1, $3, 'lead_advisor', '[{"kind":"same_organization"}]', '面談で確認')`,
      [team, survivor, merged],
    );

    await publish(survivor, merged);

    const [p] = await db.query(`SELECT contact_person_id, version FROM proposals WHERE id = $1`, [asContact.id]);
    expect(p).toEqual({ contact_person_id: survivor, version: asContact.version + 1 });
    const [c] = await db.query(`SELECT coordinator_id, version FROM proposals WHERE id = $1`, [untouched.id]);
    expect(c).toEqual({ coordinator_id: survivor, version: untouchedVersion + 1 });
    const assignments = await db.query(`SELECT id, advisor_id FROM review_assignments WHERE id = ANY($1::uuid[]) ORDER BY id`, [
      [moved, clash, kept],
    ]);
    expect(Object.fromEntries(assignments.map((a: { id: string; advisor_id: string }) => [a.id, a.advisor_id]))).toEqual({
      [moved]: survivor,
      [clash]: merged,
      [kept]: survivor,
    });
    const members = await db.query(`SELECT person_id, role, conflicts, waiver_reason FROM team_members WHERE team_id = $1`, [team]);
    expect(members).toEqual([
      { person_id: survivor, role: 'lead_advisor', conflicts: [{ kind: 'same_organization' }], waiver_reason: '面談で確認' },
    ]);

    // a second delivery of the same merge (a new message) finds nothing left to move and changes no version
    await publish(survivor, merged);
    const [again] = await db.query(`SELECT contact_person_id, version FROM proposals WHERE id = $1`, [asContact.id]);
    expect(again).toEqual({ contact_person_id: survivor, version: asContact.version + 1 });
  });
});
