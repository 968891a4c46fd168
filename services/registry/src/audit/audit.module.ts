import { Controller, Get, Module, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { PageQuery, page } from '@collabo/service-kit';
import { IntersectionType } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';
import { DataSource } from 'typeorm';

const ENTITY_TYPES = ['organization', 'person', 'affiliation', 'membership', 'tenancy', 'consortium_membership', 'account'] as const;

class AuditTarget {
  @ApiProperty({ enum: ENTITY_TYPES }) @IsIn(ENTITY_TYPES) entityType!: string;
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
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT count(*) OVER () AS total, id, entity_type AS "entityType", entity_id AS "entityId", action, actor_id AS "actorId", at,
              changed_fields AS "changedFields", correlation_id AS "correlationId"
         FROM audit_log WHERE entity_type = $1 AND entity_id = $2 ORDER BY id DESC LIMIT $3 OFFSET $4`,
      [query.entityType, query.entityId, query.limit, query.offset],
    );
    const items = rows.map(({ total: _t, id, at, ...rest }) => ({ id: Number(id), at: (at as Date).toISOString(), ...rest }));
    return page(items, rows[0] ? Number(rows[0]['total']) : 0, query);
  }
}

@Module({ controllers: [AuditController] })
export class AuditModule {}
