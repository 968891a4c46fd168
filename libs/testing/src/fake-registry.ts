/**
 * The one fake registry of the services' tests: the registry's RPC contracts answered on real NATS under a
 * test's subject prefix (with the kit's `serveContract`: requests and responses are checked against the
 * contracts' Request/Response classes), from records the test writes here, with the registry's error codes
 * and statuses. For a service's own integration tests, where the registry is not under test; the platform
 * tests run the real one.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import {
  AccountsByRoleV1,
  AffiliationsOfPersonV1,
  GetOrganizationV1,
  GetOrganizationsV1,
  GetPeopleV1,
  GetConsentWithdrawalLinkV1,
  GetPersonV1,
  IssueInvitationLinkV1,
  StudyGroupMembersV1,
  maskSecretUrl,
  type AffiliationV1,
  type ConsentPurpose,
  type FocusField,
  type MembershipRole,
  type MembershipV1,
  type OrganizationKind,
  type OrganizationV1,
  type PersonV1,
  type RequestOf,
  type RpcContract,
  type Sector,
  type StaffRole,
} from '@collabo/contracts';
import { AppError } from '@collabo/service-kit';
import { serveContract } from '@collabo/service-kit/testing';
import type { NatsConnection } from '@nats-io/nats-core';

/**
 * The codes the registry answers its RPC callers with (each contract names its own in its documentation),
 * and their statuses: a caller matches on these.
 */
export const REGISTRY_RPC_ERRORS = {
  personNotFound: { code: 'REGISTRY.PERSON_NOT_FOUND', status: 404 },
  organizationNotFound: { code: 'REGISTRY.ORGANIZATION_NOT_FOUND', status: 404 },
  studyGroupNotFound: { code: 'REGISTRY.STUDY_GROUP_NOT_FOUND', status: 404 },
  accountNotFound: { code: 'REGISTRY.ACCOUNT_NOT_FOUND', status: 404 },
  invitationNotPending: { code: 'REGISTRY.INVITATION_NOT_PENDING', status: 409 },
} as const;

function registryError(which: keyof typeof REGISTRY_RPC_ERRORS, message: string): AppError {
  const { code, status } = REGISTRY_RPC_ERRORS[which];
  return new AppError(code, message, status);
}

/** The registry's RPC contracts, each answered by the fake. */
export const REGISTRY_RPC_CONTRACTS = [
  GetPersonV1,
  GetPeopleV1,
  GetOrganizationV1,
  GetOrganizationsV1,
  AffiliationsOfPersonV1,
  StudyGroupMembersV1,
  AccountsByRoleV1,
  IssueInvitationLinkV1,
  GetConsentWithdrawalLinkV1,
] as const;

const uuid = (): string => randomUUID();
let counter = 0;

function sectorOf(kind: OrganizationKind): Sector {
  if (kind === 'university' || kind === 'college' || kind === 'public_research_institute') return 'academia';
  if (kind.endsWith('government')) return 'government';
  if (kind === 'financial_institution') return 'finance';
  return 'industry';
}

/** A contract-valid person (a fresh id and email unless given). */
export function personRecord(over: Partial<PersonV1> = {}): PersonV1 {
  const n = ++counter;
  const familyName = over.familyName ?? '山田';
  const givenName = over.givenName ?? '太郎';
  return {
    id: uuid(),
    familyName,
    givenName,
    familyNameKana: 'ヤマダ',
    givenNameKana: 'タロウ',
    displayName: `${familyName} ${givenName}`,
    email: `person${n}-${randomBytes(3).toString('hex')}@example.jp`,
    phone: null,
    preferredLanguage: 'ja',
    consentToList: true,
    expertiseFields: [],
    version: 1,
    ...over,
  };
}

/** A contract-valid organisation of a kind (its sector follows the kind unless given). */
export function organizationRecord(kind: OrganizationKind = 'company', over: Partial<OrganizationV1> = {}): OrganizationV1 {
  const n = ++counter;
  return {
    id: uuid(),
    kind,
    sector: sectorOf(kind),
    name: `${kind} ${n}`,
    nameKana: 'テスト',
    corporateNumber: null,
    focusFields: ['food'],
    municipalityCode: '011002',
    bureauCode: 'ishikari',
    archived: false,
    mergedInto: null,
    version: 1,
    ...over,
  };
}

/** A staff account (accounts by role answer the enabled ones). */
export interface FakeAccount {
  accountId: string;
  personId: string;
  roles: StaffRole[];
  disabled: boolean;
}

/** An account's invitation: one is open at a time; each issued link kills the one before. */
export interface FakeInvitation {
  accountId: string;
  invitationId: string;
  pending: boolean;
  expiresAt: string;
  /** Every token minted for this invitation, oldest first. */
  minted: string[];
  live: string | null;
}

