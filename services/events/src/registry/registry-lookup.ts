import { todayInTokyo } from '@collabo/calendar';
import { AffiliationsOfPersonV1, GetOrganizationV1, GetPersonV1, type AffiliationV1, type Sector } from '@collabo/contracts';
import { Clock, RemoteError, RpcClient, type FieldError } from '@collabo/service-kit';
import { Injectable } from '@nestjs/common';
import { OrganizationNotInRegistryError, PersonNotInRegistryError } from '../errors.js';
import type { OrganizationRef } from '../events/exchange-event.entity.js';

/** What a registration copies from the registry about a person. */
export interface RegistrantFromRegistry {
  personId: string;
  personVersion: number;
  name: string;
  nameKana: string | null;
  email: string;
  language: 'ja' | 'en';
  organizationId: string | null;
  organizationName: string | null;
  sector: Sector | null;
  focusFields: string[];
  studyGroupIds: string[];
  consentToList: boolean;
}

const isNotFound = (err: unknown) => err instanceof RemoteError && err.status === 404;

/** The person's affiliation on `day`: current ones only, the most recently started first. */
export function currentAffiliation(affiliations: AffiliationV1[], day: string): AffiliationV1 | null {
  const current = affiliations.filter((a) => (!a.from || a.from.slice(0, 10) <= day) && (!a.to || a.to.slice(0, 10) >= day));
  current.sort((a, b) => (b.from ?? '').localeCompare(a.from ?? ''));
  return current[0] ?? null;
}

/** Asks the registry (over NATS RPC) about the organisations and people an event or registration names. */
@Injectable()
export class RegistryLookup {
  constructor(
    private readonly rpc: RpcClient,
    private readonly clock: Clock,
  ) {}

  /** Each named organisation, or a 422 naming every field whose organisation the registry does not know. */
  async organizations(refs: { field: string; id: string }[]): Promise<Map<string, OrganizationRef>> {
    const found = new Map<string, OrganizationRef>();
    const errors: FieldError[] = [];
    await Promise.all(
      refs.map(async ({ field, id }) => {
        try {
          const org = await this.rpc.request(GetOrganizationV1, { organizationId: id });
          // A merged organisation answers with the surviving record: keep the survivor.
          found.set(id, { id: org.id, name: org.name });
        } catch (err) {
          if (isNotFound(err)) errors.push({ field, message: `the registry has no organisation ${id}` });
          else throw err;
        }
      }),
    );
    if (errors.length) {
      errors.sort((a, b) => a.field.localeCompare(b.field));
      throw new OrganizationNotInRegistryError(errors);
    }
    return found;
  }

  /**
   * Which of the named people the registry knows: each id the registry answers for, mapped to the person's id
   * there (a merged person answers with the survivor), and a field error for each one it does not know. Asks
   * `concurrency` at a time, each distinct id once.
   */
  async people(refs: { field: string; id: string }[], concurrency = 16): Promise<{ found: Map<string, string>; errors: FieldError[] }> {
    const found = new Map<string, string>();
    const unknown = new Set<string>();
    const ids = [...new Set(refs.map((r) => r.id))];
    for (let k = 0; k < ids.length; k += concurrency) {
      await Promise.all(
        ids.slice(k, k + concurrency).map(async (id) => {
          try {
            found.set(id, (await this.rpc.request(GetPersonV1, { personId: id })).id);
          } catch (err) {
            if (isNotFound(err)) unknown.add(id);
            else throw err;
          }
        }),
      );
    }
    const errors = refs.filter((r) => unknown.has(r.id)).map((r) => ({ field: r.field, message: `the registry has no person ${r.id}` }));
    return { found, errors };
  }

  /** The person as the registry knows them today, with their current organisation and study groups. */
  async person(personId: string): Promise<RegistrantFromRegistry> {
    let person: GetPersonV1.Response;
    let links: AffiliationsOfPersonV1.Response;
    try {
      [person, links] = await Promise.all([
        this.rpc.request(GetPersonV1, { personId }),
        this.rpc.request(AffiliationsOfPersonV1, { personId }),
      ]);
    } catch (err) {
      if (isNotFound(err)) {
        throw new PersonNotInRegistryError(personId);
      }
      throw err;
    }
    const today = todayInTokyo(this.clock.now());
    const affiliation = currentAffiliation(links.affiliations, today);
    const studyGroupIds = links.memberships
      .filter((m) => m.joinedOn.slice(0, 10) <= today && (!m.leftOn || m.leftOn.slice(0, 10) >= today))
      .map((m) => m.studyGroupId);
    const kana = [person.familyNameKana, person.givenNameKana].filter(Boolean).join(' ');
    return {
      personId: person.id,
      personVersion: person.version,
      name: person.displayName,
      nameKana: kana || null,
      email: person.email,
      language: person.preferredLanguage,
      organizationId: affiliation?.organizationId ?? null,
      organizationName: affiliation?.organizationName ?? null,
      sector: affiliation?.sector ?? null,
      focusFields: person.expertiseFields,
      studyGroupIds: [...new Set(studyGroupIds)],
      consentToList: person.consentToList,
    };
  }
}
