import { formatInstant } from '@collabo/calendar';
import { Controller, Get, Module, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { PageQuery, PageView, page } from '@collabo/service-kit';
import { IntersectionType } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';
import { DataSource } from 'typeorm';
import type { AuditedEntity } from './audit-entry.entity.js';
import { AuditEntry } from './audit-entry.entity.js';

const ENTITY_TYPES: readonly AuditedEntity[] = [
  'organization',
  'person',
  'affiliation',
  'membership',
  'tenancy',
  'consortium_membership',
  'account',
  'privacy_request',
  'consent',
];

class AuditTarget {
  @ApiProperty({ enum: ENTITY_TYPES }) @IsIn(ENTITY_TYPES) entityType!: AuditedEntity;
  @ApiProperty() @IsUUID() entityId!: string;
}

class AuditQuery extends IntersectionType(PageQuery, AuditTarget) {}

/** One line of the trail as answered: who did what to which record, when, and the names of the fields it changed. */
class AuditEntryView {
  @ApiProperty({ description: 'The order of the trail (newest first in a page)' }) id!: number;
  @ApiProperty({ enum: ENTITY_TYPES }) entityType!: AuditedEntity;
  @ApiProperty({ format: 'uuid' }) entityId!: string;
  @ApiProperty({ description: 'What was done, e.g. created, updated, archived, merged, role_changed' }) action!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The staff member, or null for the system' })
  actorId!: string | null;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ type: [String], description: 'The names of the fields changed (never their values)' }) changedFields!: string[];
  @ApiProperty({ type: String, nullable: true }) correlationId!: string | null;
}

const AuditEntryPage = PageView(AuditEntryView, 'AuditEntryPage');

/** Who changed a record and when (field names, never values). */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/audit')
class AuditController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @ApiOkResponse({ type: AuditEntryPage })
  async history(@Query() query: AuditQuery) {
    const [entries, total] = await this.dataSource.getRepository(AuditEntry).findAndCount({
      where: { entityType: query.entityType, entityId: query.entityId },
      order: { id: 'DESC' },
      take: query.limit,
      skip: query.offset,
    });
    const items = entries.map((e): AuditEntryView => ({
      id: Number(e.id),
      entityType: e.entityType,
      entityId: e.entityId,
      action: e.action,
      actorId: e.actorId,
      at: formatInstant(e.at),
      changedFields: e.changedFields,
      correlationId: e.correlationId,
    }));
    return page(items, total, query);
  }
}

@Module({ controllers: [AuditController] })
export class AuditModule {}
