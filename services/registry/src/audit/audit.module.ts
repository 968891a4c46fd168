import { formatInstant } from '@collabo/calendar';
import { Controller, Get, Module, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { PageQuery, page } from '@collabo/service-kit';
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

/** Who changed a record and when (field names, never values). */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/audit')
class AuditController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  async history(@Query() query: AuditQuery) {
    const [entries, total] = await this.dataSource.getRepository(AuditEntry).findAndCount({
      where: { entityType: query.entityType, entityId: query.entityId },
      order: { id: 'DESC' },
      take: query.limit,
      skip: query.offset,
    });
    const items = entries.map((e) => ({ ...e, id: Number(e.id), at: formatInstant(e.at) }));
    return page(items, total, query);
  }
}

@Module({ controllers: [AuditController] })
export class AuditModule {}
