import { describe, expect, it } from '@jest/globals';
import { MembershipChangedV1, PersonRegisteredV1, PersonUpdatedV1 } from '@collabo/contracts';
import { readEvents } from '@collabo/service-kit/testing';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { bearer, expectContract, expectNoSecretsLogged, orgBody, personBody, startRegistryForSuite, type Registry } from './support.js';

describe('people, affiliations, study groups and the centre over HTTP', () => {
  let r: Registry;
  let auth: Record<string, string>;

  startRegistryForSuite((started, admin) => {
    [r, auth] = [started, admin];
  });

  const newPerson = async (overrides: Record<string, unknown> = {}) => {
    const res = await r.http().post('/v1/people').set(auth).send(personBody(overrides));
    expect(res.status).toBe(201);
    return res.body as { id: string; email: string; version: number };
  };
  const newOrg = async (overrides: Record<string, unknown> = {}) => {
    const res = await r.http().post('/v1/organizations').set(auth).send(orgBody(overrides));
    expect(res.status).toBe(201);
    return res.body as { id: string; name: string };
  };

  describe('reference data', () => {
    it("lists Hokkaido's 179 municipalities (35 cities, 129 towns, 15 villages) and 14 bureaus", async () => {
      const all = await r.http().get('/v1/municipalities').set(auth);
      expect(all.body.total).toBe(179);
      expect(all.body.items[0]).toEqual({
        code: '011002',
        nameJa: '札幌市',
        nameKana: 'サッポロシ',
        nameEn: 'Sapporo-shi',
        kind: 'city',
        bureauCode: 'ishikari',
      });
      const kinds = (kind: string) => all.body.items.filter((m: { kind: string }) => m.kind === kind).length;
      expect([kinds('city'), kinds('town'), kinds('village')]).toEqual([35, 129, 15]);
      const ishikari = await r.http().get('/v1/municipalities').query({ bureau: 'ishikari', kind: 'city' }).set(auth);
      expect(ishikari.body.items.map((m: { nameJa: string }) => m.nameJa)).toContain('札幌市');
      const bureaus = await r.http().get('/v1/bureaus').set(auth);
      expect(bureaus.body.total).toBe(14);
      expect(bureaus.body.items.find((b: { code: string }) => b.code === 'ishikari')).toMatchObject({
        nameJa: '石狩振興局',
        seatName: '札幌市',
      });
    });
  });

  describe('people', () => {
    it('registers a person with readings in katakana, publishes the event, and refuses the same email in any case', async () => {
      const res = await r
        .http()
        .post('/v1/people')
        .set(auth)
        .send(
          personBody({
            email: 'Hanako.Sato@Example.jp',
            familyName: '佐藤',
            givenName: '花子',
            familyNameKana: 'さとう',
            givenNameKana: 'はなこ',
            preferredLanguage: 'en',
            consentToList: true,
            expertiseFields: ['food'],
          }),
        );
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        displayName: '佐藤 花子',
        familyNameKana: 'サトウ',
        givenNameKana: 'ハナコ',
        preferredLanguage: 'en',
        consentToList: true,
        version: 1,
      });
      const { envelopes } = await readEvents<PersonRegisteredV1.Data>(r.nc, r.prefix, PersonRegisteredV1.subject, 2);
      const event = envelopes.find((e) => e.aggregateId === res.body.id)!;
      expectContract(PersonRegisteredV1.Data, event.data);
      const again = await r
        .http()
        .post('/v1/people')
        .set(auth)
        .send(personBody({ email: 'hanako.sato@EXAMPLE.JP' }));
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ code: 'REGISTRY.DUPLICATE_EMAIL', existingId: res.body.id });
    });

    it('refuses a reading written in kanji, a bad email and an unknown language', async () => {
      const res = await r
        .http()
        .post('/v1/people')
        .set(auth)
        .send(personBody({ familyNameKana: '佐藤', email: 'not-an-email', preferredLanguage: 'fr' }));
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['email', 'familyNameKana', 'preferredLanguage']);
    });

    it('updates with If-Match and publishes the changed fields; archives and restores', async () => {
      const person = await newPerson();
      const stale = await r.http().patch(`/v1/people/${person.id}`).set(auth).set('if-match', '"5"').send({ phone: '011-123-4567' });
      expect(stale.status).toBe(412);
      const ok = await r
        .http()
        .patch(`/v1/people/${person.id}`)
        .set(auth)
        .set('if-match', '"1"')
        .send({ phone: '011-123-4567', consentToList: true });
      expect([ok.status, ok.headers['etag'], ok.body.phone]).toEqual([200, '"2"', '011-123-4567']);
      const { envelopes } = await readEvents<PersonUpdatedV1.Data>(r.nc, r.prefix, PersonUpdatedV1.subject, 1);
      const event = envelopes.find((e) => e.aggregateId === person.id)!;
      expectContract(PersonUpdatedV1.Data, event.data);
      expect(event.data.changedFields.sort()).toEqual(['consentToList', 'phone']);
      const nulled = await r.http().patch(`/v1/people/${person.id}`).set(auth).set('if-match', '"2"').send({ email: null });
      expect(nulled.status).toBe(400);
      const archived = await r.http().post(`/v1/people/${person.id}/archive`).set(auth).set('if-match', '"2"');
      expect(archived.body).toMatchObject({ archived: true, version: 3 });
      const restored = await r.http().post(`/v1/people/${person.id}/restore`).set(auth).set('if-match', '"3"');
      expect(restored.body).toMatchObject({ archived: false, version: 4 });
    });

    it('finds people by part of the name, by reading in hiragana, by email, and filters', async () => {
      await newPerson({
        familyName: '北川',
        givenName: '健一',
        familyNameKana: 'キタガワ',
        givenNameKana: 'ケンイチ',
        email: 'kitagawa@example.jp',
        expertiseFields: ['energy'],
      });
      const find = async (query: Record<string, unknown>) =>
        (await r.http().get('/v1/people').query(query).set(auth)).body.items.map((p: { displayName: string }) => p.displayName) as string[];
      expect(await find({ q: '北川' })).toEqual(['北川 健一']);
      expect(await find({ q: '川健' })).toEqual(['北川 健一']);
      expect(await find({ q: 'きたがわ けんいち' })).toEqual(['北川 健一']);
      expect(await find({ q: 'KITAGAWA@example.jp' })).toEqual(['北川 健一']);
      expect(await find({ expertiseField: 'energy' })).toEqual(['北川 健一']);
      const page = await r.http().get('/v1/people').query({ limit: 1 }).set(auth);
      expect(page.body.items).toHaveLength(1);
      expect(page.body.total).toBeGreaterThan(1);
    });
  });

  describe('affiliations', () => {
    it('links a person to organisations with department, title and dates; updates, lists and removes them', async () => {
      const person = await newPerson();
      const org = await newOrg({ name: '株式会社アフィリエ', nameKana: 'アフィリエ' });
      const bad = await r
        .http()
        .post(`/v1/people/${person.id}/affiliations`)
        .set(auth)
        .send({ organizationId: org.id, from: '2005-04-01', to: '2004-03-31' });
      expect(bad.status).toBe(400);
      const unknown = await r.http().post(`/v1/people/${person.id}/affiliations`).set(auth).send({ organizationId: uuidv7() });
      expect(unknown.body.code).toBe('REGISTRY.ORGANIZATION_NOT_FOUND');
      const created = await r
        .http()
        .post(`/v1/people/${person.id}/affiliations`)
        .set(auth)
        .send({ organizationId: org.id, department: '研究開発部', title: '主任', from: '2001-04-01' });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        organizationName: '株式会社アフィリエ',
        sector: 'industry',
        department: '研究開発部',
        from: '2001-04-01',
        to: null,
      });
      const ended = await r.http().patch(`/v1/affiliations/${created.body.id}`).set(auth).set('if-match', '"1"').send({ to: '2003-03-31' });
      expect(ended.body).toMatchObject({ to: '2003-03-31', version: 2 });
      const current = await r.http().get(`/v1/people/${person.id}/affiliations`).query({ current: 'true' }).set(auth);
      expect(current.body.total).toBe(0);
      const ofOrg = await r.http().get(`/v1/organizations/${org.id}/affiliations`).set(auth);
      expect(ofOrg.body.items.map((a: { personId: string }) => a.personId)).toEqual([person.id]);
      expect((await r.http().delete(`/v1/affiliations/${created.body.id}`).set(auth).set('if-match', '"1"')).status).toBe(412);
      expect((await r.http().delete(`/v1/affiliations/${created.body.id}`).set(auth).set('if-match', '"2"')).status).toBe(204);
      expect((await r.http().get(`/v1/affiliations/${created.body.id}`).set(auth)).status).toBe(404);
    });

    it('"current" means today in Tokyo by the registry’s clock: an affiliation ending on 31 March is past at 00:30 JST on 1 April', async () => {
      const person = await newPerson();
      const org = await newOrg({ name: '株式会社トウキョウビ', nameKana: 'トウキョウビ' });
      const created = await r
        .http()
        .post(`/v1/people/${person.id}/affiliations`)
        .set(auth)
        .send({ organizationId: org.id, from: '2031-04-01', to: '2032-03-31' });
      expect(created.status).toBe(201);
      const currentIds = async () => {
        const ofPerson = await r.http().get(`/v1/people/${person.id}/affiliations`).query({ current: 'true' }).set(auth);
        const ofOrg = await r.http().get(`/v1/organizations/${org.id}/affiliations`).query({ current: 'true' }).set(auth);
        const filtered = await r.http().get('/v1/people').query({ organization: org.id }).set(auth);
        return [ofPerson.body.total, ofOrg.body.total, filtered.body.total];
      };
      try {
        // 23:30 on 31 March in Tokyo (14:30 UTC): still its last day
        r.clock.set('2032-03-31T14:30:00Z');
        expect(await currentIds()).toEqual([1, 1, 1]);
        // 00:30 on 1 April in Tokyo, still 31 March in UTC (the database's day): no longer current
        r.clock.set('2032-03-31T15:30:00Z');
        expect(await currentIds()).toEqual([0, 0, 0]);
      } finally {
        r.clock.set(Date.now());
      }
    });
  });

  describe('study groups and memberships', () => {
    it('adds members with roles, ends a membership, lists members on a day, and publishes each change', async () => {
      const group = await newOrg({
        name: '十勝食クラスター研究会',
        nameKana: 'トカチショククラスターケンキュウカイ',
        kind: 'study_group',
        sector: 'industry',
        municipalityCode: null,
        areaBureauCodes: ['tokachi'],
        foundedOn: '1998-06-01',
        focusFields: ['food'],
      });
      const rep = await newPerson({ familyName: '十勝', givenName: '一郎', familyNameKana: 'トカチ', givenNameKana: 'イチロウ' });
      const member = await newPerson();
      const joined = await r
        .http()
        .post(`/v1/study-groups/${group.id}/members`)
        .set(auth)
        .send({ personId: rep.id, role: 'representative', joinedOn: '1998-06-01' });
      expect(joined.status).toBe(201);
      const other = await r
        .http()
        .post(`/v1/study-groups/${group.id}/members`)
        .set(auth)
        .send({ personId: member.id, role: 'member', joinedOn: '1999-04-01' });
      const left = await r.http().patch(`/v1/memberships/${other.body.id}`).set(auth).set('if-match', '"1"').send({ leftOn: '2002-03-31' });
      const one = await r.http().get(`/v1/memberships/${other.body.id}`).set(auth);
      expect([one.status, one.headers['etag'], one.body.leftOn]).toEqual([200, '"2"', '2002-03-31']);
      expect(left.body).toMatchObject({ leftOn: '2002-03-31', version: 2 });
      const { envelopes } = await readEvents<MembershipChangedV1.Data>(r.nc, r.prefix, MembershipChangedV1.subject, 3);
      for (const e of envelopes) expectContract(MembershipChangedV1.Data, e.data);
      expect(envelopes.map((e) => [e.data.change, e.data.membership.personId])).toEqual([
        ['joined', rep.id],
        ['joined', member.id],
        ['left', member.id],
      ]);
      const in2000 = await r.http().get(`/v1/study-groups/${group.id}/members`).query({ activeOn: '2000-01-01' }).set(auth);
      expect(in2000.body.items.map((m: { role: string }) => m.role)).toEqual(['representative', 'member']);
      const now = await r.http().get(`/v1/study-groups/${group.id}/members`).query({ activeOn: '2010-01-01' }).set(auth);
      expect(now.body.items.map((m: { personName: string }) => m.personName)).toEqual(['十勝 一郎']);
      expect((await r.http().get(`/v1/people/${uuidv7()}/memberships`).set(auth)).body.code).toBe('REGISTRY.PERSON_NOT_FOUND');
      const mine = await r.http().get(`/v1/people/${member.id}/memberships`).set(auth);
      expect(mine.body.items[0]).toMatchObject({ studyGroupName: '十勝食クラスター研究会', leftOn: '2002-03-31' });
      const people = await r.http().get('/v1/people').query({ studyGroup: group.id }).set(auth);
      expect(people.body.items.map((p: { id: string }) => p.id)).toEqual([rep.id]);
      const groups = await r.http().get('/v1/study-groups').query({ bureau: 'tokachi' }).set(auth);
      expect(groups.body.items).toEqual([expect.objectContaining({ id: group.id, bureauCodes: ['tokachi'], currentMembers: 1 })]);
    });

    it('refuses members for what is not a study group, a bad role and a left day before the joined day', async () => {
      const company = await newOrg({ name: '株式会社ノットグループ', nameKana: 'ノットグループ' });
      const person = await newPerson();
      const notGroup = await r
        .http()
        .post(`/v1/study-groups/${company.id}/members`)
        .set(auth)
        .send({ personId: person.id, role: 'member', joinedOn: '2003-04-01' });
      expect(notGroup.body.code).toBe('REGISTRY.STUDY_GROUP_NOT_FOUND');
      const group = await newOrg({
        name: '道北研究会',
        nameKana: 'ドウホクケンキュウカイ',
        kind: 'study_group',
        areaMunicipalityCodes: ['012041'],
      });
      const bad = await r
        .http()
        .post(`/v1/study-groups/${group.id}/members`)
        .set(auth)
        .send({ personId: person.id, role: 'king', joinedOn: '2003-04-01', leftOn: '2003-03-01' });
      expect(bad.status).toBe(400);
      const order = await r
        .http()
        .post(`/v1/study-groups/${group.id}/members`)
        .set(auth)
        .send({ personId: person.id, role: 'member', joinedOn: '2003-04-01', leftOn: '2003-03-01' });
      expect(order.body.errors).toEqual([{ field: 'leftOn', message: 'leftOn cannot be before joinedOn' }]);
      const nobody = await r
        .http()
        .post(`/v1/study-groups/${group.id}/members`)
        .set(auth)
        .send({ personId: uuidv7(), role: 'member', joinedOn: '2003-04-01' });
      expect(nobody.body.code).toBe('REGISTRY.PERSON_NOT_FOUND');
    });
  });

  describe('membership roles over time', () => {
    const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> =>
      r.svc.app.get(DataSource).query(text, params);
    const newGroup = (name: string, nameKana: string) =>
      newOrg({ name, nameKana, kind: 'study_group', municipalityCode: null, areaBureauCodes: ['kushiro'], foundedOn: '1998-04-01' });
    const join = (groupId: string, body: Record<string, unknown>) =>
      r.http().post(`/v1/study-groups/${groupId}/members`).set(auth).send(body);
    const fy2004 = async () => {
      const report = await r.http().get('/v1/reports/study-groups').query({ from: 2004, to: 2004 }).set(auth);
      expect(report.status).toBe(200);
      const year = report.body.fiscalYears[0];
      return { members: year.members as number, people: year.people as number };
    };
    const membershipEvents = async (membershipId: string) =>
      (
        await sql<{ envelope: { data: MembershipChangedV1.Data } }>(
          `SELECT envelope FROM outbox WHERE subject = $1 AND envelope -> 'data' -> 'membership' ->> 'id' = $2 ORDER BY seq`,
          [MembershipChangedV1.subject, membershipId],
        )
      ).map((row) => row.envelope.data);

    it('a role change (member → representative) keeps the old role with its dates, publishes membership.changed, and the yearly report counts the person once', async () => {
      const group = await newGroup('釧路水産研究会', 'クシロスイサンケンキュウカイ');
      const person = await newPerson();
      const joined = await join(group.id, { personId: person.id, role: 'member', joinedOn: '2001-04-01' });
      expect(joined.status).toBe(201);
      expect(joined.body.roles).toEqual([{ role: 'member', fromOn: '2001-04-01', toOn: null }]);
      const before = await fy2004();

      const url = `/v1/memberships/${joined.body.id}/role-changes`;
      const change = { role: 'representative', from: '2004-10-01' };
      const changed = await r.http().post(url).set(auth).set('if-match', '"1"').send(change);
      expect([changed.status, changed.headers['etag']]).toEqual([200, '"2"']);
      expect(changed.body).toMatchObject({ id: joined.body.id, role: 'representative', joinedOn: '2001-04-01', leftOn: null, version: 2 });
      const history = [
        { role: 'member', fromOn: '2001-04-01', toOn: '2004-09-30' },
        { role: 'representative', fromOn: '2004-10-01', toOn: null },
      ];
      expect(changed.body.roles).toEqual(history);
      expect((await r.http().get(`/v1/memberships/${joined.body.id}`).set(auth)).body.roles).toEqual(history);

      // still one membership; the person counts once in FY2004 although they held two roles in it
      expect(await sql(`SELECT id FROM memberships WHERE person_id = $1`, [person.id])).toHaveLength(1);
      expect(await fy2004()).toEqual(before);
      const members2004 = await r.http().get(`/v1/study-groups/${group.id}/members`).query({ activeOn: '2004-12-01' }).set(auth);
      expect(members2004.body.items.map((m: { role: string }) => m.role)).toEqual(['representative']);

      // MembershipChangedV1 keeps its contract: `updated`, the membership with its new role
      const events = await membershipEvents(joined.body.id);
      for (const e of events) expectContract(MembershipChangedV1.Data, e);
      expect(events.map((e) => [e.change, e.membership.role])).toEqual([
        ['joined', 'member'],
        ['updated', 'representative'],
      ]);

      // a role change must start after the current role began, and be a different role
      const early = await r.http().post(url).set(auth).set('if-match', '"2"').send({ role: 'deputy', from: '2004-10-01' });
      expect([early.status, early.body.code, early.body.errors[0].field]).toEqual([400, 'COMMON.VALIDATION_FAILED', 'from']);
      const same = await r.http().post(url).set(auth).set('if-match', '"2"').send({ role: 'representative', from: '2005-04-01' });
      expect([same.status, same.body.errors[0].field]).toEqual([400, 'role']);

      // leaving ends the last role period; a left day before the last role change is refused
      const tooEarly = await r
        .http()
        .patch(`/v1/memberships/${joined.body.id}`)
        .set(auth)
        .set('if-match', '"2"')
        .send({ leftOn: '2004-03-31' });
      expect([tooEarly.status, tooEarly.body.errors[0].field]).toEqual([400, 'leftOn']);
      const left = await r
        .http()
        .patch(`/v1/memberships/${joined.body.id}`)
        .set(auth)
        .set('if-match', '"2"')
        .send({ leftOn: '2006-03-31' });
      expect(left.body.roles).toEqual([history[0], { ...history[1], toOn: '2006-03-31' }]);

      // a role change entered the old way, as a second membership written before overlaps were refused, counts once too
      await sql(
        `INSERT INTO memberships (id, study_group_id, person_id, role, joined_on) VALUES ($1, $2, $3, 'representative', '2004-10-01')`,
        [uuidv7(), group.id, person.id],
      );
      expect(await fy2004()).toEqual(before);
    });

    it('a role change without If-Match is refused 428 and with a stale one 412, and changes nothing', async () => {
      const group = await newGroup('根室酪農研究会', 'ネムロラクノウケンキュウカイ');
      const person = await newPerson();
      const joined = await join(group.id, { personId: person.id, role: 'member', joinedOn: '2001-04-01' });
      const url = `/v1/memberships/${joined.body.id}/role-changes`;
      const change = { role: 'deputy', from: '2003-04-01' };
      const missing = await r.http().post(url).set(auth).send(change);
      expect([missing.status, missing.headers['content-type']]).toEqual([428, expect.stringContaining('application/problem+json')]);
      const stale = await r.http().post(url).set(auth).set('if-match', '"7"').send(change);
      expect([stale.status, stale.body.code]).toEqual([412, 'COMMON.STALE_VERSION']);
      const after = await r.http().get(`/v1/memberships/${joined.body.id}`).set(auth);
      expect(after.body).toMatchObject({ role: 'member', version: 1, roles: [{ role: 'member', fromOn: '2001-04-01', toOn: null }] });
      expect((await membershipEvents(joined.body.id)).map((e) => e.change)).toEqual(['joined']);
    });

    it('a second membership of the same person in the same group on overlapping days is refused 409 REGISTRY.MEMBERSHIP_OVERLAP, and nothing is written', async () => {
      const group = await newGroup('釧路観光研究会', 'クシロカンコウケンキュウカイ');
      const person = await newPerson();
      const first = await join(group.id, { personId: person.id, role: 'member', joinedOn: '2001-04-01', leftOn: '2003-03-31' });
      expect(first.status).toBe(201);
      const counts = async () =>
        (
          await sql<{ memberships: number; periods: number; events: number; audit: number }>(
            `SELECT (SELECT count(*)::int FROM memberships WHERE person_id = $1) AS memberships,
                    (SELECT count(*)::int FROM membership_roles mr JOIN memberships ms ON ms.id = mr.membership_id WHERE ms.person_id = $1) AS periods,
                    (SELECT count(*)::int FROM outbox WHERE envelope -> 'data' -> 'membership' ->> 'personId' = $1::text) AS events,
                    (SELECT count(*)::int FROM audit_log WHERE entity_type = 'membership') AS audit`,
            [person.id],
          )
        )[0];
      const before = await counts();

      const overlapping = await join(group.id, { personId: person.id, role: 'representative', joinedOn: '2002-04-01' });
      expect([overlapping.status, overlapping.headers['content-type'], overlapping.body.code, overlapping.body.existingId]).toEqual([
        409,
        expect.stringContaining('application/problem+json'),
        'REGISTRY.MEMBERSHIP_OVERLAP',
        first.body.id,
      ]);
      const around = await join(group.id, { personId: person.id, role: 'member', joinedOn: '1999-04-01', leftOn: '2001-04-01' });
      expect([around.status, around.body.code]).toEqual([409, 'REGISTRY.MEMBERSHIP_OVERLAP']);
      expect(await counts()).toEqual(before);

      // after leaving, the person may join again; moving either membership onto the other's days is refused
      const again = await join(group.id, { personId: person.id, role: 'representative', joinedOn: '2004-04-01' });
      expect(again.status).toBe(201);
      const extend = await r.http().patch(`/v1/memberships/${first.body.id}`).set(auth).set('if-match', '"1"').send({ leftOn: null });
      expect([extend.status, extend.body.code]).toEqual([409, 'REGISTRY.MEMBERSHIP_OVERLAP']);
      const unchanged = await r.http().get(`/v1/memberships/${first.body.id}`).set(auth);
      expect(unchanged.body).toMatchObject({
        leftOn: '2003-03-31',
        version: 1,
        roles: [{ role: 'member', fromOn: '2001-04-01', toOn: '2003-03-31' }],
      });
      // another person, or the same person in another group, is no overlap
      const otherGroup = await newGroup('釧路林業研究会', 'クシロリンギョウケンキュウカイ');
      expect((await join(otherGroup.id, { personId: person.id, role: 'member', joinedOn: '2002-04-01' })).status).toBe(201);
    });

    it('GET /v1/people/:id shows each membership with its role history', async () => {
      const group = await newGroup('厚岸牡蠣研究会', 'アッケシカキケンキュウカイ');
      const person = await newPerson();
      const joined = await join(group.id, { personId: person.id, role: 'member', joinedOn: '2000-04-01' });
      await r
        .http()
        .post(`/v1/memberships/${joined.body.id}/role-changes`)
        .set(auth)
        .set('if-match', '"1"')
        .send({ role: 'secretary', from: '2002-04-01' });
      const third = await r
        .http()
        .post(`/v1/memberships/${joined.body.id}/role-changes`)
        .set(auth)
        .set('if-match', '"2"')
        .send({ role: 'representative', from: '2005-04-01' });
      expect(third.status).toBe(200);
      const viewer = bearer(await r.token(['viewer']));
      const res = await r.http().get(`/v1/people/${person.id}`).set(viewer);
      expect([res.status, res.headers['etag']]).toEqual([200, `"${person.version}"`]);
      expect(res.body.memberships).toEqual([
        expect.objectContaining({
          id: joined.body.id,
          studyGroupId: group.id,
          studyGroupName: '厚岸牡蠣研究会',
          role: 'representative',
          joinedOn: '2000-04-01',
          leftOn: null,
          roles: [
            { role: 'member', fromOn: '2000-04-01', toOn: '2002-03-31' },
            { role: 'secretary', fromOn: '2002-04-01', toOn: '2005-03-31' },
            { role: 'representative', fromOn: '2005-04-01', toOn: null },
          ],
        }),
      ]);
    });
  });

  describe('collaboration centre', () => {
    it('records tenancies and consortium memberships with contributions', async () => {
      const tenant = await newOrg({ name: '株式会社テナント', nameKana: 'テナント' });
      const park = await newOrg({ name: '北キャンパス町内会', nameKana: 'キタキャンパスチョウナイカイ', kind: 'npo', sector: 'academia' });
      const tenancy = await r
        .http()
        .post('/v1/tenancies')
        .set(auth)
        .send({ organizationId: tenant.id, room: '2F-201', from: '2003-04-01' });
      expect(tenancy.status).toBe(201);
      const ended = await r.http().patch(`/v1/tenancies/${tenancy.body.id}`).set(auth).set('if-match', '"1"').send({ to: '2005-03-31' });
      const oneTenancy = await r.http().get(`/v1/tenancies/${tenancy.body.id}`).set(auth);
      expect([oneTenancy.headers['etag'], oneTenancy.body.to]).toEqual(['"2"', '2005-03-31']);
      expect(ended.body).toMatchObject({ to: '2005-03-31', version: 2 });
      const active = await r.http().get('/v1/tenancies').query({ activeOn: '2004-01-01' }).set(auth);
      expect(active.body.items.map((t: { organizationName: string }) => t.organizationName)).toContain('株式会社テナント');
      expect((await r.http().get('/v1/tenancies').query({ activeOn: '2006-01-01', organizationId: tenant.id }).set(auth)).body.total).toBe(
        0,
      );

      const body = {
        consortiumId: park.id,
        organizationId: tenant.id,
        fiscalYear: 2003,
        contributedPeople: 2,
        contributedYen: 500_000,
        contributedFacilities: '実験室',
      };
      const member = await r.http().post('/v1/consortium-memberships').set(auth).send(body);
      expect(member.status).toBe(201);
      expect(member.body).toMatchObject({ consortiumName: '北キャンパス町内会', contributedYen: 500_000, fiscalYear: 2003 });
      const twice = await r.http().post('/v1/consortium-memberships').set(auth).send(body);
      expect(twice.status).toBe(409);
      const changed = await r
        .http()
        .patch(`/v1/consortium-memberships/${member.body.id}`)
        .set(auth)
        .set('if-match', '"1"')
        .send({ contributedYen: 600_000 });
      expect(changed.body.contributedYen).toBe(600_000);
      const oneMember = await r.http().get(`/v1/consortium-memberships/${member.body.id}`).set(auth);
      expect([oneMember.headers['etag'], oneMember.body.contributedYen]).toEqual(['"2"', 600_000]);
      const list = await r.http().get('/v1/consortium-memberships').query({ consortiumId: park.id, fiscalYear: 2003 }).set(auth);
      expect(list.body.total).toBe(1);
    });
  });

  it('refuses a name that no longer fits its field once normalised (NFKC lengthens ㍿ and ヿ, empties a lone ideographic space), writing nothing', async () => {
    const countOf = async (table: string) =>
      Number((await r.svc.app.get(DataSource).query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);
    const [people, organizations] = [await countOf('people'), await countOf('organizations')];
    const fieldsOf = (res: { status: number; body: { errors?: { field: string; message: string }[] } }) => {
      expect(res.status).toBe(400);
      return (res.body.errors ?? []).map((e) => e.field).sort();
    };
    // 60 characters as typed (the API's maximum is 100), 120 once stored: ヿ is コト
    const longReading = await r
      .http()
      .post('/v1/people')
      .set(auth)
      .send(personBody({ familyNameKana: 'ヿ'.repeat(60), givenNameKana: 'ゟ'.repeat(60) }));
    expect(fieldsOf(longReading)).toEqual(['familyNameKana', 'givenNameKana']);
    const blank = await r
      .http()
      .post('/v1/people')
      .set(auth)
      .send(personBody({ givenName: '\u3000' }));
    expect(fieldsOf(blank)).toEqual(['givenName']);
    // an existing person: the same refusal on a change, the record unchanged
    const person = await newPerson();
    const patched = await r
      .http()
      .patch(`/v1/people/${person.id}`)
      .set(auth)
      .set('if-match', `"${person.version}"`)
      .send({ familyName: '㍿'.repeat(30) });
    expect(fieldsOf(patched)).toEqual(['familyName']);
    expect((await r.http().get(`/v1/people/${person.id}`).set(auth)).body.version).toBe(person.version);
    // 100 × ㍿ is 400 characters once stored: 株式会社
    const org = await r
      .http()
      .post('/v1/organizations')
      .set(auth)
      .send(orgBody({ name: '㍿'.repeat(100) }));
    expect(fieldsOf(org)).toEqual(['name']);
    expect([await countOf('people'), await countOf('organizations')]).toEqual([people + 1, organizations]);
  });

  it('keeps passwords, tokens and personal data out of its logs', async () => {
    await expectNoSecretsLogged(r);
  });
});
