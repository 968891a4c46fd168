import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { formatInstant } from '@collabo/calendar';
import { OutcomeKinds, type Outcome } from './outcome.entity.js';

export class OutcomeView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) proposalId!: string;
  @ApiProperty({ enum: OutcomeKinds }) kind!: string;
  @ApiProperty() summary!: string;
  @ApiProperty() occurredOn!: string;
  @ApiPropertyOptional({ type: Number, nullable: true }) amountYen!: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) fiscalYear!: number | null;
  @ApiPropertyOptional({ type: String, nullable: true }) patentNumber!: string | null;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'jobs_created only: how many jobs.' }) jobsCreated!: number | null;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'award only: the registry tenancy it came from.' })
  tenancyId!: string | null;
  @ApiProperty() recordedAt!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) recordedBy!: string | null;
  @ApiProperty({ description: 'Brought over from paper or spreadsheets.' }) historical!: boolean;
}

export function outcomeView(o: Outcome): OutcomeView {
  return {
    id: o.id,
    proposalId: o.proposalId,
    kind: o.kind,
    summary: o.summary,
    occurredOn: o.occurredOn,
    amountYen: o.amountYen,
    fiscalYear: o.fiscalYear,
    patentNumber: o.patentNumber,
    jobsCreated: o.jobsCreated,
    tenancyId: o.tenancyId,
    recordedAt: formatInstant(o.recordedAt),
    recordedBy: o.recordedBy,
    historical: o.historical,
  };
}
