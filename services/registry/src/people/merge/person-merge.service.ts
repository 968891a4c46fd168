import { Injectable } from '@nestjs/common';
import { PersonMergedV1, PersonUpdatedV1 } from '@collabo/contracts';
import {
  assertIfMatch,
  Outbox,
  page,
  queryPrepared,
  ValidationFailedError,
  type Actor,
  type Page,
  type PageQuery,
} from '@collabo/service-kit';
import { DataSource, type EntityManager } from 'typeorm';
import { recordAudit } from '../../audit/audit.js';
import { MergeNotAllowedError, PersonMergedError, PersonNotFoundError } from '../../errors.js';
import { PeopleService } from '../people.service.js';
import { toPersonV1, toPersonView, type PersonRow, type PersonView } from '../person.view.js';
import { consolidateMemberships } from './consolidate-memberships.js';
import { DUPLICATE_PAIRS_SQL, type DuplicateReason } from './person-duplicates.js';
import { RESOLVED_WITH_ALIASES_SQL } from './resolve-person.js';

export interface DuplicatePerson {
  id: string;
  displayName: string;
  familyNameKana: string;
  givenNameKana: string;
  reasons: DuplicateReason[];
}

export interface DuplicatePair {
  a: DuplicatePerson;
  b: DuplicatePerson;
  reasons: DuplicateReason[];
}

export interface PersonMergeResult {
  survivor: PersonView;
  mergedId: string;
  movedAffiliations: number;
  movedMemberships: number;
  combinedMemberships: number;
  movedAccount: boolean;
  aliasIds: string[];
}

/** The fields a merge fills in on the survivor when it has none and the merged record has one. */
const FILLED = ['nameEn', 'phone'] as const;

interface Counts {
  affiliations: number;
  memberships: number;
  account: { id: string; disabled: boolean; roles: string[] } | null;
}

