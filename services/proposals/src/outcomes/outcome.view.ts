import { ApiProperty } from '@nestjs/swagger';
import { formatInstant } from '@collabo/calendar';
import { PageView } from '@collabo/service-kit';
import { OutcomeKinds, type Outcome } from './outcome.entity.js';

export class OutcomeView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) proposalId!: string;
  @ApiProperty({ enum: OutcomeKinds }) kind!: string;
  @ApiProperty() summary!: string;
  @ApiProperty() occurredOn!: string;
  @ApiProperty({ type: Number, nullable: true }) amountYen!: number | null;
  @ApiProperty({ type: Number, nullable: true }) fiscalYear!: number | null;
  @ApiProperty({ type: String, nullable: true }) patentNumber!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'jobs_created only: how many jobs.' }) jobsCreated!: number | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'award only: the registry tenancy it came from.' })
  tenancyId!: string | null;
  @ApiProperty() recordedAt!: string;
  @ApiProperty({ type: String, nullable: true }) recordedBy!: string | null;
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

/** `GET /v1/proposals/{id}/outcomes`. */
export const OutcomePageView = PageView(OutcomeView, 'OutcomePage');
