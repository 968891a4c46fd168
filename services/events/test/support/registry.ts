import {
  AffiliationsOfPersonV1,
  GetOrganizationV1,
  GetPersonV1,
  type AffiliationV1,
  type FocusField,
  type OrganizationV1,
  type PersonV1,
  type Sector,
} from '@collabo/contracts';
import { NotFoundError } from '@collabo/service-kit';
import { serveContract } from '@collabo/service-kit/testing';
import type { NatsConnection } from '@nats-io/transport-node';
import { v7 as uuidv7 } from 'uuid';

/**
 * The registry as the events service sees it over NATS: organisations and people answered by
 * `serveContract` (contract-validated, real NATS), with the registry's error codes.
 */
export class FakeRegistry {
  readonly organizations = new Map<string, OrganizationV1>();
  readonly people = new Map<string, PersonV1>();
  readonly affiliations = new Map<string, AffiliationV1[]>();
  readonly memberships = new Map<string, AffiliationsOfPersonV1.Response['memberships']>();
  private servers: { stop(): void; calls: unknown[] }[] = [];

  constructor(
    private readonly nc: NatsConnection,
    private readonly prefix: string,
  ) {
    this.restart();
  }

  /** Answers again after stop() (the registry came back). */
  restart(): void {
    const { nc, prefix } = this;
    this.servers = [
      serveContract(nc, prefix, GetOrganizationV1, ({ organizationId }) => {
        const org = this.organizations.get(organizationId);
        if (!org) throw new NotFoundError('REGISTRY.ORGANIZATION_NOT_FOUND', `No organisation ${organizationId}.`);
        return org;
      }),
      serveContract(nc, prefix, GetPersonV1, ({ personId }) => {
        const person = this.people.get(personId);
        if (!person) throw new NotFoundError('REGISTRY.PERSON_NOT_FOUND', `No person ${personId}.`);
        return person;
      }),
      serveContract(nc, prefix, AffiliationsOfPersonV1, ({ personId }) => {
        if (!this.people.has(personId)) throw new NotFoundError('REGISTRY.PERSON_NOT_FOUND', `No person ${personId}.`);
        return { personId, affiliations: this.affiliations.get(personId) ?? [], memberships: this.memberships.get(personId) ?? [] };
      }),
    ];
  }

  get calls(): number {
    return this.servers.reduce((sum, s) => sum + s.calls.length, 0);
  }

  addOrganization(name: string, sector: Sector = 'industry', focusFields: FocusField[] = []): OrganizationV1 {
    const org: OrganizationV1 = {
      id: uuidv7(),
      kind: sector === 'academia' ? 'university' : sector === 'government' ? 'prefectural_government' : 'company',
      sector,
      name,
      nameKana: 'テスト',
      corporateNumber: null,
      focusFields,
      municipalityCode: null,
      bureauCode: null,
      archived: false,
      mergedInto: null,
      version: 1,
    };
    this.organizations.set(org.id, org);
    return org;
  }

  addPerson(
    family: string,
    given: string,
    options: {
      organization?: OrganizationV1;
      language?: 'ja' | 'en';
      fields?: FocusField[];
      studyGroupId?: string;
      consentToList?: boolean;
    } = {},
  ): PersonV1 {
    const person: PersonV1 = {
      id: uuidv7(),
      familyName: family,
      givenName: given,
      familyNameKana: 'ヤマダ',
      givenNameKana: 'タロウ',
      displayName: `${family} ${given}`,
      email: `${uuidv7().slice(-12)}@example.jp`,
      phone: null,
      preferredLanguage: options.language ?? 'ja',
      consentToList: options.consentToList ?? false,
      expertiseFields: options.fields ?? [],
      version: 1,
    };
    this.people.set(person.id, person);
    if (options.organization) {
      this.affiliations.set(person.id, [
        {
          id: uuidv7(),
          personId: person.id,
          organizationId: options.organization.id,
          organizationName: options.organization.name,
          sector: options.organization.sector,
          department: null,
          title: null,
          from: '2020-04-01',
          to: null,
        },
      ]);
    }
    if (options.studyGroupId) {
      this.memberships.set(person.id, [
        { id: uuidv7(), studyGroupId: options.studyGroupId, personId: person.id, role: 'member', joinedOn: '2021-04-01', leftOn: null },
      ]);
    }
    return person;
  }

  stop(): void {
    for (const s of this.servers) s.stop();
    this.servers = [];
  }
}