/** Two records of one human being: finding them, showing them side by side, merging them without loss. */
@Injectable()
export class PersonMergeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly people: PeopleService,
  ) {}

  /** The record an id stands for today: a merged id leads to its survivor (null: no such id). */
  async resolve(id: string, db: DataSource | EntityManager = this.dataSource): Promise<PersonView | null> {
    return (await this.resolveWithAliases(id, db))?.person ?? null;
  }

  /**
   * `resolve` and the survivor's `aliasIds`, in one prepared statement (the registry's `person.get` RPC, which every
   * other service calls on its hot paths, and the people routes' redirect of a merged id).
   */
  async resolveWithAliases(
    id: string,
    db: DataSource | EntityManager = this.dataSource,
  ): Promise<{ person: PersonView; aliasIds: string[] } | null> {
    const { rows } = await queryPrepared<PersonRow & { alias_ids: string[] }>(db, RESOLVED_WITH_ALIASES_SQL, [id], 'person');
    const row = rows[0];
    return row ? { person: toPersonView(row), aliasIds: row.alias_ids } : null;
  }

  /** The ids merged into a person (its aliases), in the order they were merged. */
  async aliasIds(id: string, db: DataSource | EntityManager = this.dataSource): Promise<string[]> {
    return (await this.resolveWithAliases(id, db))?.aliasIds ?? [];
  }

  /** Likely duplicates: of one person (`personId`), or every pair; a page at a time. */
  async duplicates(personId: string | null, query: PageQuery): Promise<Page<DuplicatePair>> {
    if (personId) await this.people.get(personId);
    const rows = await this.dataSource.query<{ a: string; b: string; reasons: DuplicateReason[]; total: number }[]>(DUPLICATE_PAIRS_SQL, [
      personId,
      query.limit,
      query.offset,
    ]);
    const ids = [...new Set(rows.flatMap((r) => [r.a, r.b]))];
    const { people } = await this.people.getMany(ids);
    const byId = new Map(people.map((p) => [p.id, p]));
    const brief = (id: string, reasons: DuplicateReason[]): DuplicatePerson => {
      const p = byId.get(id)!;
      return { id, displayName: p.displayName, familyNameKana: p.familyNameKana, givenNameKana: p.givenNameKana, reasons };
    };
    const items = rows.map((r) => ({ a: brief(r.a, r.reasons), b: brief(r.b, r.reasons), reasons: r.reasons }));
    return page(items, rows[0]?.total ?? 0, query);
  }

  private async counts(db: DataSource | EntityManager, id: string): Promise<Counts> {
    const [row] = await db.query<{ affiliations: number; memberships: number; account: Counts['account'] }[]>(
      `SELECT (SELECT count(*)::int FROM affiliations WHERE person_id = $1) AS affiliations,
              (SELECT count(*)::int FROM memberships WHERE person_id = $1) AS memberships,
              (SELECT json_build_object('id', a.id, 'disabled', a.disabled, 'roles', a.roles) FROM accounts a WHERE a.person_id = $1) AS account`,
      [id],
    );
    return row!;
  }

  /** Why a merge of these two would be refused (empty: it may go ahead). */
  private blockers(survivor: PersonView, merged: PersonView, s: Counts, m: Counts): string[] {
    const out: string[] = [];
    if (survivor.id === merged.id) out.push('A person cannot be merged into themselves.');
    if (survivor.mergedInto) out.push('The surviving record was itself merged into another; merge into that one.');
    if (merged.mergedInto) out.push('That person was already merged into another.');
    if (survivor.archived) out.push('An archived person cannot take over another; restore them first.');
    if (s.account && m.account && !s.account.disabled && !m.account.disabled) {
      out.push('Both people have an active staff account and a person has at most one: disable one of them first.');
    }
    return out;
  }

  /** The two records side by side: their fields, what would move, and what would refuse the merge. */
  async preview(survivorId: string, mergedId: string) {
    const [survivor, merged] = await Promise.all([this.people.get(survivorId), this.people.get(mergedId)]);
    const [s, m] = await Promise.all([this.counts(this.dataSource, survivorId), this.counts(this.dataSource, mergedId)]);
    const fields = (
      [
        'familyName',
        'givenName',
        'familyNameKana',
        'givenNameKana',
        'nameEn',
        'email',
        'phone',
        'preferredLanguage',
        'consentToList',
        'expertiseFields',
      ] as const
    ).map((field) => {
      const after = this.mergedValue(field, survivor, merged);
      return { field, survivor: survivor[field], merged: merged[field], result: after };
    });
    return {
      survivor,
      merged,
      fields,
      moves: {
        affiliations: m.affiliations,
        memberships: m.memberships,
        account: m.account && !s.account ? m.account.id : null,
      },
      accounts: { survivor: s.account?.id ?? null, merged: m.account?.id ?? null },
      blockers: this.blockers(survivor, merged, s, m),
    };
  }

  /** What the survivor's field holds after the merge: its own, a missing one filled in, expertise joined, consent the stricter. */
  private mergedValue(field: keyof PersonView, survivor: PersonView, merged: PersonView): unknown {
    if ((FILLED as readonly string[]).includes(field)) return survivor[field] ?? merged[field];
    if (field === 'expertiseFields') return [...new Set([...survivor.expertiseFields, ...merged.expertiseFields])];
    if (field === 'consentToList') return survivor.consentToList && merged.consentToList;
    return survivor[field];
  }

  /**
   * Merges `mergedId` into `survivorId` in one transaction with its events: affiliations (exact copies once),
   * memberships (overlapping ones combined, see consolidateMemberships) and the staff account (when the survivor
   * has none) move to the survivor; a missing English name or phone is filled in, expertise joined, consent to be
   * listed kept only if both gave it. The merged record stays as an archived alias (`mergedInto`), its email one
   * of the survivor's aliases. Publishes `person merged` (and `person updated` when the survivor changed).
   */
  async merge(survivorId: string, mergedId: string, ifMatch: string | undefined, actor: Actor): Promise<PersonMergeResult> {
    if (survivorId === mergedId)
      throw new ValidationFailedError([{ field: 'mergedId', message: 'a person cannot be merged into themselves' }]);
    return this.dataSource.transaction(async (tx) => {
      // lock both in id order so that two opposite merges cannot deadlock
      for (const id of [survivorId, mergedId].sort()) await tx.query(`SELECT 1 FROM people WHERE id = $1 FOR UPDATE`, [id]);
      const merged = await this.people.find(tx, mergedId);
      if (!merged) throw new PersonNotFoundError(mergedId);
      const survivor = await this.people.find(tx, survivorId);
      if (!survivor) throw new PersonNotFoundError(survivorId);
      if (survivor.mergedInto) {
        throw new PersonMergedError(survivor.mergedInto, 'This person was merged into another; merge into the surviving record.');
      }
      assertIfMatch(ifMatch, survivor.version, 'person');
      if (merged.mergedInto)
        throw new MergeNotAllowedError('That person was already merged into another.', { survivorId: merged.mergedInto });
      const [s, m] = [await this.counts(tx, survivorId), await this.counts(tx, mergedId)];
      const blockers = this.blockers(survivor, merged, s, m);
      if (blockers.length) throw new MergeNotAllowedError(blockers.join(' '));

      const touch = `version = version + 1, updated_at = now(), updated_by = $3`;
      const run = async (sql: string): Promise<number> => (await tx.query(sql, [survivorId, mergedId, actor.personId]))[1] as number;
      // an affiliation the survivor already has, word for word, is not copied
      await tx.query(
        `DELETE FROM affiliations d USING affiliations k
          WHERE d.person_id = $2 AND k.person_id = $1 AND k.organization_id = d.organization_id
            AND k.department IS NOT DISTINCT FROM d.department AND k.title IS NOT DISTINCT FROM d.title
            AND k.from_on IS NOT DISTINCT FROM d.from_on AND k.to_on IS NOT DISTINCT FROM d.to_on`,
        [survivorId, mergedId],
      );
      const movedAffiliations = await run(`UPDATE affiliations SET person_id = $1, ${touch} WHERE person_id = $2`);
      const survivorMemberships = new Set(
        (await tx.query<{ id: string }[]>(`SELECT id FROM memberships WHERE person_id = $1`, [survivorId])).map((r) => r.id),
      );
      const movedMemberships = await run(`UPDATE memberships SET person_id = $1, ${touch} WHERE person_id = $2`);
      const combinedMemberships = await consolidateMemberships(
        tx,
        { personId: survivorId },
        (x) => survivorMemberships.has(x.id),
        actor.personId,
      );
      let movedAccount = false;
      if (m.account && !s.account) {
        await run(`UPDATE accounts SET person_id = $1, ${touch} WHERE person_id = $2`);
        movedAccount = true;
      }

      const changed: string[] = [];
      const next: Record<string, unknown> = {};
      for (const field of ['nameEn', 'phone', 'expertiseFields', 'consentToList'] as const) {
        const value = this.mergedValue(field, survivor, merged);
        const before = survivor[field];
        const same = Array.isArray(value) && Array.isArray(before) ? value.length === before.length : value === before;
        if (!same) {
          changed.push(field);
          next[field] = value;
        }
      }
      await tx.query(`UPDATE people SET merged_into = $1 WHERE merged_into = $2`, [survivorId, mergedId]);
      await tx.query(
        `UPDATE people SET merged_into = $1, merged_at = now(), archived = true, archived_at = coalesce(archived_at, now()), ${touch}
          WHERE id = $2`,
        [survivorId, mergedId, actor.personId],
      );
      // the survivor's version goes up whatever changed: it took over records and an alias
      await tx.query(
        `UPDATE people SET name_en = $2, phone = $3, expertise_fields = $4, consent_to_list = $5,
                version = version + 1, updated_at = now(), updated_by = $6
          WHERE id = $1`,
        [
          survivorId,
          next['nameEn'] ?? survivor.nameEn,
          next['phone'] ?? survivor.phone,
          next['expertiseFields'] ?? survivor.expertiseFields,
          next['consentToList'] ?? survivor.consentToList,
          actor.personId,
        ],
      );
      const result = (await this.people.find(tx, survivorId))!;
      const aliasIds = await this.aliasIds(survivorId, tx);
      await recordAudit(tx, {
        entityType: 'person',
        entityId: mergedId,
        action: 'merged',
        actorId: actor.personId,
        changedFields: ['mergedInto'],
      });
      await recordAudit(tx, {
        entityType: 'person',
        entityId: survivorId,
        action: 'merged-in',
        actorId: actor.personId,
        changedFields: changed,
      });
      await this.outbox.add(tx, PersonMergedV1, {
        aggregateId: survivorId,
        data: {
          survivorId,
          mergedId,
          mergedEmail: merged.email,
          survivor: toPersonV1(result),
          movedAffiliations,
          movedMemberships,
          movedAccount,
          aliasIds,
        },
      });
      if (changed.length) {
        await this.outbox.add(tx, PersonUpdatedV1, {
          aggregateId: survivorId,
          data: { person: toPersonV1(result), changedFields: changed },
        });
      }
      return { survivor: result, mergedId, movedAffiliations, movedMemberships, combinedMemberships, movedAccount, aliasIds };
    });
  }
}