export interface FakeRegistryOptions {
  /** Start answering at once (default true); otherwise call `serve()`. */
  serve?: boolean;
  /** Subjects not answered (a registry that half answers: those calls time out). */
  without?: string[];
  /** The registry's set-password page (SET_PASSWORD_URL); the links carry `?token=`. */
  setPasswordUrl?: string;
}

export const DEFAULT_SET_PASSWORD_URL = 'https://collabo.example.jp/set-password';
/** The registry's consent-withdrawal page (CONSENT_WITHDRAWAL_URL) as the fake gives it; the links carry `?token=`. */
export const FAKE_CONSENT_WITHDRAWAL_URL = 'https://collabo.example.jp/consents/withdraw';

export class FakeRegistry {
  readonly people = new Map<string, PersonV1>();
  readonly organizations = new Map<string, OrganizationV1>();
  /** Merged id -> survivor id (also followed through an organisation's own `mergedInto`). */
  readonly merged = new Map<string, string>();
  readonly affiliations = new Map<string, AffiliationV1[]>();
  /** Person id -> that person's study-group memberships. */
  readonly memberships = new Map<string, MembershipV1[]>();
  /** Account id -> account. */
  readonly accounts = new Map<string, FakeAccount>();
  /** Invitation id -> invitation. */
  readonly invitations = new Map<string, FakeInvitation>();
  /** Person id -> the purposes the person's consent is in force for (`consent()`). */
  readonly consents = new Map<string, Set<ConsentPurpose>>();
  /** Every consent-withdrawal link the fake handed out (GetConsentWithdrawalLinkV1), oldest first. */
  readonly withdrawalLinks: { personId: string; purpose: ConsentPurpose; withdrawalUrl: string }[] = [];
  readonly setPasswordUrl: string;
  private served: { subject: string; calls: unknown[]; stop(): void }[] = [];
  /** Requests answered by servers stopped since (per subject). */
  private readonly pastCalls = new Map<string, unknown[]>();

  constructor(
    private readonly nc: NatsConnection,
    private readonly prefix: string,
    options: FakeRegistryOptions = {},
  ) {
    this.setPasswordUrl = options.setPasswordUrl ?? DEFAULT_SET_PASSWORD_URL;
    if (options.serve ?? true) this.serve({ without: options.without });
  }

  // ---- answering

  /** Answers the registry's contracts (all, or all but `without`); `restart()` from outside, which waits for the server. */
  private serve(options: { without?: string[] } = {}): void {
    this.stopServing();
    const answer = <C extends RpcContract>(contract: C, handler: Parameters<typeof serveContract<C>>[3]) => {
      if (options.without?.includes(contract.subject)) return;
      const server = serveContract(this.nc, this.prefix, contract, handler);
      this.served.push({
        subject: contract.subject,
        calls: server.calls,
        stop: () => {
          // The calls survive a restart: a test counts them across the registry going down and up.
          this.pastCalls.set(contract.subject, [...(this.pastCalls.get(contract.subject) ?? []), ...server.calls]);
          server.stop();
        },
      });
    };
    answer(GetPersonV1, ({ personId }) => this.requirePerson(personId));
    answer(GetPeopleV1, ({ ids }) => ({
      people: ids.flatMap((id) => (this.people.has(id) ? [this.people.get(id)!] : [])),
      missing: ids.filter((id) => !this.people.has(id)),
    }));
    answer(GetOrganizationV1, ({ organizationId }) => {
      const org = this.resolve(organizationId);
      if (!org) throw registryError('organizationNotFound', `No organisation ${organizationId}.`);
      return org;
    });
    answer(GetOrganizationsV1, ({ ids }) => {
      const found = new Map<string, OrganizationV1>();
      const missing: string[] = [];
      for (const id of new Set(ids)) {
        const org = this.resolve(id);
        if (org) found.set(org.id, org);
        else missing.push(id);
      }
      return { organizations: [...found.values()], missing };
    });
    answer(AffiliationsOfPersonV1, ({ personId }) => {
      this.requirePerson(personId);
      return { personId, affiliations: this.affiliations.get(personId) ?? [], memberships: this.memberships.get(personId) ?? [] };
    });
    answer(StudyGroupMembersV1, ({ studyGroupId, activeOn }) => {
      const group = this.resolve(studyGroupId);
      if (!group || group.kind !== 'study_group') throw registryError('studyGroupNotFound', `No study group ${studyGroupId}.`);
      const day = activeOn?.slice(0, 10);
      const members = [...this.memberships.values()]
        .flat()
        .filter((m) => m.studyGroupId === group.id)
        .filter((m) => !day || (m.joinedOn.slice(0, 10) <= day && (m.leftOn === null || m.leftOn.slice(0, 10) >= day)));
      return { studyGroupId: group.id, members };
    });
    answer(AccountsByRoleV1, ({ role }) => ({
      accounts: [...this.accounts.values()]
        .filter((a) => !a.disabled && a.roles.includes(role))
        .map(({ accountId, personId, roles }) => ({ accountId, personId, roles })),
      complete: true,
    }));
    answer(IssueInvitationLinkV1, ({ accountId, invitationId }) => {
      if (!this.accounts.has(accountId)) throw registryError('accountNotFound', `No account ${accountId}.`);
      const invitation = this.invitations.get(invitationId);
      const account = this.accounts.get(accountId)!;
      const open =
        invitation?.accountId === accountId && invitation.pending && !account.disabled && Date.parse(invitation.expiresAt) > Date.now();
      if (!open) throw registryError('invitationNotPending', 'This invitation is not open.');
      invitation.live = randomBytes(32).toString('base64url');
      invitation.minted.push(invitation.live);
      return { setPasswordUrl: this.linkWith(invitation.live), expiresAt: invitation.expiresAt };
    });
    answer(GetConsentWithdrawalLinkV1, ({ personId, purpose }) => {
      this.requirePerson(personId);
      const url = new URL(FAKE_CONSENT_WITHDRAWAL_URL);
      url.searchParams.set('token', randomBytes(24).toString('base64url'));
      this.withdrawalLinks.push({ personId, purpose, withdrawalUrl: url.toString() });
      return { withdrawalUrl: url.toString(), inForce: this.consents.get(personId)?.has(purpose) ?? false };
    });
  }

