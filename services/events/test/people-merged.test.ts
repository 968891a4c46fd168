import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PersonMergedV1, type PersonV1 } from '@collabo/contracts';
import { DataSource } from 'typeorm';
import { publishedEvent, registryPerson, startHarness, type Harness } from './support/harness.js';
import { publishEvent, republish } from './support/messages.js';

describe('the registry’s person-merged event', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.close());

  const merged = (survivor: PersonV1, mergedId: string): PersonMergedV1.Data => ({
    survivorId: survivor.id,
    mergedId,
    mergedEmail: 'old.address@example.jp',
    survivor: { ...survivor, version: survivor.version + 5 },
    movedAffiliations: 0,
    movedMemberships: 0,
    movedAccount: false,
    aliasIds: [mergedId],
  });

  it('moves the merged person’s registrations to the survivor with the survivor’s details, keeps a second seat, and ignores a replay', async () => {
    const api = await h.as();
    const survivor = registryPerson(h, '佐藤', '次郎');
    const doomed = registryPerson(h, '佐藤', '次朗');
    const onlyMerged = await publishedEvent(h);
    const both = await publishedEvent(h);
    const register = async (eventId: string, personId: string) => {
      const res = await api.post(`/v1/events/${eventId}/registrations`).send({ personId });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const moved = await register(onlyMerged.id, doomed.id);
    const secondSeat = await register(both.id, doomed.id);
    const own = await register(both.id, survivor.id);

    const envelope = await publishEvent(h.nc, h.prefix, PersonMergedV1, merged(survivor, doomed.id), survivor.id);
    const [notice] = await h.svc.waitForProcessed((n) => n.messageId === envelope.id);
    expect(notice!.outcome).toBe('applied');

    const rows = await h.svc.app
      .get(DataSource)
      .query(`SELECT id, person_id, name, email, person_version, version FROM registrations WHERE id = ANY($1::uuid[])`, [
        [moved, secondSeat, own],
      ]);
    const byId = Object.fromEntries(rows.map((r: { id: string }) => [r.id, r]));
    expect(byId[moved]).toMatchObject({
      person_id: survivor.id,
      name: survivor.displayName,
      email: survivor.email,
      person_version: survivor.version + 5,
    });
    expect(byId[secondSeat]).toMatchObject({ person_id: doomed.id });
    expect(byId[own]).toMatchObject({ person_id: survivor.id, email: survivor.email });

    await republish(h.nc, h.prefix, PersonMergedV1.subject, envelope);
    const [again] = await h.svc.waitForProcessed((n) => n.messageId === envelope.id && n.outcome !== 'applied');
    expect(again!.outcome).toBe('duplicate');
    const [after] = await h.svc.app.get(DataSource).query(`SELECT version FROM registrations WHERE id = $1`, [moved]);
    expect(after.version).toBe(byId[moved].version);
  });
});
