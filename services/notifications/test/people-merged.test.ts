import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PersonMergedV1, type PersonV1 } from '@collabo/contracts';
import { startHarness, type Harness } from './support/harness.js';

describe('the registry’s person-merged event', () => {
  let h: Harness;
  let token: string;
  beforeAll(async () => {
    h = await startHarness({ smtp: false });
    token = await h.token('coordinator');
  });
  afterAll(async () => h?.close());

  const prefs = async (query: string): Promise<Record<string, boolean>> => {
    const res = await h.api(token).get(`/v1/preferences?${query}`);
    expect(res.status).toBe(200);
    return Object.fromEntries(res.body.categories.map((c: { category: string; subscribed: boolean }) => [c.category, c.subscribed]));
  };
  const put = async (body: object) => expect((await h.api(token).put('/v1/preferences').send(body)).status).toBe(200);

  it('joins the merged person’s preferences to the survivor’s, an opt-out of either surviving, and a replay changes nothing', async () => {
    const survivor: PersonV1 = h.registry.person({ familyName: '佐藤', givenName: '次郎' });
    const merged = h.registry.person({ familyName: '佐藤', givenName: '次朗' });
    await put({ personId: survivor.id, category: 'staff_work', subscribed: true });
    await put({ personId: merged.id, category: 'staff_work', subscribed: false });
    await put({ email: merged.email, category: 'event_reminder', subscribed: false });
    await put({ personId: survivor.id, category: 'event_follow_up', subscribed: false });
    const before = await prefs(`personId=${survivor.id}`);

    const data: PersonMergedV1.Data = {
      survivorId: survivor.id,
      mergedId: merged.id,
      mergedEmail: merged.email,
      survivor,
      movedAffiliations: 0,
      movedMemberships: 0,
      movedAccount: false,
      aliasIds: [merged.id],
    };
    await h.publishApplied(PersonMergedV1, data);

    const after = await prefs(`personId=${survivor.id}`);
    expect(after['staff_work']).toBe(false);
    expect(after['event_reminder']).toBe(false);
    // nothing the survivor had switched off came back on
    for (const [category, subscribed] of Object.entries(before)) if (!subscribed) expect(after[category]).toBe(false);
    // the merged person's own rows went to the survivor; the address keeps its own (a guest may write from it)
    const rows = await h.dataSource.query(
      `SELECT recipient_key, category, subscribed FROM preferences WHERE recipient_key = ANY($1::text[])`,
      [[`person:${merged.id}`, `email:${merged.email.toLowerCase()}`]],
    );
    expect(rows).toEqual([{ recipient_key: `email:${merged.email.toLowerCase()}`, category: 'event_reminder', subscribed: false }]);

    // the survivor switches a category back on; a later replay of the merge (a new message) does not undo that
    await put({ personId: survivor.id, category: 'staff_work', subscribed: true });
    await h.publishApplied(PersonMergedV1, data);
    expect((await prefs(`personId=${survivor.id}`))['staff_work']).toBe(true);
  });
});