  /**
   * Stops answering (the registry is down: calls time out); `restart()` brings it back. Resolves once the NATS server
   * has dropped the subscriptions (a flush): a request the service sends after it finds nobody serving.
   */
  async stop(): Promise<void> {
    this.stopServing();
    await this.nc.flush();
  }

  /**
   * Answers again after `stop()` (the registry came back). Resolves once the NATS server knows the subscriptions (a
   * flush): without it, a request the service sends at once could reach the server first and find nobody serving.
   */
  async restart(options: { without?: string[] } = {}): Promise<void> {
    this.serve(options);
    await this.nc.flush();
  }

  private stopServing(): void {
    for (const s of this.served.splice(0)) s.stop();
  }

  /** The (valid) requests of one contract the fake received so far, oldest first. */
  callsOf<C extends RpcContract>(contract: C): RequestOf<C>[] {
    const live = this.served.filter((s) => s.subject === contract.subject).flatMap((s) => s.calls);
    return [...(this.pastCalls.get(contract.subject) ?? []), ...live] as RequestOf<C>[];
  }

  /** How many (valid) requests the fake received so far, all contracts together. */
  get callCount(): number {
    return [...this.pastCalls.values()].reduce((n, c) => n + c.length, 0) + this.served.reduce((n, s) => n + s.calls.length, 0);
  }

  // ---- records

  /** Adds a person (a fresh contract-valid one; `over` sets any field, also a given `id`). */
  person(over: Partial<PersonV1> = {}): PersonV1 {
    const person = personRecord(over);
    this.people.set(person.id, person);
    return person;
  }

  /** Adds an organisation of a kind (`study_group` for a study group). */
  organization(kind: OrganizationKind = 'company', over: Partial<OrganizationV1> = {}): OrganizationV1 {
    const org = organizationRecord(kind, over);
    this.organizations.set(org.id, org);
    return org;
  }

  /** `mergedId` was merged into `survivorId`: both RPCs answer the survivor for it. */
  merge(mergedId: string, survivorId: string): void {
    this.merged.set(mergedId, survivorId);
    const org = this.organizations.get(mergedId);
    if (org) this.organizations.set(mergedId, { ...org, mergedInto: survivorId });
  }

  /** An affiliation of a person with an organisation (current when `to` is null). */
  affiliate(
    personId: string,
    org: OrganizationV1,
    from: string | null = '2020-04-01',
    to: string | null = null,
    over: Partial<AffiliationV1> = {},
  ): AffiliationV1 {
    const affiliation: AffiliationV1 = {
      id: uuid(),
      personId,
      organizationId: org.id,
      organizationName: org.name,
      sector: org.sector,
      department: null,
      title: null,
      from,
      to,
      ...over,
    };
    this.affiliations.set(personId, [...(this.affiliations.get(personId) ?? []), affiliation]);
    return affiliation;
  }

