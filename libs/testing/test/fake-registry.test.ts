import 'reflect-metadata';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  AccountsByRoleV1,
  AffiliationsOfPersonV1,
  GetOrganizationV1,
  GetConsentWithdrawalLinkV1,
  GetOrganizationsV1,
  GetPeopleV1,
  GetPersonV1,
  IssueInvitationLinkV1,
  StudyGroupMembersV1,
  isLinkFor,
} from '@collabo/contracts';
import { NatsNaming, RpcClient } from '@collabo/service-kit';
import { testNatsConnection, testPrefix, TEST_NATS_URL } from '@collabo/service-kit/testing';
import type { NatsConnection } from '@nats-io/transport-node';
import { FakeRegistry, REGISTRY_RPC_CONTRACTS, REGISTRY_RPC_ERRORS } from '../src/fake-registry.js';
import { ROOT } from '../src/ports.js';

describe('FakeRegistry', () => {
  let nc: NatsConnection;
  let prefix: string;
  let registry: FakeRegistry;
  let rpc: RpcClient;

  beforeAll(async () => {
    nc = await testNatsConnection();
    prefix = testPrefix();
    registry = new FakeRegistry(nc, prefix);
    await nc.flush();
    rpc = new RpcClient({ url: TEST_NATS_URL, service: 'testing', naming: new NatsNaming(prefix), timeoutMs: 2000 });
    await rpc.connect();
  });

  afterAll(async () => {
    await registry.stop();
    await rpc.close();
    await nc.close();
  });

  /** The error code (and status) a call is refused with. */
  const refusal = (call: Promise<unknown>) =>
    call.then(
      () => 'answered',
      (err: { code: string; status: number }) => `${err.code} ${err.status}`,
    );

  it('answers people one by one and many at once, and PERSON_NOT_FOUND for an unknown id', async () => {
    const anna = registry.person({ familyName: 'Berg', givenName: 'Anna', preferredLanguage: 'en' });
    const other = registry.person();
    expect(await rpc.request(GetPersonV1, { personId: anna.id })).toEqual(anna);
    const missing = crypto.randomUUID();
    const many = await rpc.request(GetPeopleV1, { ids: [anna.id, other.id, missing] });
    expect(many).toEqual({ people: [anna, other], missing: [missing] });
    expect(await refusal(rpc.request(GetPersonV1, { personId: missing }))).toBe('REGISTRY.PERSON_NOT_FOUND 404');
  });

  it('answers a consent-withdrawal link with whether the consent is in force, and PERSON_NOT_FOUND for an unknown id', async () => {
    const person = registry.person();
    registry.consent(person.id, 'news');
    const news = await rpc.request(GetConsentWithdrawalLinkV1, { personId: person.id, purpose: 'news' });
    expect(new URL(news.withdrawalUrl).searchParams.get('token')).toMatch(/^[\w-]{32}$/);
    expect(news.inForce).toBe(true);
    registry.consent(person.id, 'news', false);
    expect((await rpc.request(GetConsentWithdrawalLinkV1, { personId: person.id, purpose: 'news' })).inForce).toBe(false);
    expect((await rpc.request(GetConsentWithdrawalLinkV1, { personId: person.id, purpose: 'directory_listing' })).inForce).toBe(false);
    const missing = crypto.randomUUID();
    expect(await refusal(rpc.request(GetConsentWithdrawalLinkV1, { personId: missing, purpose: 'news' }))).toBe(
      'REGISTRY.PERSON_NOT_FOUND 404',
    );
  });

  it('answers an organisation, a merged id with its survivor, and ORGANIZATION_NOT_FOUND for an unknown id', async () => {
    const survivor = registry.organization('university');
    const merged = registry.organization('university');
    registry.merge(merged.id, survivor.id);
    const gone = crypto.randomUUID();
    registry.merge(gone, survivor.id);
    expect(survivor.sector).toBe('academia');
    expect(await rpc.request(GetOrganizationV1, { organizationId: merged.id })).toEqual(survivor);
    expect(await rpc.request(GetOrganizationV1, { organizationId: gone })).toEqual(survivor);
    const unknown = crypto.randomUUID();
    expect(await rpc.request(GetOrganizationsV1, { ids: [merged.id, survivor.id, unknown] })).toEqual({
      organizations: [survivor],
      missing: [unknown],
    });
    expect(await refusal(rpc.request(GetOrganizationV1, { organizationId: unknown }))).toBe('REGISTRY.ORGANIZATION_NOT_FOUND 404');
  });

  it("answers a person's affiliations and memberships, and a study group's members on a day", async () => {
    const group = registry.organization('study_group');
    const company = registry.organization('company');
    const current = registry.advisor({ org: company, expertise: ['food'] });
    const former = registry.person();
    const membership = registry.join(current.id, group, '2021-04-01');
    registry.join(former.id, group, '2019-04-01', '2020-03-31', 'secretary');
    const of = await rpc.request(AffiliationsOfPersonV1, { personId: current.id });
    expect(of.affiliations.map((a) => [a.organizationId, a.sector, a.to])).toEqual([[company.id, 'industry', null]]);
    expect(of.memberships).toEqual([membership]);
    const all = await rpc.request(StudyGroupMembersV1, { studyGroupId: group.id });
    expect(all.members.map((m) => m.personId).sort()).toEqual([current.id, former.id].sort());
    const today = await rpc.request(StudyGroupMembersV1, { studyGroupId: group.id, activeOn: '2022-01-01' });
    expect(today.members.map((m) => m.personId)).toEqual([current.id]);
    expect(await refusal(rpc.request(StudyGroupMembersV1, { studyGroupId: company.id }))).toBe('REGISTRY.STUDY_GROUP_NOT_FOUND 404');
    expect(await refusal(rpc.request(AffiliationsOfPersonV1, { personId: crypto.randomUUID() }))).toBe('REGISTRY.PERSON_NOT_FOUND 404');
  });

  it('answers the enabled accounts holding a role', async () => {
    registry.accounts.clear();
    const advisor = registry.advisor();
    const coordinator = registry.person();
    const both = registry.account(coordinator.id, ['coordinator', 'advisor']);
    registry.account(registry.person().id, ['advisor'], { disabled: true });
    const { accounts, complete } = await rpc.request(AccountsByRoleV1, { role: 'advisor' });
    expect(complete).toBe(true);
    expect(accounts.map((a) => a.personId).sort()).toEqual([advisor.id, coordinator.id].sort());
    expect(accounts.find((a) => a.personId === coordinator.id)).toEqual({
      accountId: both.accountId,
      personId: coordinator.id,
      roles: ['coordinator', 'advisor'],
    });
  });

  it('issues a fresh set-password link per call, the previous one dying; a closed invitation is not pending', async () => {
    const invitation = registry.invite();
    const first = await rpc.request(IssueInvitationLinkV1, { accountId: invitation.accountId, invitationId: invitation.invitationId });
    const second = await rpc.request(IssueInvitationLinkV1, { accountId: invitation.accountId, invitationId: invitation.invitationId });
    expect(isLinkFor(registry.maskedSetPasswordUrl, first.setPasswordUrl)).toBe(true);
    expect(first.setPasswordUrl).not.toBe(second.setPasswordUrl);
    expect([registry.works(first.setPasswordUrl), registry.works(second.setPasswordUrl)]).toEqual([false, true]);
    expect(registry.minted(invitation.invitationId)).toHaveLength(2);
    expect(second.expiresAt).toBe(invitation.expiresAt);

    // A newer invitation supersedes it; the newer one closed, nothing is pending.
    const newer = registry.invite({ accountId: invitation.accountId });
    const ask = (invitationId: string) => refusal(rpc.request(IssueInvitationLinkV1, { accountId: invitation.accountId, invitationId }));
    expect(await ask(invitation.invitationId)).toBe('REGISTRY.INVITATION_NOT_PENDING 409');
    expect(registry.works(second.setPasswordUrl)).toBe(false);
    registry.closeInvitation(newer.invitationId);
    expect(await ask(newer.invitationId)).toBe('REGISTRY.INVITATION_NOT_PENDING 409');
    expect(await refusal(rpc.request(IssueInvitationLinkV1, { accountId: crypto.randomUUID(), invitationId: newer.invitationId }))).toBe(
      'REGISTRY.ACCOUNT_NOT_FOUND 404',
    );
  });

  it('stops answering when stopped (calls time out) and answers again after restart, counting the calls throughout', async () => {
    const person = registry.person();
    const before = registry.callsOf(GetPersonV1).length;
    await registry.stop();
    expect(await refusal(rpc.request(GetPersonV1, { personId: person.id }, { timeoutMs: 300 }))).toMatch(
      /^COMMON\.RPC_(TIMEOUT|UNAVAILABLE) 503$/,
    );
    await registry.restart({ without: [GetPeopleV1.subject] });
    expect((await rpc.request(GetPersonV1, { personId: person.id })).id).toBe(person.id);
    expect(await refusal(rpc.request(GetPeopleV1, { ids: [person.id] }, { timeoutMs: 300 }))).toMatch(
      /^COMMON\.RPC_(TIMEOUT|UNAVAILABLE) 503$/,
    );
    expect(registry.callsOf(GetPersonV1)).toHaveLength(before + 1);
    await registry.restart();
  });

  it('refuses a request that breaks the contract, as the registry does, without counting it', async () => {
    const calls = registry.callCount;
    const answer = await refusal(rpc.request(GetPersonV1, { personId: 'not-a-uuid' }));
    expect(answer).toBe('COMMON.VALIDATION_FAILED 400');
    expect(registry.callCount).toBe(calls);
  });

  it('answers every registry RPC contract, with the error codes the contracts document', () => {
    const dir = join(ROOT, 'libs', 'contracts', 'src', 'registry');
    const sources = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8'));
    const rpcSubjects = sources.flatMap((s) => [...s.matchAll(/Subjects\.registry\.(?:qry|cmd)\.(\w+)/g)].map((m) => m[1]));
    expect(REGISTRY_RPC_CONTRACTS).toHaveLength(new Set(rpcSubjects).size);
    const documented = new Set(sources.flatMap((s) => [...s.matchAll(/`(REGISTRY\.[A-Z_]+)`/g)].map((m) => m[1])));
    expect(new Set(Object.values(REGISTRY_RPC_ERRORS).map((e) => e.code))).toEqual(documented);
  });
});
