import { describe, expect, it } from '@jest/globals';
import { GetPeopleV1, GetPersonV1, PersonMergedV1 } from '@collabo/contracts';
import { NatsNaming, RpcClient } from '@collabo/service-kit';
import { readEvents, TEST_NATS_URL } from '@collabo/service-kit/testing';
import { DataSource } from 'typeorm';
import { expectContract, orgBody, personBody, startRegistryForSuite, type Registry } from './support.js';

describe('people duplicates and merge', () => {
  let r: Registry;
  let auth: Record<string, string>;
  let org: string;

  startRegistryForSuite(async (started, admin) => {
    [r, auth] = [started, admin];
    org = (
      await r
        .http()
        .post('/v1/organizations')
        .set(auth)
        .send(orgBody({ name: '株式会社重複', nameKana: 'ジュウフク' }))
    ).body.id;
  });

  const person = async (overrides: Record<string, unknown> = {}) => {
    const res = await r.http().post('/v1/people').set(auth).send(personBody(overrides));
    expect(res.status).toBe(201);
    return res.body as { id: string; email: string; version: number };
  };
  const affiliate = async (personId: string, organizationId: string, extra: Record<string, unknown> = {}) =>
    expect(
      (
        await r
          .http()
          .post(`/v1/people/${personId}/affiliations`)
          .set(auth)
          .send({ organizationId, ...extra })
      ).status,
    ).toBe(201);
  const join = async (group: string, personId: string, role: string, joinedOn: string, leftOn?: string) => {
    const res = await r.http().post(`/v1/study-groups/${group}/members`).set(auth).send({ personId, role, joinedOn, leftOn });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const merge = (survivor: { id: string }, mergedId: string, etag: string) =>
    r.http().post(`/v1/people/${survivor.id}/merge`).set(auth).set('if-match', etag).send({ mergedId });

  describe('duplicates', () => {
    it('finds the same reading at the same organisation, the same phone, and the same email but for case or a +tag', async () => {
      const a = await person({
        familyNameKana: 'スズキ',
        givenNameKana: 'イチロウ',
        familyName: '鈴木',
        givenName: '一郎',
        email: 'ichiro.suzuki@example.jp',
      });
      const b = await person({ familyNameKana: 'すずき', givenNameKana: 'いちろう', familyName: '鈴木', givenName: '一朗' });
      await affiliate(a.id, org);
      await affiliate(b.id, org, { title: '課長' });
      const c = await person({ phone: '011-123-4567', familyNameKana: 'タナカ', givenNameKana: 'ハナコ' });
      const d = await person({ phone: '0111234567', familyNameKana: 'タナカ', givenNameKana: 'ハナ' });
      const e = await person({ email: 'Ichiro.Suzuki+collabo@example.jp', familyNameKana: 'スズキ', givenNameKana: 'イチ' });
      const unrelated = await person({ familyNameKana: 'ベツジン', givenNameKana: 'ベツ' });

      const ofA = await r.http().get(`/v1/people/${a.id}/duplicates`).set(auth);
      expect(ofA.status).toBe(200);
      const found = Object.fromEntries(ofA.body.items.map((p: { b: { id: string }; reasons: string[] }) => [p.b.id, p.reasons]));
      expect(found).toEqual({ [b.id]: ['same_reading_and_organization'], [e.id]: ['same_email'] });

      const all = await r.http().get('/v1/people/duplicates').query({ limit: 100 }).set(auth);
      const pairs = all.body.items.map((p: { a: { id: string }; b: { id: string }; reasons: string[] }) => [
        [p.a.id, p.b.id].sort().join(),
        p.reasons,
      ]);
      expect(pairs).toEqual(expect.arrayContaining([[[c.id, d.id].sort().join(), ['same_phone']]]));
      expect(JSON.stringify(all.body.items)).not.toContain(unrelated.id);
      expect(JSON.stringify(all.body.items)).not.toContain('@');

      const preview = await r.http().get(`/v1/people/${a.id}/merge-preview`).query({ mergedId: b.id }).set(auth);
      expect(preview.status).toBe(200);
      expect(preview.body).toMatchObject({
        survivor: { id: a.id },
        merged: { id: b.id },
        moves: { affiliations: 1, memberships: 0 },
        blockers: [],
      });
      expect(preview.body.fields).toEqual(
        expect.arrayContaining([{ field: 'givenName', survivor: '一郎', merged: '一朗', result: '一郎' }]),
      );
    });
  });

  describe('merge', () => {
    it('moves affiliations, memberships (overlaps combined) and the account, keeps the alias, redirects its reads, and publishes the merged event', async () => {
      const group = (
        await r
          .http()
          .post('/v1/organizations')
          .set(auth)
          .send(orgBody({ name: '合併研究会', nameKana: 'ガッペイケンキュウカイ', kind: 'study_group' }))
      ).body.id;
      const survivor = await person({ familyNameKana: 'サトウ', givenNameKana: 'ジロウ', consentToList: true, expertiseFields: ['food'] });
      const merged = await person({
        familyNameKana: 'サトウ',
        givenNameKana: 'ジロウ',
        phone: '011-999-0000',
        consentToList: false,
        expertiseFields: ['it'],
      });
      await affiliate(merged.id, org, { title: '部長' });
      await join(group, survivor.id, 'member', '2020-04-01');
      await join(group, merged.id, 'representative', '2022-04-01', '2023-03-31');
      const account = await r
        .http()
        .post('/v1/accounts')
        .set(auth)
        .send({ personId: merged.id, roles: ['viewer'] });
      expect(account.status).toBe(201);

      expect((await merge(survivor, merged.id, '"9"')).status).toBe(412);
      expect((await r.http().post(`/v1/people/${survivor.id}/merge`).set(auth).send({ mergedId: merged.id })).status).toBe(428);
      const res = await merge(survivor, merged.id, `"${survivor.version}"`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        mergedId: merged.id,
        movedAffiliations: 1,
        movedMemberships: 1,
        combinedMemberships: 1,
        movedAccount: true,
      });
      expect(res.body.survivor).toMatchObject({
        id: survivor.id,
        phone: '011-999-0000',
        consentToList: false,
        expertiseFields: ['food', 'it'],
      });
      expect(res.headers['etag']).toBe(`"${res.body.survivor.version}"`);

      const { envelopes } = await readEvents<PersonMergedV1.Data>(r.nc, r.prefix, PersonMergedV1.subject, 1);
      expectContract(PersonMergedV1.Data, envelopes[0]!.data);
      expect(envelopes[0]!.data).toMatchObject({
        survivorId: survivor.id,
        mergedId: merged.id,
        mergedEmail: merged.email,
        movedAccount: true,
        aliasIds: [merged.id],
      });

      // the merged id redirects (308, Location) to the survivor; its record cannot change any more
      const read = await r.http().get(`/v1/people/${merged.id}`).set(auth);
      expect(read.status).toBe(308);
      expect(read.headers['location']).toBe(`/v1/people/${survivor.id}`);
      const change = await r.http().patch(`/v1/people/${merged.id}`).set(auth).set('if-match', '"2"').send({ phone: '011-000-0000' });
      expect(change.status).toBe(409);
      expect(change.body).toMatchObject({ code: 'REGISTRY.PERSON_MERGED', survivorId: survivor.id });
      const link = await r.http().post(`/v1/people/${merged.id}/affiliations`).set(auth).send({ organizationId: org });
      expect(link.body).toMatchObject({ code: 'REGISTRY.PERSON_MERGED', survivorId: survivor.id });
      const twice = await merge(survivor, merged.id, res.headers['etag']);
      expect(twice.body).toMatchObject({ code: 'REGISTRY.MERGE_NOT_ALLOWED', survivorId: survivor.id });
      // its email now leads to the survivor
      const again = await r
        .http()
        .post('/v1/people')
        .set(auth)
        .send(personBody({ email: merged.email.toUpperCase() }));
      expect(again.body).toMatchObject({ code: 'REGISTRY.DUPLICATE_EMAIL', existingId: survivor.id });

      // one membership of the group, with the role held meanwhile kept as a period
      const memberships = await r.http().get(`/v1/people/${survivor.id}/memberships`).set(auth);
      expect(memberships.body.items ?? memberships.body).toHaveLength(1);
      const db = r.svc.app.get(DataSource);
      const periods = await db.query(
        `SELECT r.role, r.from_on::text AS "fromOn", r.to_on::text AS "toOn" FROM membership_roles r JOIN memberships m ON m.id = r.membership_id
          WHERE m.person_id = $1 ORDER BY r.from_on`,
        [survivor.id],
      );
      expect(periods).toEqual([
        { role: 'member', fromOn: '2020-04-01', toOn: '2022-03-31' },
        { role: 'representative', fromOn: '2022-04-01', toOn: '2023-03-31' },
        { role: 'member', fromOn: '2023-04-01', toOn: null },
      ]);
      const [acc] = await db.query(`SELECT person_id FROM accounts WHERE id = $1`, [account.body.id]);
      expect(acc.person_id).toBe(survivor.id);

      // other services asking by the merged id get the survivor, told which id they asked for
      const rpc = new RpcClient({ url: TEST_NATS_URL, service: 'registry-test', naming: new NatsNaming(r.prefix), timeoutMs: 5000 });
      await rpc.connect();
      try {
        const got = await rpc.request(GetPersonV1, { personId: merged.id });
        expectContract(GetPersonV1.Response, got);
        expect(got).toMatchObject({ id: survivor.id, mergedFrom: merged.id, aliasIds: [merged.id] });
        const many = await rpc.request(GetPeopleV1, { ids: [merged.id] });
        expect(many.people).toEqual([expect.objectContaining({ id: survivor.id, mergedFrom: merged.id })]);
      } finally {
        await rpc.close();
      }
    });

    it('answers person.get by any id of a merged-twice person with the last survivor and all its aliases, in one statement', async () => {
      const [a, b, c, alone] = [await person(), await person(), await person(), await person()];
      const etag = async (id: string) => (await r.http().get(`/v1/people/${id}`).set(auth)).headers['etag'] as string;
      expect((await merge(b, a.id, await etag(b.id))).status).toBe(200);
      expect((await merge(c, b.id, await etag(c.id))).status).toBe(200);
      // a chain left by data of an older build (aliases not yet repointed at the last survivor) is followed too
      const db = r.svc.app.get(DataSource);
      await db.query(`UPDATE people SET merged_into = $1 WHERE id = $2`, [b.id, a.id]);
      const rpc = new RpcClient({ url: TEST_NATS_URL, service: 'registry-test', naming: new NatsNaming(r.prefix), timeoutMs: 5000 });
      await rpc.connect();
      try {
        for (const asked of [a.id, b.id]) {
          const got = await rpc.request(GetPersonV1, { personId: asked });
          expectContract(GetPersonV1.Response, got);
          expect(got).toMatchObject({ id: c.id, mergedFrom: asked, aliasIds: [b.id] });
        }
        const survivor = await rpc.request(GetPersonV1, { personId: c.id });
        expect(survivor.id).toBe(c.id);
        expect(survivor).not.toHaveProperty('mergedFrom');
        const single = await rpc.request(GetPersonV1, { personId: alone.id });
        expect(single).toMatchObject({ id: alone.id, email: alone.email });
        expect(single).not.toHaveProperty('aliasIds');
        await db.query(`UPDATE people SET merged_into = $1 WHERE id = $2`, [c.id, a.id]);
        expect((await rpc.request(GetPersonV1, { personId: c.id })).aliasIds).toEqual([a.id, b.id]); // in the order they were merged
      } finally {
        await rpc.close();
      }
    });

    it('refuses to merge two people who both have an active account, and a person into themselves', async () => {
      const a = await person();
      const b = await person();
      for (const p of [a, b])
        expect(
          (
            await r
              .http()
              .post('/v1/accounts')
              .set(auth)
              .send({ personId: p.id, roles: ['viewer'] })
          ).status,
        ).toBe(201);
      const res = await merge(a, b.id, `"${a.version}"`);
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('REGISTRY.MERGE_NOT_ALLOWED');
      const self = await merge(a, a.id, `"${a.version}"`);
      expect(self.status).toBe(400);
      expect(self.body.errors).toEqual([{ field: 'mergedId', message: 'a person cannot be merged into themselves' }]);
    });

    it('refuses a membership, an account, an affiliation or a consent naming the merged person, and writes nothing', async () => {
      const db = r.svc.app.get(DataSource);
      const group = (
        await r
          .http()
          .post('/v1/organizations')
          .set(auth)
          .send(orgBody({ name: '合併後研究会', nameKana: 'ガッペイゴケンキュウカイ', kind: 'study_group' }))
      ).body.id as string;
      const survivor = await person();
      const merged = await person();
      expect((await merge(survivor, merged.id, `"${survivor.version}"`)).status).toBe(200);
      const written = async () =>
        (
          await db.query(
            `SELECT (SELECT count(*) FROM memberships WHERE person_id = ANY($1::uuid[]))::int AS memberships,
                    (SELECT count(*) FROM accounts WHERE person_id = ANY($1::uuid[]))::int AS accounts,
                    (SELECT count(*) FROM affiliations WHERE person_id = ANY($1::uuid[]))::int AS affiliations,
                    (SELECT count(*) FROM consents WHERE person_id = ANY($1::uuid[]))::int AS consents,
                    (SELECT count(*) FROM audit_log WHERE entity_type IN ('membership', 'account', 'affiliation', 'consent'))::int AS audit,
                    (SELECT count(*) FROM outbox)::int AS outbox`,
            [[survivor.id, merged.id]],
          )
        )[0] as Record<string, number>;
      const before = await written();
      const named = { field: 'personId', message: `this person was merged into ${survivor.id}; name the surviving person` };

      const joined = await r
        .http()
        .post(`/v1/study-groups/${group}/members`)
        .set(auth)
        .send({ personId: merged.id, role: 'member', joinedOn: '2024-04-01' });
      expect(joined.status).toBe(409);
      expect(joined.body).toMatchObject({ code: 'REGISTRY.PERSON_MERGED', survivorId: survivor.id, errors: [named] });

      const invited = await r
        .http()
        .post('/v1/accounts')
        .set(auth)
        .send({ personId: merged.id, roles: ['viewer'] });
      expect(invited.status).toBe(409);
      expect(invited.body).toMatchObject({ code: 'REGISTRY.PERSON_MERGED', survivorId: survivor.id, errors: [named] });

      // the routes that name the person in the path refuse the alias too
      const linked = await r.http().post(`/v1/people/${merged.id}/affiliations`).set(auth).send({ organizationId: org });
      expect(linked.status).toBe(409);
      expect(linked.body).toMatchObject({ code: 'REGISTRY.PERSON_MERGED', survivorId: survivor.id });
      const consented = await r
        .http()
        .post(`/v1/people/${merged.id}/consents`)
        .set(auth)
        .send({ purpose: 'directory_listing', source: 'staff' });
      expect(consented.status).toBe(409);
      expect(consented.body).toMatchObject({ code: 'REGISTRY.PERSON_MERGED', survivorId: survivor.id });

      expect(await written()).toEqual(before);
      // the survivor takes every one of them
      const ok = await r
        .http()
        .post(`/v1/study-groups/${group}/members`)
        .set(auth)
        .send({ personId: survivor.id, role: 'member', joinedOn: '2024-04-01' });
      expect(ok.status).toBe(201);
      expect(
        (
          await r
            .http()
            .post('/v1/accounts')
            .set(auth)
            .send({ personId: survivor.id, roles: ['viewer'] })
        ).status,
      ).toBe(201);
      expect((await r.http().post(`/v1/people/${survivor.id}/affiliations`).set(auth).send({ organizationId: org })).status).toBe(201);
      expect(
        (await r.http().post(`/v1/people/${survivor.id}/consents`).set(auth).send({ purpose: 'directory_listing', source: 'staff' }))
          .status,
      ).toBe(201);
    });
  });

  describe('organisation merge', () => {
    it('combines a person’s overlapping memberships of the two study groups instead of leaving overlaps', async () => {
      const mk = async (name: string, kana: string) =>
        (
          await r
            .http()
            .post('/v1/organizations')
            .set(auth)
            .send(orgBody({ name, nameKana: kana, kind: 'study_group' }))
        ).body as {
          id: string;
        };
      const g1 = await mk('食品研究会A', 'ショクヒンケンキュウカイエー');
      const g2 = await mk('食品研究会B', 'ショクヒンケンキュウカイビー');
      const p = await person();
      await join(g1.id, p.id, 'member', '2018-04-01');
      await join(g2.id, p.id, 'secretary', '2019-04-01', '2020-03-31');
      const res = await r.http().post(`/v1/organizations/${g1.id}/merge`).set(auth).set('if-match', '"1"').send({ mergedId: g2.id });
      expect(res.status).toBe(200);
      const db = r.svc.app.get(DataSource);
      const rows = await db.query(
        `SELECT m.joined_on::text AS "joinedOn", m.left_on::text AS "leftOn", m.role,
                (SELECT json_agg(r.role ORDER BY r.from_on) FROM membership_roles r WHERE r.membership_id = m.id) AS roles
           FROM memberships m WHERE m.person_id = $1`,
        [p.id],
      );
      expect(rows).toEqual([{ joinedOn: '2018-04-01', leftOn: null, role: 'member', roles: ['member', 'secretary', 'member'] }]);
    });
  });
});
