import { formatInstant } from '@collabo/calendar';
import { Injectable } from '@nestjs/common';
import { page, ValidationFailedError, type Actor, type Page } from '@collabo/service-kit';
import { DataSource, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { recordAudit, type AuditedEntity } from '../audit/audit.js';
import {
  ConsortiumMembershipNotFoundError,
  DuplicateConsortiumMembershipError,
  OrganizationMergedError,
  OrganizationNotFoundError,
  TenancyNotFoundError,
} from '../errors.js';
import { pageOfRows, recordsById, toNumber } from '../database/sql.js';
import { Organization } from '../organizations/organization.entity.js';
import type * as Centre from './centre.dto.js';
import { ConsortiumMembership } from './consortium-membership.entity.js';
import { Tenancy } from './tenancy.entity.js';

/** Who made a record and last changed it, when, and its version. */
interface RecordKeeping {
  version: number;
  createdAt: string;
  createdBy: string | null;
  updatedAt: string;
  updatedBy: string | null;
}

export interface TenancyView extends RecordKeeping {
  id: string;
  organizationId: string;
  organizationName: string;
  room: string;
  from: string;
  to: string | null;
  note: string | null;
}

export interface ConsortiumMembershipView extends RecordKeeping {
  id: string;
  consortiumId: string;
  consortiumName: string;
  organizationId: string;
  organizationName: string;
  fiscalYear: number;
  contributedPeople: number;
  contributedYen: number;
  contributedFacilities: string | null;
  note: string | null;
}

const TENANCY_SELECT = `
  SELECT t.id, t.organization_id AS "organizationId", o.name AS "organizationName", t.room, t.from_on::text AS "from",
         t.to_on::text AS "to", t.note, t.version, t.created_at AS "createdAt", t.created_by AS "createdBy",
         t.updated_at AS "updatedAt", t.updated_by AS "updatedBy"
    FROM tenancies t JOIN organizations o ON o.id = t.organization_id`;

const CONSORTIUM_SELECT = `
  SELECT c.id, c.consortium_id AS "consortiumId", co.name AS "consortiumName", c.organization_id AS "organizationId",
         o.name AS "organizationName", c.fiscal_year AS "fiscalYear", c.contributed_people AS "contributedPeople",
         c.contributed_yen::text AS "contributedYen", c.contributed_facilities AS "contributedFacilities", c.note, c.version,
         c.created_at AS "createdAt", c.created_by AS "createdBy", c.updated_at AS "updatedAt", c.updated_by AS "updatedBy"
    FROM consortium_memberships c
    JOIN organizations co ON co.id = c.consortium_id
    JOIN organizations o ON o.id = c.organization_id`;

type Timestamped = { createdAt: string; updatedAt: string };
const times = <T extends Timestamped>(r: T): T => ({
  ...r,
  createdAt: formatInstant(new Date(r.createdAt)),
  updatedAt: formatInstant(new Date(r.updatedAt)),
});

const consortiumView = (r: ConsortiumMembershipView): ConsortiumMembershipView =>
  times({ ...r, contributedYen: toNumber(r.contributedYen as unknown as string)! });

const tenanciesById = recordsById({
  select: TENANCY_SELECT,
  alias: 't',
  toView: times<TenancyView>,
  notFound: (id) => new TenancyNotFoundError(id),
});
const consortiumMembershipsById = recordsById({
  select: CONSORTIUM_SELECT,
  alias: 'c',
  toView: consortiumView,
  notFound: (id) => new ConsortiumMembershipNotFoundError(id),
});

/** The collaboration centre's tenants and the consortium members with their yearly contributions. */
@Injectable()
export class CentreService {
  constructor(private readonly dataSource: DataSource) {}

  private async linkable(tx: EntityManager, organizationId: string, field: string): Promise<void> {
    const org = await tx
      .getRepository(Organization)
      .findOne({ select: { id: true, mergedInto: true }, where: { id: organizationId }, lock: { mode: 'pessimistic_read' } });
    if (!org) throw new OrganizationNotFoundError(organizationId);
    if (org.mergedInto) {
      throw new OrganizationMergedError(org.mergedInto, `${field} names a merged organisation; use the surviving record.`);
    }
  }

  /** Inserts a record made by `actor` with an audit entry, and answers it as the API shows it. */
  private async insert<V>(
    tx: EntityManager,
    entity: EntityTarget<ObjectLiteral>,
    entityType: AuditedEntity,
    values: ObjectLiteral,
    actor: Actor,
    records: { get(db: EntityManager, id: string): Promise<V> },
  ): Promise<V> {
    const id = uuidv7();
    await tx.getRepository(entity).insert({ ...values, id, createdBy: actor.personId, updatedBy: actor.personId });
    await recordAudit(tx, { entityType, entityId: id, action: 'created', actorId: actor.personId });
    return records.get(tx, id);
  }

  /**
   * Writes the fields of `next` that differ from `current` with an audit entry, and answers the record as it is
   * now (the query builder's UPDATE also bumps `version` and sets `updated_at`, see VersionedRecord).
   */
  private async change<V extends { id: string; version: number }, N extends Partial<V>>(
    tx: EntityManager,
    entity: EntityTarget<ObjectLiteral>,
    entityType: AuditedEntity,
    current: V,
    next: N,
    actor: Actor,
    records: { get(db: EntityManager, id: string): Promise<V> },
  ): Promise<V> {
    const changed = Object.keys(next).filter((k) => (next as Record<string, unknown>)[k] !== (current as Record<string, unknown>)[k]);
    if (!changed.length) return current;
    await tx.getRepository(entity).update(current.id, { ...next, updatedBy: actor.personId });
    await recordAudit(tx, { entityType, entityId: current.id, action: 'updated', actorId: actor.personId, changedFields: changed });
    return records.get(tx, current.id);
  }

  async tenancies(query: Centre.TenancyQuery): Promise<Page<TenancyView>> {
    const { rows, total } = await pageOfRows<TenancyView>(
      this.dataSource,
      `${TENANCY_SELECT}
        WHERE ($1::uuid IS NULL OR t.organization_id = $1)
          AND ($2::date IS NULL OR (t.from_on <= $2::date AND (t.to_on IS NULL OR t.to_on >= $2::date)))
        ORDER BY t.from_on DESC, t.id`,
      [query.organizationId ?? null, query.activeOn ?? null],
      query,
    );
    return page(rows.map(times), total, query);
  }

  tenancy(id: string): Promise<TenancyView> {
    return tenanciesById.get(this.dataSource, id);
  }

  async createTenancy(dto: Centre.CreateTenancyDto, actor: Actor): Promise<TenancyView> {
    if (dto.to && dto.to < dto.from) throw new ValidationFailedError([{ field: 'to', message: 'to cannot be before from' }]);
    return this.dataSource.transaction(async (tx) => {
      await this.linkable(tx, dto.organizationId, 'organizationId');
      const values = {
        organizationId: dto.organizationId,
        room: dto.room.trim(),
        from: dto.from,
        to: dto.to ?? null,
        note: dto.note ?? null,
      };
      return this.insert(tx, Tenancy, 'tenancy', values, actor, tenanciesById);
    });
  }

  async updateTenancy(id: string, dto: Centre.UpdateTenancyDto, ifMatch: string | undefined, actor: Actor): Promise<TenancyView> {
    if (dto.room === null || dto.from === null)
      throw new ValidationFailedError([{ field: dto.room === null ? 'room' : 'from', message: 'cannot be null' }]);
    return this.dataSource.transaction(async (tx) => {
      const current = await tenanciesById.lockForChange(tx, id, ifMatch, 'tenancy');
      const next = {
        room: dto.room?.trim() ?? current.room,
        from: dto.from ?? current.from,
        to: dto.to !== undefined ? dto.to : current.to,
        note: dto.note !== undefined ? dto.note : current.note,
      };
      if (next.to && next.to < next.from) throw new ValidationFailedError([{ field: 'to', message: 'to cannot be before from' }]);
      return this.change(tx, Tenancy, 'tenancy', current, next, actor, tenanciesById);
    });
  }

  async consortiumMemberships(query: Centre.ConsortiumQuery): Promise<Page<ConsortiumMembershipView>> {
    const order = query.sort === 'organization' ? 'o.name_kana, c.fiscal_year' : 'c.fiscal_year DESC, o.name_kana';
    const { rows, total } = await pageOfRows<ConsortiumMembershipView>(
      this.dataSource,
      `${CONSORTIUM_SELECT}
        WHERE ($1::uuid IS NULL OR c.consortium_id = $1) AND ($2::uuid IS NULL OR c.organization_id = $2) AND ($3::int IS NULL OR c.fiscal_year = $3)
        ORDER BY ${order}, c.id`,
      [query.consortiumId ?? null, query.organizationId ?? null, query.fiscalYear ?? null],
      query,
    );
    return page(rows.map(consortiumView), total, query);
  }

  consortiumMembership(id: string): Promise<ConsortiumMembershipView> {
    return consortiumMembershipsById.get(this.dataSource, id);
  }

  async createConsortiumMembership(dto: Centre.CreateConsortiumMembershipDto, actor: Actor): Promise<ConsortiumMembershipView> {
    if (dto.consortiumId === dto.organizationId)
      throw new ValidationFailedError([{ field: 'organizationId', message: 'a consortium is not its own member' }]);
    return this.dataSource.transaction(async (tx) => {
      await this.linkable(tx, dto.consortiumId, 'consortiumId');
      await this.linkable(tx, dto.organizationId, 'organizationId');
      const existing = await tx.getRepository(ConsortiumMembership).findOne({
        select: { id: true },
        where: { consortiumId: dto.consortiumId, organizationId: dto.organizationId, fiscalYear: dto.fiscalYear },
      });
      if (existing) {
        throw new DuplicateConsortiumMembershipError(existing.id);
      }
      const values = {
        consortiumId: dto.consortiumId,
        organizationId: dto.organizationId,
        fiscalYear: dto.fiscalYear,
        contributedPeople: dto.contributedPeople ?? 0,
        contributedYen: dto.contributedYen ?? 0,
        contributedFacilities: dto.contributedFacilities ?? null,
        note: dto.note ?? null,
      };
      return this.insert(tx, ConsortiumMembership, 'consortium_membership', values, actor, consortiumMembershipsById);
    });
  }

  async updateConsortiumMembership(
    id: string,
    dto: Centre.UpdateConsortiumMembershipDto,
    ifMatch: string | undefined,
    actor: Actor,
  ): Promise<ConsortiumMembershipView> {
    if (dto.contributedPeople === null || dto.contributedYen === null)
      throw new ValidationFailedError([{ field: 'contributedPeople', message: 'cannot be null' }]);
    return this.dataSource.transaction(async (tx) => {
      const current = await consortiumMembershipsById.lockForChange(tx, id, ifMatch, 'consortium membership');
      const next = {
        contributedPeople: dto.contributedPeople ?? current.contributedPeople,
        contributedYen: dto.contributedYen ?? current.contributedYen,
        contributedFacilities: dto.contributedFacilities !== undefined ? dto.contributedFacilities : current.contributedFacilities,
        note: dto.note !== undefined ? dto.note : current.note,
      };
      return this.change(tx, ConsortiumMembership, 'consortium_membership', current, next, actor, consortiumMembershipsById);
    });
  }
}