  /** A study-group membership (current when `leftOn` is null). */
  join(
    personId: string,
    studyGroup: OrganizationV1 | string,
    joinedOn = '2021-04-01',
    leftOn: string | null = null,
    role: MembershipRole = 'member',
  ): MembershipV1 {
    const membership: MembershipV1 = {
      id: uuid(),
      studyGroupId: typeof studyGroup === 'string' ? studyGroup : studyGroup.id,
      personId,
      role,
      joinedOn,
      leftOn,
    };
    this.memberships.set(personId, [...(this.memberships.get(personId) ?? []), membership]);
    return membership;
  }

  /** A staff account of a person with roles. */
  account(personId: string, roles: StaffRole[], over: Partial<FakeAccount> = {}): FakeAccount {
    const account: FakeAccount = { accountId: uuid(), personId, roles, disabled: false, ...over };
    this.accounts.set(account.accountId, account);
    return account;
  }

  /** The accounts of a person. */
  accountsOf(personId: string): FakeAccount[] {
    return [...this.accounts.values()].filter((a) => a.personId === personId);
  }

  /** An advisor: a person with an advisor account, expertise, and an affiliation with `org` (current unless `to`). */
  advisor(
    options: { expertise?: FocusField[]; org?: OrganizationV1; from?: string | null; to?: string | null; person?: Partial<PersonV1> } = {},
  ): PersonV1 {
    const person = this.person({ expertiseFields: options.expertise ?? [], ...options.person });
    this.account(person.id, ['advisor']);
    if (options.org) this.affiliate(person.id, options.org, options.from ?? '2015-04-01', options.to ?? null);
    return person;
  }

  // ---- consents (GetConsentWithdrawalLinkV1)

  /** The person's consent for `purpose` is in force (or, with `inForce` false, withdrawn). */
  consent(personId: string, purpose: ConsentPurpose, inForce = true): void {
    const purposes = this.consents.get(personId) ?? new Set<ConsentPurpose>();
    if (inForce) purposes.add(purpose);
    else purposes.delete(purpose);
    this.consents.set(personId, purposes);
  }

  // ---- invitations (IssueInvitationLinkV1)

  /**
   * An open invitation of an account (created, with a fresh person, when `accountId` is not one yet); the
   * previous open invitation of that account is closed, as a new invitation supersedes it.
   */
  invite(options: { accountId?: string; invitationId?: string; expiresAt?: string; roles?: StaffRole[] } = {}): FakeInvitation {
    const accountId = options.accountId ?? uuid();
    if (!this.accounts.has(accountId)) this.account(this.person().id, options.roles ?? ['coordinator'], { accountId });
    for (const other of this.invitations.values()) if (other.accountId === accountId) this.closeInvitation(other.invitationId);
    const invitation: FakeInvitation = {
      accountId,
      invitationId: options.invitationId ?? uuid(),
      pending: true,
      expiresAt: options.expiresAt ?? new Date(Date.now() + 72 * 3600_000).toISOString(),
      minted: [],
      live: null,
    };
    this.invitations.set(invitation.invitationId, invitation);
    return invitation;
  }

  /** The invitation was used, superseded or expired: no more links, and its last link stops working. */
  closeInvitation(invitationId: string): void {
    const invitation = this.invitations.get(invitationId);
    if (invitation) Object.assign(invitation, { pending: false, live: null });
  }

  /** Every token minted for an invitation, oldest first. */
  minted(invitationId: string): string[] {
    return this.invitations.get(invitationId)?.minted ?? [];
  }

  /** The masked set-password link an AccountInvitedV2 event carries. */
  get maskedSetPasswordUrl(): string {
    return maskSecretUrl(this.linkWith('x'));
  }

  /** The registry's set-password page: true only for the live token of an open invitation. */
  works(url: string): boolean {
    const given = new URL(url);
    const token = given.searchParams.get('token');
    const live = [...this.invitations.values()].some((i) => i.pending && i.live !== null && i.live === token);
    return live && `${given.origin}${given.pathname}` === new URL(this.setPasswordUrl).origin + new URL(this.setPasswordUrl).pathname;
  }

  private linkWith(token: string): string {
    const url = new URL(this.setPasswordUrl);
    url.searchParams.set('token', token);
    return url.toString();
  }

  // ---- lookups as the registry does them

  private requirePerson(personId: string): PersonV1 {
    const person = this.people.get(personId);
    if (!person) throw registryError('personNotFound', `No person ${personId}.`);
    return person;
  }

  /** An organisation by id, following merges to the survivor (at most 10 hops, as the registry). */
  resolve(id: string): OrganizationV1 | undefined {
    let current = this.organizations.get(id);
    let next = this.merged.get(id) ?? current?.mergedInto ?? null;
    for (let hops = 0; next && hops < 10; hops++) {
      current = this.organizations.get(next);
      next = current ? (this.merged.get(current.id) ?? current.mergedInto) : null;
    }
    return current;
  }
}
