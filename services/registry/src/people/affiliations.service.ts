import { Injectable } from '@nestjs/common';
import { todayInTokyo } from '@collabo/calendar';
import { assertIfMatch, Clock, page, ValidationFailedError, type Actor, type FieldError, type Page } from '@collabo/service-kit';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { recordAudit } from '../audit/audit.js';
import {
  AffiliationNotFoundError,
  OrganizationMergedError,
  OrganizationNotFoundError,
  PersonMergedError,
  PersonNotFoundError,
} from '../errors.js';
import { pageOfRows, recordsById, type Db } from '../database/sql.js';
import { Organization } from '../organizations/organization.entity.js';
import { Affiliation } from './affiliation.entity.js';
import { Person } from './person.entity.js';
import type { AffiliationListQuery, CreateAffiliationDto, UpdateAffiliationDto } from './person.dto.js';
import { AFFILIATION_SELECT, toAffiliationView, type AffiliationRow, type AffiliationView } from './person.view.js';

/** Only affiliations that have not ended before today (`$2`: today in Tokyo). */
const CURRENT_ONLY = 'AND (a.to_on IS NULL OR a.to_on >= $2::date)';

function periodErrors(from: string | null | undefined, to: string | null | undefined): FieldError[] {
  return from && to && to < from ? [{ field: 'to', message: 'to cannot be before from' }] : [];
}

const affiliationsById = recordsById({
  select: AFFILIATION_SELECT,
  alias: 'a',
  toView: toAffiliationView,
  notFound: (id) => new AffiliationNotFoundError(id),
});

/** Where people work or worked: organisation, department, title, from/to. */
@Injectable()
export class AffiliationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** The parameters of a query of `id`'s affiliations: today joins them when only the current ones are asked for. */
  private params(id: string, currentOnly: boolean): unknown[] {
    return currentOnly ? [id, todayInTokyo(this.clock.now())] : [id];
  }

  private static ofPersonSql(currentOnly: boolean): string {
    return `${AFFILIATION_SELECT} WHERE a.person_id = $1 ${currentOnly ? CURRENT_ONLY : ''} ORDER BY a.from_on DESC NULLS LAST, a.id`;
  }

  /** All of a person's affiliations (for RPC: a person has few). */
  async ofPerson(personId: string, db: Db = this.dataSource, currentOnly = false): Promise<AffiliationView[]> {
    const rows = await db.query<AffiliationRow[]>(AffiliationsService.ofPersonSql(currentOnly), this.params(personId, currentOnly));
    return rows.map(toAffiliationView);
  }

  async pageOfPerson(personId: string, query: AffiliationListQuery): Promise<Page<AffiliationView>> {
    const currentOnly = query.current === 'true';
    const sql = AffiliationsService.ofPersonSql(currentOnly);
    const { rows, total } = await pageOfRows<AffiliationRow>(this.dataSource, sql, this.params(personId, currentOnly), query);
    return page(rows.map(toAffiliationView), total, query);
  }

  async ofOrganization(organizationId: string, query: AffiliationListQuery): Promise<Page<AffiliationView>> {
    if (!(await this.dataSource.getRepository(Organization).existsBy({ id: organizationId })))
      throw new OrganizationNotFoundError(organizationId);
    const { rows, total } = await pageOfRows<AffiliationRow>(
      this.dataSource,
      `${AFFILIATION_SELECT} WHERE a.organization_id = $1 ${query.current === 'true' ? CURRENT_ONLY : ''}
        ORDER BY p.family_name_kana, p.given_name_kana, a.id`,
      this.params(organizationId, query.current === 'true'),
      query,
    );
    return page(rows.map(toAffiliationView), total, query);
  }

  /** One by id, or null; `forUpdate` locks it until the transaction ends. */
  private readonly find = affiliationsById.find;

  get(id: string): Promise<AffiliationView> {
    return affiliationsById.get(this.dataSource, id);
  }

  async create(personId: string, dto: CreateAffiliationDto, actor: Actor): Promise<AffiliationView> {
    const errors = periodErrors(dto.from, dto.to);
    if (errors.length) throw new ValidationFailedError(errors);
    return this.dataSource.transaction(async (tx) => {
      const person = await tx
        .getRepository(Person)
        .findOne({ select: { id: true, mergedInto: true }, where: { id: personId }, lock: { mode: 'pessimistic_read' } });
      if (!person) throw new PersonNotFoundError(personId);
      if (person.mergedInto)
        throw new PersonMergedError(person.mergedInto, 'This person was merged into another; add the affiliation there.');
      await this.assertLinkable(tx, dto.organizationId);
      const id = uuidv7();
      await tx.getRepository(Affiliation).insert({
        id,
        personId,
        organizationId: dto.organizationId,
        department: dto.department ?? null,
        title: dto.title ?? null,
        from: dto.from ?? null,
        to: dto.to ?? null,
        createdBy: actor.personId,
        updatedBy: actor.personId,
      });
      await recordAudit(tx, { entityType: 'affiliation', entityId: id, action: 'created', actorId: actor.personId });
      return (await this.find(tx, id))!;
    });
  }

  /** An organisation people can be linked to: it exists and is not a merged alias (link the survivor instead). */
  private async assertLinkable(tx: EntityManager, organizationId: string): Promise<void> {
    const org = await tx
      .getRepository(Organization)
      .findOne({ select: { id: true, mergedInto: true }, where: { id: organizationId }, lock: { mode: 'pessimistic_read' } });
    if (!org) throw new OrganizationNotFoundError(organizationId);
    if (org.mergedInto) {
      throw new OrganizationMergedError(org.mergedInto, 'That organisation was merged into another; link the surviving record.');
    }
  }

  async update(id: string, dto: UpdateAffiliationDto, ifMatch: string | undefined, actor: Actor): Promise<AffiliationView> {
    return this.dataSource.transaction(async (tx) => {
      const current = await this.find(tx, id, true);
      if (!current) throw new AffiliationNotFoundError(id);
      assertIfMatch(ifMatch, current.version, 'affiliation');
      const next = {
        department: dto.department !== undefined ? dto.department : current.department,
        title: dto.title !== undefined ? dto.title : current.title,
        from: dto.from !== undefined ? dto.from : current.from,
        to: dto.to !== undefined ? dto.to : current.to,
      };
      const errors = periodErrors(next.from, next.to);
      if (errors.length) throw new ValidationFailedError(errors);
      const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => next[k] !== current[k]);
      if (!changed.length) return current;
      // the query builder's UPDATE also bumps `version` and sets `updated_at` (see VersionedRecord)
      await tx.getRepository(Affiliation).update(id, { ...next, updatedBy: actor.personId });
      await recordAudit(tx, {
        entityType: 'affiliation',
        entityId: id,
        action: 'updated',
        actorId: actor.personId,
        changedFields: changed,
      });
      return (await this.find(tx, id))!;
    });
  }

  /** Removes an affiliation entered by mistake (an ended one is kept, with its `to` date). */
  async remove(id: string, ifMatch: string | undefined, actor: Actor): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const current = await this.find(tx, id, true);
      if (!current) throw new AffiliationNotFoundError(id);
      assertIfMatch(ifMatch, current.version, 'affiliation');
      await tx.getRepository(Affiliation).delete(id);
      await recordAudit(tx, { entityType: 'affiliation', entityId: id, action: 'deleted', actorId: actor.personId });
    });
  }
}
