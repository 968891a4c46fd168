import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  AccountsByRoleV1,
  AffiliationsOfPersonV1,
  GetConsentWithdrawalLinkV1,
  GetOrganizationsV1,
  GetOrganizationV1,
  GetPeopleV1,
  GetPersonV1,
  IssueInvitationLinkV1,
  isLinkFor,
  OrganizationRegisteredV1,
  StudyGroupMembersV1,
  allSubjects,
  type EventEnvelope,
} from '@collabo/contracts';
import { NatsNaming, RpcClient, type AppError } from '@collabo/service-kit';
import { readEvents, TEST_NATS_URL } from '@collabo/service-kit/testing';
import { decodeJwt } from 'jose';
import { v7 as uuidv7 } from 'uuid';
import { issueInvitationLink, latestInvitation } from './invitations.js';
import { bearer, expectContract, expectNoSecretsLogged, orgBody, personBody, startRegistry, type Registry } from './support.js';

describe('the registry over NATS', () => {
  let r: Registry;
  let rpc: RpcClient;
  let auth: Record<string, string>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    r = await startRegistry();
    auth = bearer(r.admin);
    rpc = new RpcClient({ url: TEST_NATS_URL, service: 'registry-test', naming: new NatsNaming(r.prefix), timeoutMs: 5000 });
    await rpc.connect();
    const post = async (path: string, body: Record<string, unknown>, headers: Record<string, string> = {}) => {
      const res = await r.http().post(path).set(auth).set(headers).send(body);
      if (res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    };
    ids['company'] = (
      await post('/v1/organizations', orgBody({ corporateNumber: '7010705000725' }), { 'x-correlation-id': 'corr-registry-nats-1' })
    ).id;
    ids['other'] = (await post('/v1/organizations', orgBody({ name: '株式会社ソノタ', nameKana: 'ソノタ', municipalityCode: null }))).id;
    ids['group'] = (
      await post(
        '/v1/organizations',
        orgBody({ name: '釧路研究会', nameKana: 'クシロケンキュウカイ', kind: 'study_group', areaBureauCodes: ['kushiro'] }),
      )
    ).id;
    ids['person'] = (await post('/v1/people', personBody({ expertiseFields: ['food', 'it'], phone: '0154-11-2222' }))).id;
    ids['second'] = (await post('/v1/people', personBody({ preferredLanguage: 'en', consentToList: true }))).id;
    ids['affiliation'] = (
      await post(`/v1/people/${ids['person']}/affiliations`, {
        organizationId: ids['company'],
        department: '営業部',
        title: '課長',
        from: '2001-04-01',
      })
    ).id;
    ids['membership'] = (
      await post(`/v1/study-groups/${ids['group']}/members`, {
        personId: ids['person'],
        role: 'secretary',
        joinedOn: '2002-04-01',
        leftOn: '2004-03-31',
      })
    ).id;
    await post(`/v1/study-groups/${ids['group']}/members`, { personId: ids['second'], role: 'member', joinedOn: '2003-04-01' });
    ids['account'] = (await post('/v1/accounts', { personId: ids['person'], roles: ['advisor', 'viewer'] })).id;
    await post('/v1/accounts', { personId: ids['second'], roles: ['advisor'] });
  });

  afterAll(async () => {
    await rpc?.close();
    await r?.close();
  });

  const fail = async (p: Promise<unknown>) =>
    (await p.then(
      () => null,
      (e: unknown) => e,
    )) as AppError;

  it('answers organization.get with exactly the contract, following a merged id to the survivor', async () => {
    const org = await rpc.request(GetOrganizationV1, { organizationId: ids['company']! });
    expectContract(GetOrganizationV1.Response, org);
    expect(org).toEqual({
      id: ids['company'],
      kind: 'company',
      sector: 'industry',
      name: '株式会社北海道フーズ',
      nameKana: 'ホッカイドウフーズ',
      corporateNumber: '7010705000725',
      focusFields: ['food'],
      municipalityCode: '011002',
      bureauCode: 'ishikari',
      archived: false,
      mergedInto: null,
      version: 1,
    });
    const missing = await fail(rpc.request(GetOrganizationV1, { organizationId: uuidv7() }));
    expect([missing.code, missing.status]).toEqual(['REGISTRY.ORGANIZATION_NOT_FOUND', 404]);
    const invalid = await fail(rpc.request(GetOrganizationV1, { organizationId: 'nope' }));
    expect([invalid.code, invalid.status, invalid.errors]).toEqual([
      'COMMON.VALIDATION_FAILED',
      400,
      [{ field: 'organizationId', message: expect.any(String) }],
    ]);
  });

  it('answers organizations.get-many with the records, the missing ids, and merged ids as their survivor', async () => {
    const alias = (
      await r
        .http()
        .post('/v1/organizations')
        .set(auth)
        .send(orgBody({ name: '株式会社エイリアス', nameKana: 'エイリアス' }))
    ).body.id;
    const merged = await r
      .http()
      .post(`/v1/organizations/${ids['other']}/merge`)
      .set(auth)
      .set('if-match', '"1"')
      .send({ mergedId: alias });
    expect(merged.status).toBe(200);
    const unknown = uuidv7();
    const res = await rpc.request(GetOrganizationsV1, { ids: [ids['company']!, alias, unknown, ids['other']!] });
    expectContract(GetOrganizationsV1.Response, res);
    expect(res.organizations.map((o) => o.id).sort()).toEqual([ids['company'], ids['other']].sort());
    expect(res.missing).toEqual([unknown]);
    expect((await rpc.request(GetOrganizationV1, { organizationId: alias })).id).toBe(ids['other']);
    expect(await rpc.request(GetOrganizationsV1, { ids: [] })).toEqual({ organizations: [], missing: [] });
    const tooMany = await fail(rpc.request(GetOrganizationsV1, { ids: Array.from({ length: 501 }, () => uuidv7()) }));
    expect(tooMany.code).toBe('COMMON.VALIDATION_FAILED');
  });

  it('answers person.get and people.get-many with email, language and consent', async () => {
    const person = await rpc.request(GetPersonV1, { personId: ids['person']! });
    expectContract(GetPersonV1.Response, person);
    expect(person).toMatchObject({
      id: ids['person'],
      displayName: '山田 太郎',
      phone: '0154-11-2222',
      preferredLanguage: 'ja',
      consentToList: false,
      expertiseFields: ['food', 'it'],
      version: 1,
    });
    expect((await fail(rpc.request(GetPersonV1, { personId: uuidv7() }))).code).toBe('REGISTRY.PERSON_NOT_FOUND');
    const unknown = uuidv7();
    const many = await rpc.request(GetPeopleV1, { ids: [ids['person']!, ids['second']!, unknown] });
    expectContract(GetPeopleV1.Response, many);
    expect(many.people.map((p) => p.id).sort()).toEqual([ids['person'], ids['second']].sort());
    expect(many.people.find((p) => p.id === ids['second'])).toMatchObject({ preferredLanguage: 'en', consentToList: true });
    expect(many.missing).toEqual([unknown]);
  });

  it('answers study-group.members, with activeOn giving only that day’s members', async () => {
    const all = await rpc.request(StudyGroupMembersV1, { studyGroupId: ids['group']! });
    expectContract(StudyGroupMembersV1.Response, all);
    expect(all.members).toHaveLength(2);
    expect(all.members.find((m) => m.personId === ids['person'])).toEqual({
      id: ids['membership'],
      studyGroupId: ids['group'],
      personId: ids['person'],
      role: 'secretary',
      joinedOn: '2002-04-01',
      leftOn: '2004-03-31',
    });
    const in2005 = await rpc.request(StudyGroupMembersV1, { studyGroupId: ids['group']!, activeOn: '2005-01-01' });
    expect(in2005.members.map((m) => m.personId)).toEqual([ids['second']]);
    const notAGroup = await fail(rpc.request(StudyGroupMembersV1, { studyGroupId: ids['company']! }));
    expect([notAGroup.code, notAGroup.status]).toEqual(['REGISTRY.STUDY_GROUP_NOT_FOUND', 404]);
    const badDay = await fail(rpc.request(StudyGroupMembersV1, { studyGroupId: ids['group']!, activeOn: 'yesterday' }));
    expect(badDay.code).toBe('COMMON.VALIDATION_FAILED');
  });

  it('answers affiliations.of-person with past and present affiliations and memberships', async () => {
    const res = await rpc.request(AffiliationsOfPersonV1, { personId: ids['person']! });
    expectContract(AffiliationsOfPersonV1.Response, res);
    expect(res).toEqual({
      personId: ids['person'],
      affiliations: [
        {
          id: ids['affiliation'],
          personId: ids['person'],
          organizationId: ids['company'],
          organizationName: '株式会社北海道フーズ',
          sector: 'industry',
          department: '営業部',
          title: '課長',
          from: '2001-04-01',
          to: null,
        },
      ],
      memberships: [expect.objectContaining({ id: ids['membership'], role: 'secretary' })],
    });
    expect((await fail(rpc.request(AffiliationsOfPersonV1, { personId: uuidv7() }))).code).toBe('REGISTRY.PERSON_NOT_FOUND');
  });

  it('answers accounts.by-role with the accounts that are not disabled', async () => {
    const advisors = await rpc.request(AccountsByRoleV1, { role: 'advisor' });
    expectContract(AccountsByRoleV1.Response, advisors);
    expect(advisors.complete).toBe(true);
    expect(advisors.accounts.map((a) => a.personId).sort()).toEqual([ids['person'], ids['second']].sort());
    const second = advisors.accounts.find((a) => a.personId === ids['second'])!;
    const account = await r.http().get(`/v1/accounts/${second.accountId}`).set(auth);
    await r.http().patch(`/v1/accounts/${second.accountId}`).set(auth).set('if-match', account.headers['etag']).send({ disabled: true });
    const after = await rpc.request(AccountsByRoleV1, { role: 'advisor' });
    expect(after.accounts.map((a) => a.personId)).toEqual([ids['person']]);
    const admins = await rpc.request(AccountsByRoleV1, { role: 'admin' });
    expect(admins.accounts.map((a) => a.personId)).toEqual([decodeJwt(r.admin).sub]);
    expect((await fail(rpc.request(AccountsByRoleV1, { role: 'king' as never }))).code).toBe('COMMON.VALIDATION_FAILED');
  });

  it('answers invitation-link.issue with a fresh usable link for the open invitation only', async () => {
    const invitation = await latestInvitation(r, ids['account']!);
    const first = await issueInvitationLink(r, rpc, ids['account']!, invitation.invitationId);
    expect(isLinkFor(invitation.maskedSetPasswordUrl, first.toString())).toBe(true);
    const again = await rpc.request(IssueInvitationLinkV1, { accountId: ids['account']!, invitationId: invitation.invitationId });
    r.secrets.push(again.setPasswordUrl, new URL(again.setPasswordUrl).searchParams.get('token')!);
    expect(again.setPasswordUrl).not.toBe(first.toString());
    expect(again.expiresAt).toBe(invitation.expiresAt);
    const other = await fail(rpc.request(IssueInvitationLinkV1, { accountId: ids['account']!, invitationId: uuidv7() }));
    expect([other.code, other.status]).toEqual(['REGISTRY.INVITATION_NOT_PENDING', 409]);
    const missing = await fail(rpc.request(IssueInvitationLinkV1, { accountId: uuidv7(), invitationId: invitation.invitationId }));
    expect([missing.code, missing.status]).toEqual(['REGISTRY.ACCOUNT_NOT_FOUND', 404]);
    const invalid = await fail(rpc.request(IssueInvitationLinkV1, { accountId: ids['account']!, invitationId: 'x' } as never));
    expect([invalid.code, invalid.errors]).toEqual(['COMMON.VALIDATION_FAILED', [{ field: 'invitationId', message: expect.any(String) }]]);
  });

  it('answers payloads that are not JSON, or not the contract, with 400 and keeps serving', async () => {
    for (const payload of [
      '{not json',
      '[]',
      '"text"',
      'null',
      JSON.stringify({ personId: { $gt: '' } }),
      JSON.stringify({ ids: 'all' }),
    ]) {
      for (const subject of [GetPersonV1.subject, GetPeopleV1.subject]) {
        const raw = await r.nc.request(`${r.prefix}.${subject}`, payload, { timeout: 3000 });
        expect(JSON.parse(raw.string()).err).toMatchObject({ code: 'COMMON.VALIDATION_FAILED', status: 400 });
      }
    }
    expect((await rpc.request(GetPersonV1, { personId: ids['person']! })).id).toBe(ids['person']);
  });

  it('publishes events through the outbox in the envelope, with the correlation id of the request that caused them', async () => {
    const { envelopes } = await readEvents<OrganizationRegisteredV1.Data>(r.nc, r.prefix, OrganizationRegisteredV1.subject, 1);
    const first = envelopes[0] as EventEnvelope<OrganizationRegisteredV1.Data>;
    expect(first).toMatchObject({
      type: 'registry.evt.organization.registered',
      version: 1,
      source: 'registry',
      aggregateId: ids['company'],
      correlationId: 'corr-registry-nats-1',
      causationId: null,
    });
    expect(first.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
  });

  it('serves every registry query and command subject of the catalogue', () => {
    const served = [
      GetOrganizationV1,
      GetOrganizationsV1,
      GetPersonV1,
      GetPeopleV1,
      StudyGroupMembersV1,
      AffiliationsOfPersonV1,
      AccountsByRoleV1,
      IssueInvitationLinkV1,
      GetConsentWithdrawalLinkV1, // (answered in test/privacy.test.ts)
    ].map((c) => c.subject);
    expect(served.sort()).toEqual(
      allSubjects()
        .filter((s) => s.startsWith('registry.qry.') || s.startsWith('registry.cmd.'))
        .sort(),
    );
  });

  it('keeps passwords, tokens and personal data out of its logs', async () => {
    await expectNoSecretsLogged(r);
  });
});
