import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GetPeopleV1, OrganizationMergedV1, ProposalSubmittedV1, ProposalSummaryV1 } from '@collabo/contracts';
import { NatsNaming, RpcClient, type AppError } from '@collabo/service-kit';
import { TEST_NATS_URL, readEvents } from '@collabo/service-kit/testing';
import { jetstream } from '@nats-io/jetstream';
import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import { api, bringIn, startHarness, type Harness } from './support/harness.js';
import { tokyoToday } from './support/dates.js';

describe('proposals', () => {
  let h: Harness;
  const count = async () => (await h.dataSource.query('SELECT count(*)::int AS n FROM proposals'))[0].n as number;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.close());

  describe('bringing in a proposal', () => {
    it('checks the proposer in the registry, takes its defaults, numbers it in its fiscal year, and publishes the submitted event', async () => {
      const proposer = h.registry.organization('company', {
        focusFields: ['food', 'bio'],
        municipalityCode: '012025',
        bureauCode: 'oshima',
      });
      const contact = h.registry.person().id;
      const res = await api(h, h.tokens.coordinator)
        .post('/v1/proposals', {
          title: { ja: '昆布仮根を用いた食品素材' },
          summary: { ja: '昆布の仮根から食品素材を試作する。', en: 'Prototype a food material from kelp holdfasts.' },
          proposingOrganizationId: proposer.id,
          contactPersonId: contact,
          coordinatorId: h.ids.coordinator,
          broughtInOn: '2001-06-15',
          supportRequested: '試作費と販路開拓の助言',
        })
        .set('x-correlation-id', 'corr-bring-in-1');
      expect(res.status).toBe(201);
      expect(res.headers['etag']).toBe('"1"');
      expect(res.headers['location']).toBe(`/v1/proposals/${res.body.id}`);
      expect(res.body).toMatchObject({
        referenceNumber: 'P2001-0001',
        programme: { code: 'support-track', name: { ja: '事業化支援' } },
        proposingOrganization: { id: proposer.id, kind: 'company', name: proposer.name },
        studyGroupId: null,
        focusFields: ['food', 'bio'],
        municipalityCodes: ['012025'],
        bureauCodes: ['oshima'],
        broughtInOn: '2001-06-15',
        fiscalYear: 2001,
        stage: { code: 'received', kind: 'intake' },
        rubric: null,
        version: 1,
      });
      expect(res.body.allowedNextStages.map((s: { code: string }) => s.code)).toEqual([
        'pre_screening',
        'returned',
        'on_hold',
        'withdrawn',
      ]);

      const history = await api(h, h.tokens.viewer).get(`/v1/proposals/${res.body.id}/transitions`);
      expect(history.body.items).toEqual([
        expect.objectContaining({
          seq: 1,
          from: null,
          to: expect.objectContaining({ code: 'received' }),
          effectiveAt: '2001-06-15T00:00:00.000+09:00',
        }),
      ]);

      const { envelopes } = await readEvents<ProposalSubmittedV1.Data>(h.nc, h.prefix, ProposalSubmittedV1.subject, 1);
      expect(envelopes[0]).toMatchObject({
        type: 'proposals.evt.proposal.submitted',
        source: 'proposals',
        aggregateId: res.body.id,
        correlationId: 'corr-bring-in-1',
        data: {
          proposal: {
            proposalId: res.body.id,
            referenceNumber: 'P2001-0001',
            title: { ja: '昆布仮根を用いた食品素材' },
            programmeCode: 'support-track',
            proposingOrganizationId: proposer.id,
            contactPersonId: contact,
            coordinatorId: h.ids.coordinator,
            focusFields: ['food', 'bio'],
          },
          stage: { code: 'received', label: { ja: '受付', en: 'Received' } },
          broughtInOn: '2001-06-15',
          historical: false,
        },
      });
    });

    it('numbers proposals per fiscal year (1 April to 31 March)', async () => {
      const refs = [];
      for (const broughtInOn of ['1999-04-01', '2000-03-31', '2000-04-01'])
        refs.push((await bringIn(h, { body: { broughtInOn } })).referenceNumber);
      expect(refs).toEqual(['P1999-0001', 'P1999-0002', 'P2000-0001']);
    });

    it('takes a study group as proposer (and as its study group), or a company with the study group it comes from', async () => {
      const group = h.registry.organization('study_group');
      const own = await bringIn(h, { proposer: group });
      expect(own.studyGroupId).toBe(group.id);
      const company = h.registry.organization('company');
      const fromGroup = await bringIn(h, { proposer: company, body: { studyGroupId: group.id } });
      expect(fromGroup.studyGroupId).toBe(group.id);
      const res = await api(h, h.tokens.coordinator).post('/v1/proposals', {
        title: { ja: 'x' },
        summary: { ja: 'y' },
        proposingOrganizationId: company.id,
        contactPersonId: uuidv7(),
        studyGroupId: h.registry.organization('company').id,
      });
      expect([res.status, res.body.code, res.body.errors[0].field]).toEqual([422, 'PROPOSALS.ORGANIZATION_NOT_ELIGIBLE', 'studyGroupId']);
    });

    it('refuses an unknown, archived or ineligible proposer with 422 naming the field, writing nothing', async () => {
      const before = await count();
      const cases: [string, string][] = [
        [uuidv7(), 'PROPOSALS.ORGANIZATION_NOT_FOUND'],
        [h.registry.organization('company', { archived: true }).id, 'PROPOSALS.ORGANIZATION_NOT_ELIGIBLE'],
        [h.registry.organization('university').id, 'PROPOSALS.ORGANIZATION_NOT_ELIGIBLE'],
      ];
      for (const [proposingOrganizationId, code] of cases) {
        const res = await api(h, h.tokens.coordinator).post('/v1/proposals', {
          title: { ja: 'x' },
          summary: { ja: 'y' },
          proposingOrganizationId,
          contactPersonId: uuidv7(),
        });
        expect([res.status, res.body.code, res.body.errors.map((e: { field: string }) => e.field)]).toEqual([
          422,
          code,
          ['proposingOrganizationId'],
        ]);
      }
      expect(await count()).toBe(before);
    });

    it('stores the survivor of a merged proposer and of merged participants, without the proposer among them', async () => {
      const survivor = h.registry.organization('company');
      const mergedId = uuidv7();
      h.registry.merge(mergedId, survivor.id);
      const partner = h.registry.organization('university');
      const mergedPartner = uuidv7();
      h.registry.merge(mergedPartner, partner.id);
      const p = await bringIn(h, {
        body: { proposingOrganizationId: mergedId, participatingOrganizationIds: [partner.id, mergedPartner, mergedId] },
        proposer: survivor,
      });
      expect(p.proposingOrganization).toMatchObject({ id: survivor.id });
      expect(p.participatingOrganizationIds).toEqual([partner.id]);
    });

    it('refuses participants the registry does not know, naming each', async () => {
      const known = h.registry.organization('university');
      const unknown = uuidv7();
      const res = await api(h, h.tokens.coordinator).post('/v1/proposals', {
        title: { ja: 'x' },
        summary: { ja: 'y' },
        proposingOrganizationId: h.registry.organization('company').id,
        contactPersonId: uuidv7(),
        participatingOrganizationIds: [known.id, unknown],
      });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual([{ field: 'participatingOrganizationIds.1', message: `unknown organisation ${unknown}` }]);
    });

    it('answers 503 when the registry does not answer, writing nothing', async () => {
      const before = await count();
      await h.registry.stop();
      try {
        const res = await api(h, h.tokens.coordinator).post('/v1/proposals', {
          title: { ja: 'x' },
          summary: { ja: 'y' },
          proposingOrganizationId: h.registry.organization('company').id,
          contactPersonId: uuidv7(),
        });
        expect(res.status).toBe(503);
        expect(['COMMON.RPC_TIMEOUT', 'COMMON.RPC_UNAVAILABLE']).toContain(res.body.code);
      } finally {
        await h.registry.restart();
        await h.nc.flush(); // the server knows the subscriptions before the next request
      }
      expect(await count()).toBe(before);
    });

    it('answers bad input with 400 and one error per field', async () => {
      const before = await count();
      const res = await api(h, h.tokens.coordinator).post('/v1/proposals', {
        title: { ja: '   ' },
        summary: { en: 'no Japanese' },
        proposingOrganizationId: 'not-a-uuid',
        contactPersonId: uuidv7(),
        focusFields: ['fishing'],
        municipalityCodes: ['011002', '011003'],
        bureauCodes: ['tokyo'],
        broughtInOn: '2003-02-30',
        participatingOrganizationIds: 'all of them',
        historical: 'yes',
        colour: 'blue',
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('COMMON.VALIDATION_FAILED');
      const fields = [...new Set(res.body.errors.map((e: { field: string }) => e.field))].sort();
      expect(fields).toEqual([
        'broughtInOn',
        'bureauCodes',
        'colour',
        'focusFields',
        'historical',
        'municipalityCodes',
        'participatingOrganizationIds',
        'proposingOrganizationId',
        'summary.ja',
        'title.ja',
      ]);
      expect(await count()).toBe(before);
    });

    it('answers odd bodies with 4xx, never 500', async () => {
      const post = () => request(h.svc.http).post('/v1/proposals').set('authorization', `Bearer ${h.tokens.coordinator}`);
      expect((await post().set('content-type', 'application/json').send('{"title":')).status).toBe(400);
      expect((await post().send([1, 2])).status).toBe(400);
      const bare = await post().send({ proposingOrganizationId: h.registry.organization('company').id, contactPersonId: uuidv7() });
      expect([bare.status, [...new Set(bare.body.errors.map((e: { field: string }) => e.field))].sort()]).toEqual([
        400,
        ['summary', 'title'],
      ]);
      expect((await post().send({ title: 'a string', summary: null })).status).toBe(400);
      expect((await post().send({ title: { ja: 'x'.repeat(201) }, summary: { ja: 'y' } })).status).toBe(400);
      const future = await post().send({
        title: { ja: 'x' },
        summary: { ja: 'y' },
        proposingOrganizationId: h.registry.organization('company').id,
        contactPersonId: uuidv7(),
        broughtInOn: '2999-01-01',
      });
      expect([future.status, future.body.errors[0].field]).toEqual([400, 'broughtInOn']);
      const programme = await post().send({
        title: { ja: 'x' },
        summary: { ja: 'y' },
        proposingOrganizationId: h.registry.organization('company').id,
        contactPersonId: uuidv7(),
        programmeCode: 'no-such-programme',
      });
      expect([programme.status, programme.body.code, programme.body.errors[0].field]).toEqual([
        422,
        'PROPOSALS.PROGRAMME_NOT_FOUND',
        'programmeCode',
      ]);
    });

    it('lets only admins and coordinators bring in; both may record history, dated before today', async () => {
      const body = {
        title: { ja: 'x' },
        summary: { ja: 'y' },
        proposingOrganizationId: h.registry.organization('company').id,
        contactPersonId: h.registry.person().id,
      };
      expect((await request(h.svc.http).post('/v1/proposals').send(body)).status).toBe(401);
      expect((await api(h, h.tokens.viewer).post('/v1/proposals', body)).status).toBe(403);
      expect((await api(h, await h.token(['advisor'])).post('/v1/proposals', body)).status).toBe(403);
      // "Admin and coordinator: everything" (issue 3): a coordinator brings over history as an admin does.
      const coordinator = await api(h, h.tokens.coordinator).post('/v1/proposals', {
        ...body,
        historical: true,
        broughtInOn: '1997-05-01',
      });
      expect([coordinator.status, coordinator.body.historical]).toEqual([201, true]);
      const admin = await api(h, h.tokens.admin).post('/v1/proposals', { ...body, historical: true, broughtInOn: '1997-05-02' });
      expect([admin.status, admin.body.historical]).toEqual([201, true]);
      // History is the past: without a date, or dated today, it is refused.
      const before = await count();
      for (const extra of [{}, { broughtInOn: tokyoToday(h.clock.now()) }]) {
        const today = await api(h, h.tokens.coordinator).post('/v1/proposals', { ...body, historical: true, ...extra });
        expect([today.status, today.body.errors?.[0]?.field]).toEqual([400, 'broughtInOn']);
      }
      expect(await count()).toBe(before);
      // One submitted event per proposal so far; the historical ones say they are history, not news.
      const { envelopes } = await readEvents<ProposalSubmittedV1.Data>(h.nc, h.prefix, ProposalSubmittedV1.subject, await count());
      expect(envelopes.find((e) => e.aggregateId === coordinator.body.id)?.data.historical).toBe(true);
      expect(envelopes.find((e) => e.aggregateId === admin.body.id)?.data.historical).toBe(true);
    });

    it('checks the contact person and the coordinator in the registry: 422 naming each unknown one, writing nothing', async () => {
      const before = await count();
      const body = {
        title: { ja: 'x' },
        summary: { ja: 'y' },
        proposingOrganizationId: h.registry.organization('company').id,
      };
      const both = await api(h, h.tokens.coordinator).post('/v1/proposals', {
        ...body,
        contactPersonId: uuidv7(),
        coordinatorId: uuidv7(),
      });
      expect([both.status, both.body.code, both.body.errors.map((e: { field: string }) => e.field)]).toEqual([
        422,
        'PROPOSALS.PERSON_NOT_FOUND',
        ['contactPersonId', 'coordinatorId'],
      ]);
      const coordinatorOnly = await api(h, h.tokens.coordinator).post('/v1/proposals', {
        ...body,
        contactPersonId: h.registry.person().id,
        coordinatorId: uuidv7(),
      });
      expect([coordinatorOnly.status, coordinatorOnly.body.errors]).toEqual([422, [{ field: 'coordinatorId', message: 'unknown person' }]]);
      expect(await count()).toBe(before);

      // The same on a change of details; the proposal keeps its version.
      const p = await bringIn(h);
      const path = `/v1/proposals/${p.id}`;
      const unknownContact = await api(h, h.tokens.coordinator).patch(path, { contactPersonId: uuidv7() }).set('if-match', '"1"');
      expect([unknownContact.status, unknownContact.body.errors[0].field]).toEqual([422, 'contactPersonId']);
      const unknownCoordinator = await api(h, h.tokens.coordinator).patch(path, { coordinatorId: uuidv7() }).set('if-match', '"1"');
      expect([unknownCoordinator.status, unknownCoordinator.body.errors[0].field]).toEqual([422, 'coordinatorId']);
      // A proposal that does not exist is not found, whoever is named.
      const nowhere = await api(h, h.tokens.coordinator)
        .patch(`/v1/proposals/${uuidv7()}`, { contactPersonId: uuidv7() })
        .set('if-match', '"1"');
      expect(nowhere.status).toBe(404);
      const known = h.registry.person();
      const ok = await api(h, h.tokens.coordinator)
        .patch(path, { contactPersonId: known.id, coordinatorId: h.ids.coordinator })
        .set('if-match', '"1"');
      expect([ok.status, ok.body.contactPersonId, ok.body.coordinatorId, ok.body.version]).toEqual([200, known.id, h.ids.coordinator, 2]);
    });

    it('answers 503 when the registry does not answer the people check, writing nothing', async () => {
      const p = await bringIn(h);
      const proposer = h.registry.organization('company');
      const before = await count();
      // Only the people query goes unanswered: the organisation checks pass, then the people check times out.
      await h.registry.restart({ without: [GetPeopleV1.subject] });
      await h.nc.flush();
      try {
        const created = await api(h, h.tokens.coordinator).post('/v1/proposals', {
          title: { ja: 'x' },
          summary: { ja: 'y' },
          proposingOrganizationId: proposer.id,
          contactPersonId: uuidv7(),
        });
        expect([created.status, ['COMMON.RPC_TIMEOUT', 'COMMON.RPC_UNAVAILABLE'].includes(created.body.code)]).toEqual([503, true]);
        const changed = await api(h, h.tokens.coordinator)
          .patch(`/v1/proposals/${p.id}`, { contactPersonId: uuidv7() })
          .set('if-match', '"1"');
        expect(changed.status).toBe(503);
      } finally {
        await h.registry.restart();
        await h.nc.flush();
      }
      expect(await count()).toBe(before);
      expect((await api(h, h.tokens.viewer).get(`/v1/proposals/${p.id}`)).body.version).toBe(1);
    });
  });

  describe('searching', () => {
    const fy = 1995;
    let group: string;
    let partner: string;
    let made: { id: string; referenceNumber: string }[];

    beforeAll(async () => {
      const sg = h.registry.organization('study_group');
      group = sg.id;
      partner = h.registry.organization('university').id;
      const company = h.registry.organization('company', { name: '北海昆布株式会社' });
      made = [
        await bringIn(h, { proposer: company, body: { broughtInOn: '1995-05-01', focusFields: ['food'], bureauCodes: ['oshima'] } }),
        await bringIn(h, {
          proposer: sg,
          body: { broughtInOn: '1995-06-01', focusFields: ['tourism'], bureauCodes: ['tokachi'], title: { ja: '十勝の農村観光' } },
        }),
        await bringIn(h, {
          body: {
            broughtInOn: '1996-03-31',
            focusFields: ['housing', 'food'],
            coordinatorId: h.ids.coordinator,
            participatingOrganizationIds: [partner],
          },
        }),
        await bringIn(h, { body: { broughtInOn: '1996-04-01', focusFields: ['food'] } }),
      ] as never;
      await api(h, h.tokens.coordinator)
        .post(`/v1/proposals/${made[0]!.id}/transitions`, { to: 'pre_screening', reason: '書類確認済み' })
        .set('if-match', '"1"');
    });

    const search = async (query: string) => {
      const res = await api(h, h.tokens.viewer).get(`/v1/proposals?fiscalYear=${fy}&${query}`);
      expect(res.status).toBe(200);
      return res.body as { items: { id: string }[]; total: number; limit: number; offset: number };
    };
    const idsOf = (body: { items: { id: string }[] }) => body.items.map((i) => i.id).sort();

    it('filters by fiscal year (brought in), newest first, with a total', async () => {
      const all = await search('');
      expect(all.total).toBe(3);
      expect(all.items.map((i) => i.id)).toEqual([made[2]!.id, made[1]!.id, made[0]!.id]);
    });

    it('filters by stage, focus field, bureau, study group, coordinator, organisation and programme', async () => {
      expect(idsOf(await search('stage=pre_screening'))).toEqual([made[0]!.id]);
      expect(idsOf(await search('stage=pre_screening,received'))).toHaveLength(3);
      expect(idsOf(await search('focusField=food'))).toEqual([made[0]!.id, made[2]!.id].sort());
      expect(idsOf(await search('bureau=tokachi'))).toEqual([made[1]!.id]);
      expect(idsOf(await search(`studyGroupId=${group}`))).toEqual([made[1]!.id]);
      expect(idsOf(await search(`coordinatorId=${h.ids.coordinator}`))).toEqual([made[2]!.id]);
      expect(idsOf(await search(`organizationId=${partner}`))).toEqual([made[2]!.id]);
      expect((await search('programme=support-track')).total).toBe(3);
      expect((await search('programme=no-such-programme')).total).toBe(0);
    });

    it('finds text in the reference, title and proposer’s name, treating % and _ literally', async () => {
      expect(idsOf(await search(`q=${encodeURIComponent('農村観光')}`))).toEqual([made[1]!.id]);
      expect(idsOf(await search(`q=${encodeURIComponent('北海昆布')}`))).toEqual([made[0]!.id]);
      expect(idsOf(await search(`q=${made[2]!.referenceNumber}`))).toEqual([made[2]!.id]);
      expect((await search('q=%25')).total).toBe(0);
      expect((await search(`q=${encodeURIComponent('昆_')}`)).total).toBe(0);
      expect((await search(`q=${encodeURIComponent('昆')}`)).total).toBe(3); // the summaries all mention 昆布
    });

    it('pages with limit and offset', async () => {
      const first = await search('limit=2');
      const second = await search('limit=2&offset=2');
      expect([first.items.length, first.total, first.limit, second.items.length, second.offset]).toEqual([2, 3, 2, 1, 2]);
    });

    it('refuses bad filters with 400 naming the field', async () => {
      for (const [query, field] of [
        ['limit=0', 'limit'],
        ['limit=101', 'limit'],
        ['offset=-1', 'offset'],
        ['fiscalYear=abc', 'fiscalYear'],
        ['stage=Not%20A%20Stage', 'stage'],
        ['focusField=fishing', 'focusField'],
        ['bureau=tokyo', 'bureau'],
        ['studyGroupId=42', 'studyGroupId'],
        ['q=' + 'x'.repeat(201), 'q'],
        ['sort=title', 'sort'],
      ]) {
        const res = await api(h, h.tokens.viewer).get(`/v1/proposals?${query}`);
        expect([query, res.status, res.body.errors?.[0]?.field]).toEqual([query, 400, field]);
      }
    });
  });

  describe('reading and changing one', () => {
    it('answers 404 for an unknown proposal and 400 for a malformed id', async () => {
      const missing = await api(h, h.tokens.viewer).get(`/v1/proposals/${uuidv7()}`);
      expect([missing.status, missing.body.code]).toEqual([404, 'PROPOSALS.PROPOSAL_NOT_FOUND']);
      const malformed = await api(h, h.tokens.viewer).get('/v1/proposals/not-a-uuid');
      expect(malformed.status).toBe(400);
      expect(malformed.body).toMatchObject({
        status: 400,
        code: 'COMMON.VALIDATION_FAILED',
        errors: [{ field: 'id', message: 'must be a UUID' }],
      });
      expect((await api(h, h.tokens.viewer).get(`/v1/proposals/${uuidv7()}/transitions`)).status).toBe(404);
    });

    it('changes details only with the current ETag (428 without, 412 when stale)', async () => {
      const p = await bringIn(h);
      const path = `/v1/proposals/${p.id}`;
      const missing = await api(h, h.tokens.coordinator).patch(path, { supportRequested: '助言' });
      expect([missing.status, missing.body.code]).toEqual([428, 'COMMON.PRECONDITION_REQUIRED']);
      const stale = await api(h, h.tokens.coordinator).patch(path, { supportRequested: '助言' }).set('if-match', '"9"');
      expect([stale.status, stale.body.currentEtag]).toEqual([412, '"1"']);
      const ok = await api(h, h.tokens.coordinator)
        .patch(path, {
          supportRequested: '助言',
          focusFields: ['energy'],
          coordinatorId: h.ids.coordinator,
          title: { ja: '新しい題', en: 'New title' },
        })
        .set('if-match', '"1"');
      expect(ok.status).toBe(200);
      expect(ok.headers['etag']).toBe('"2"');
      expect(ok.body).toMatchObject({
        version: 2,
        supportRequested: '助言',
        focusFields: ['energy'],
        coordinatorId: h.ids.coordinator,
        title: { ja: '新しい題' },
      });
      const cleared = await api(h, h.tokens.coordinator).patch(path, { coordinatorId: null }).set('if-match', '"2"');
      expect([cleared.status, cleared.body.coordinatorId]).toEqual([200, null]);
      const got = await api(h, h.tokens.viewer).get(path);
      expect([got.headers['etag'], got.body.title.en]).toEqual(['"3"', 'New title']);
    });

    it('refuses an empty change, unknown fields, unknown participants and readers', async () => {
      const p = await bringIn(h);
      const path = `/v1/proposals/${p.id}`;
      expect((await api(h, h.tokens.coordinator).patch(path, {}).set('if-match', '"1"')).status).toBe(400);
      expect((await api(h, h.tokens.coordinator).patch(path, { stage: 'accepted' }).set('if-match', '"1"')).status).toBe(400);
      const unknown = await api(h, h.tokens.coordinator)
        .patch(path, { participatingOrganizationIds: [uuidv7()] })
        .set('if-match', '"1"');
      expect([unknown.status, unknown.body.code]).toEqual([422, 'PROPOSALS.ORGANIZATION_NOT_FOUND']);
      expect((await api(h, h.tokens.viewer).patch(path, { supportRequested: 'x' }).set('if-match', '"1"')).status).toBe(403);
      expect((await api(h, h.tokens.viewer).get(path)).body.version).toBe(1);
    });
  });

  describe('advisors', () => {
    it('see a proposal only while it is assigned to them: 404 otherwise, exactly like a missing one', async () => {
      const advisor = h.registry.advisor();
      const token = await h.token(['advisor'], advisor.id);
      const p = await bringIn(h);
      const other = await bringIn(h);
      const hidden = await api(h, token).get(`/v1/proposals/${p.id}`);
      const missing = await api(h, token).get(`/v1/proposals/${uuidv7()}`);
      expect([hidden.status, hidden.body.code, hidden.body.title]).toEqual([404, missing.body.code, missing.body.title]);
      expect((await api(h, token).get(`/v1/proposals/${p.id}/transitions`)).status).toBe(404);
      expect((await api(h, token).get('/v1/proposals')).body.total).toBe(0);

      const assigned = await api(h, h.tokens.coordinator).post(`/v1/proposals/${p.id}/assignments`, { advisorId: advisor.id });
      expect(assigned.status).toBe(201);
      expect((await api(h, token).get(`/v1/proposals/${p.id}`)).status).toBe(200);
      expect((await api(h, token).get(`/v1/proposals/${p.id}/transitions`)).status).toBe(200);
      const list = await api(h, token).get('/v1/proposals');
      expect([list.body.total, list.body.items[0].id]).toEqual([1, p.id]);
      expect((await api(h, token).get(`/v1/proposals/${other.id}`)).status).toBe(404);

      const declined = await api(h, token).post(`/v1/proposals/${p.id}/assignments/${assigned.body.id}/decline`, { reason: '多忙のため' });
      expect(declined.status).toBe(200);
      expect((await api(h, token).get(`/v1/proposals/${p.id}`)).status).toBe(404);
    });
  });

  describe('the ProposalSummaryV1 RPC', () => {
    let client: RpcClient;
    beforeAll(async () => {
      client = new RpcClient({ url: TEST_NATS_URL, service: 'events-test', naming: new NatsNaming(h.prefix), timeoutMs: 3000 });
      await client.connect();
    });
    afterAll(async () => client?.close());

    it('answers a proposal’s summary', async () => {
      const event = uuidv7();
      const p = await bringIn(h, { body: { originEventId: event, broughtInOn: '2002-07-01' } });
      const answer = await client.request(ProposalSummaryV1, { proposalId: p.id });
      expect(answer).toEqual({
        proposal: expect.objectContaining({ proposalId: p.id, referenceNumber: p.referenceNumber, programmeCode: 'support-track' }),
        stage: { code: 'received', label: { ja: '受付', en: 'Received' }, kind: 'intake' },
        broughtInOn: '2002-07-01',
        originEventId: event,
      });
    });

    it('answers PROPOSALS.PROPOSAL_NOT_FOUND for an unknown id and a validation error for a malformed one', async () => {
      const missing = (await client.request(ProposalSummaryV1, { proposalId: uuidv7() }).catch((e) => e)) as AppError;
      expect([missing.code, missing.status]).toEqual(['PROPOSALS.PROPOSAL_NOT_FOUND', 404]);
      const bad = (await client.request(ProposalSummaryV1, { proposalId: 'nope' }).catch((e) => e)) as AppError;
      expect([bad.code, bad.status, bad.errors.map((e) => e.field)]).toEqual(['COMMON.VALIDATION_FAILED', 400, ['proposalId']]);
    });
  });

  describe('the registry’s organisation-merged event', () => {
    const publish = async (data: OrganizationMergedV1.Data, id = uuidv7(), msgID = id) => {
      const envelope = {
        id,
        type: 'registry.evt.organization.merged',
        version: 1,
        occurredAt: new Date().toISOString(),
        source: 'registry',
        aggregateId: data.survivorId,
        correlationId: 'corr-merge',
        causationId: null,
        data,
      };
      await jetstream(h.nc).publish(`${h.prefix}.${OrganizationMergedV1.subject}`, JSON.stringify(envelope), { msgID });
      return id;
    };

    it('moves proposer, study group and participant references to the survivor, once', async () => {
      const survivor = h.registry.organization('company');
      const doomed = h.registry.organization('company');
      const group = h.registry.organization('study_group');
      const groupSurvivor = h.registry.organization('study_group');
      const partner = h.registry.organization('university');
      const asProposer = await bringIn(h, { proposer: doomed, body: { participatingOrganizationIds: [survivor.id, partner.id] } });
      const asParticipant = await bringIn(h, { body: { participatingOrganizationIds: [doomed.id, survivor.id, partner.id] } });
      const asGroup = await bringIn(h, { proposer: group });
      const untouched = await bringIn(h, { body: { participatingOrganizationIds: [partner.id] } });

      const first = await publish({ survivorId: survivor.id, mergedId: doomed.id, movedAffiliations: 3, movedMemberships: 0 });
      await h.svc.waitForProcessed((n) => n.messageId === first && n.outcome === 'applied');
      const second = await publish({ survivorId: groupSurvivor.id, mergedId: group.id, movedAffiliations: 0, movedMemberships: 12 });
      await h.svc.waitForProcessed((n) => n.messageId === second && n.outcome === 'applied');

      const get = async (id: string) => (await api(h, h.tokens.viewer).get(`/v1/proposals/${id}`)).body;
      expect(await get(asProposer.id)).toMatchObject({
        proposingOrganization: { id: survivor.id },
        participatingOrganizationIds: [partner.id],
        version: 2,
      });
      const participant = await get(asParticipant.id);
      expect([...participant.participatingOrganizationIds].sort()).toEqual([survivor.id, partner.id].sort());
      expect(await get(asGroup.id)).toMatchObject({ proposingOrganization: { id: groupSurvivor.id }, studyGroupId: groupSurvivor.id });
      expect((await get(untouched.id)).version).toBe(1);
      const search = await api(h, h.tokens.viewer).get(`/v1/proposals?organizationId=${doomed.id}`);
      expect(search.body.total).toBe(0);

      // The same event again (a redelivery under another message id): recognised by the inbox, no effect.
      await publish({ survivorId: survivor.id, mergedId: doomed.id, movedAffiliations: 3, movedMemberships: 0 }, first, uuidv7());
      await h.svc.waitForProcessed((n) => n.messageId === first && n.outcome === 'duplicate');
      expect((await get(asProposer.id)).version).toBe(2);
    });
  });

  it('answers odd input on every write route with 4xx, never 500', async () => {
    const p = await bringIn(h);
    const id = p.id;
    const other = uuidv7();
    const routes: [string, string][] = [
      ['post', '/v1/proposals'],
      ['patch', `/v1/proposals/${id}`],
      ['post', `/v1/proposals/${id}/transitions`],
      ['post', `/v1/proposals/${id}/assignments`],
      ['post', `/v1/proposals/${id}/assignments/${other}/decline`],
      ['post', `/v1/proposals/${id}/assignments/${other}/declare-conflict`],
      ['post', `/v1/proposals/${id}/reviews`],
      ['put', `/v1/proposals/${id}/team`],
      ['post', `/v1/proposals/${id}/outcomes`],
      ['post', '/v1/programmes'],
      ['post', '/v1/programmes/support-track/rubrics'],
    ];
    const bodies: object[] = [
      [],
      {},
      { title: { ja: 'nul\u0000byte' }, summary: { ja: 'x' }, reason: 'nul\u0000', to: 'screening' },
      { title: null, summary: null, scores: null, members: null, criteria: null, stages: null },
      { to: 'a'.repeat(500), reason: 'x'.repeat(3000), effectiveAt: '0001-01-01T00:00:00Z' },
      { scores: [{}], members: [{}], criteria: [{}], stages: [{}], transitions: [{}] },
      { advisorId: '00000000-0000-0000-0000-000000000000', kind: 'sale', amountYen: 1e20, occurredOn: '0001-01-01', summary: 'x' },
      { __proto__: { admin: true }, constructor: { prototype: {} } },
    ];
    const call = (method: string, path: string): request.Test => (request(h.svc.http) as any)[method](path);
    for (const [method, path] of routes) {
      for (const body of bodies) {
        const res = await call(method, path).set('authorization', `Bearer ${h.tokens.admin}`).set('if-match', '"1"').send(body);
        expect([method, path, JSON.stringify(body), res.status < 500]).toEqual([method, path, JSON.stringify(body), true]);
      }
      const text = await call(method, path)
        .set('authorization', `Bearer ${h.tokens.admin}`)
        .set('content-type', 'application/json')
        .send('"just a string"');
      expect([path, text.status]).toEqual([path, 400]);
    }
    const queries = [
      '/v1/proposals?q=%00',
      '/v1/proposals?stage=',
      '/v1/proposals?limit=1e3',
      '/v1/proposals?fiscalYear=2002.5',
      '/v1/proposals?stage[]=x',
      '/v1/reports/kpi?fiscalYear=2002&fiscalYear=2003',
    ];
    for (const path of queries) {
      const res = await api(h, h.tokens.admin).get(path);
      expect([path, res.status < 500]).toEqual([path, true]);
    }
  });

  it('answers a malformed id in any path of the OpenAPI document with the one 400: COMMON.VALIDATION_FAILED naming the parameter', async () => {
    const document = (await request(h.svc.http).get('/docs-json')).body as {
      paths: Record<string, Record<string, { parameters?: { in: string; name: string; schema?: { format?: string } }[] }>>;
    };
    const checked: string[] = [];
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        const ids = (operation.parameters ?? []).filter((p) => p.in === 'path' && p.schema?.format === 'uuid').map((p) => p.name);
        for (const spoilt of ids) {
          // Every other id well-formed: the answer must name exactly the malformed one.
          const url = path.replace(/\{(\w+)\}/g, (_, name: string) =>
            name === spoilt ? 'not-a-uuid' : ids.includes(name) ? uuidv7() : name,
          );
          const agent = request(h.svc.http);
          const call = agent[method as 'get' | 'post' | 'put' | 'patch' | 'delete'](url)
            .set('authorization', `Bearer ${h.tokens.admin}`)
            .set('if-match', '"1"');
          const res = method === 'get' || method === 'delete' ? await call : await call.send({});
          expect([`${method} ${path}`, res.status, res.headers['content-type']]).toEqual([
            `${method} ${path}`,
            400,
            expect.stringContaining('application/problem+json'),
          ]);
          expect(res.body).toMatchObject({
            status: 400,
            code: 'COMMON.VALIDATION_FAILED',
            errors: [{ field: spoilt, message: 'must be a UUID' }],
          });
          checked.push(`${method} ${path} ${spoilt}`);
        }
      }
    }
    // One route of each controller at least (proposals, reviews and assignments, teams, outcomes).
    for (const expected of [
      'get /v1/proposals/{id} id',
      'post /v1/proposals/{id}/assignments/{assignmentId}/decline assignmentId',
      'put /v1/proposals/{id}/reviews/{reviewId} reviewId',
      'put /v1/proposals/{id}/team id',
      'post /v1/proposals/{id}/outcomes id',
    ]) {
      expect(checked).toContain(expected);
    }
  });

  it('documents every route in OpenAPI', async () => {
    const docs = await request(h.svc.http).get('/docs-json');
    expect(Object.keys(docs.body.paths).sort()).toEqual(
      expect.arrayContaining([
        '/v1/programmes',
        '/v1/programmes/{code}',
        '/v1/programmes/{code}/rubrics',
        '/v1/programmes/{code}/rubrics/in-force',
        '/v1/proposals',
        '/v1/proposals/{id}',
        '/v1/proposals/{id}/transitions',
        '/v1/proposals/{id}/assignments',
        '/v1/proposals/{id}/assignments/{assignmentId}/decline',
        '/v1/proposals/{id}/assignments/{assignmentId}/declare-conflict',
        '/v1/proposals/{id}/reviews',
        '/v1/proposals/{id}/review-summary',
        '/v1/proposals/{id}/team',
        '/v1/proposals/{id}/team-suggestions',
        '/v1/proposals/{id}/outcomes',
        '/v1/reports/kpi',
      ]),
    );
    expect((await request(h.svc.http).get('/health/ready')).status).toBe(200);
  });
});
