import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { DataSource } from 'typeorm';
import { Roles } from '../auth/decorators.js';
import { IdParam } from '../http/id-param.js';
import { page, PageQuery, type Page } from '../http/pagination.js';
import { JetStreamConsumers } from './consumer.js';
import { DeadLetterNotFoundError } from './dead-letter.errors.js';

export class DeadLetterQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only this consumer' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  consumer?: string;

  @ApiPropertyOptional({ description: 'true (default): only unresolved ones' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  open?: boolean;
}

export class DeadLetterView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() consumer!: string;
  @ApiProperty() subject!: string;
  @ApiProperty({ nullable: true, type: String }) messageId!: string | null;
  @ApiProperty() error!: string;
  @ApiProperty({ type: 'integer' }) attempts!: number;
  @ApiProperty({ nullable: true, type: String }) correlationId!: string | null;
  @ApiProperty({ format: 'date-time' }) parkedAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) resolvedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) resolution!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date-time',
    description: 'When the payload was dropped (an unresolved dead letter past the payload retention keeps its metadata only)',
  })
  redactedAt!: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'The message as received (single view only); null once redacted',
  })
  payload?: string | null;
}

interface Row {
  id: string;
  consumer: string;
  subject: string;
  message_id: string | null;
  error: string;
  attempts: number;
  correlation_id: string | null;
  parked_at: Date;
  resolved_at: Date | null;
  resolution: string | null;
  redacted_at: Date | null;
  payload?: string | null;
}

export class DeadLetterPage {
  @ApiProperty({ type: [DeadLetterView] }) items!: DeadLetterView[];
  @ApiProperty({ type: 'integer' }) total!: number;
  @ApiProperty({ type: 'integer' }) limit!: number;
  @ApiProperty({ type: 'integer' }) offset!: number;
}

export class RetryOutcome {
  @ApiProperty({ enum: ['applied', 'duplicate'] }) outcome!: string;
}

function view(row: Row): DeadLetterView {
  return {
    id: row.id,
    consumer: row.consumer,
    subject: row.subject,
    messageId: row.message_id,
    error: row.error,
    attempts: row.attempts,
    correlationId: row.correlation_id,
    parkedAt: row.parked_at.toISOString(),
    resolvedAt: row.resolved_at?.toISOString() ?? null,
    resolution: row.resolution,
    redactedAt: row.redacted_at?.toISOString() ?? null,
    ...(row.payload !== undefined ? { payload: row.payload } : {}),
  };
}

/** Messages that kept failing, parked where staff can see them, retry them or dismiss them. */
@ApiTags('dead letters')
@ApiBearerAuth()
@Roles('admin', 'coordinator')
@Controller('v1/dead-letters')
export class DeadLettersController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly consumers: JetStreamConsumers,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List parked messages' })
  @ApiOkResponse({ type: DeadLetterPage })
  async list(@Query() query: DeadLetterQuery): Promise<Page<DeadLetterView>> {
    const open = query.open ?? true;
    const where = `WHERE ($1::text IS NULL OR consumer = $1) AND (($2::boolean AND resolved_at IS NULL) OR NOT $2::boolean)`;
    const params = [query.consumer ?? null, open];
    const rows: Row[] = await this.dataSource.query(
      `SELECT id, consumer, subject, message_id, error, attempts, correlation_id, parked_at, resolved_at, resolution, redacted_at
       FROM dead_letters ${where} ORDER BY parked_at DESC, id LIMIT $3 OFFSET $4`,
      [...params, query.limit, query.offset],
    );
    const [{ count }] = await this.dataSource.query(`SELECT count(*)::int AS count FROM dead_letters ${where}`, params);
    return page(rows.map(view), count, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One parked message with its payload' })
  @ApiOkResponse({ type: DeadLetterView })
  async get(@IdParam() id: string): Promise<DeadLetterView> {
    const rows: Row[] = await this.dataSource.query('SELECT * FROM dead_letters WHERE id = $1', [id]);
    if (!rows[0]) throw new DeadLetterNotFoundError(id);
    return view(rows[0]);
  }

  @Post(':id/retry')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Run the handler again on a parked message (once: the inbox still guards against doubles)',
  })
  @ApiOkResponse({ type: RetryOutcome, description: '`applied`: the handler ran; `duplicate`: the inbox had it already' })
  async retry(@IdParam() id: string): Promise<RetryOutcome> {
    // DeadLetterNotFoundError (404), DeadLetterRedactedError and DeadLetterConsumerUnknownError (409) are AppErrors.
    return { outcome: await this.consumers.retryDeadLetter(id) };
  }

  @Post(':id/dismiss')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Mark a parked message as dealt with, without running it',
  })
  @ApiOkResponse({ type: DeadLetterView, description: 'The dead letter, resolved' })
  async dismiss(@IdParam() id: string): Promise<DeadLetterView> {
    const rows: Row[][] = await this.dataSource.query(
      `UPDATE dead_letters SET resolved_at = coalesce(resolved_at, now()), resolution = coalesce(resolution, 'dismissed') WHERE id = $1 RETURNING *`,
      [id],
    );
    const row = rows[0]?.[0];
    if (!row) throw new DeadLetterNotFoundError(id);
    return view(row);
  }
}
