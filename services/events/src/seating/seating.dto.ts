import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsObject, IsUUID, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { OptionalField } from '../http/validators.js';

export class PlanSeatingDto {
  @ApiProperty({ minimum: 2, maximum: 20, example: 6, description: 'Seats per table' }) @IsInt() @Min(2) @Max(20) tableSize!: number;
  @ApiPropertyOptional({ minimum: 0, maximum: 5, default: 0, description: 'Seats per table kept for hosts (foundation staff)' })
  @OptionalField()
  @IsInt()
  @Min(0)
  @Max(5)
  hostsPerTable?: number;
}

export class SeatMoveDto {
  @ApiProperty() @IsUUID() registrationId!: string;
  @ApiProperty({ nullable: true, type: Number, description: '1-based table number; null takes the person out of the plan' })
  @ValidateIf((_o: SeatMoveDto, v: unknown) => v !== null)
  @IsInt()
  @Min(1)
  @Max(1000)
  toTable!: number | null;
}

export class SeatMovesDto {
  @ApiProperty({ type: [SeatMoveDto], description: 'Applied in order; all or none (a swap is two moves)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => SeatMoveDto)
  moves!: SeatMoveDto[];
}

export class SeatView {
  @ApiProperty({ format: 'uuid' }) registrationId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) organizationName!: string | null;
  @ApiProperty({ nullable: true, type: String }) sector!: string | null;
  @ApiProperty({ type: [String] }) focusFields!: string[];
}

/** A count per key (sector, focus field), as an object. */
const COUNTS = { type: 'object', additionalProperties: { type: 'integer' } } as const;

export class TableView {
  @ApiProperty() table!: number;
  @ApiProperty() hostSeats!: number;
  @ApiProperty({ description: '0 = like an average random table, 100 = this table’s share of the lower bound' }) mixScore!: number;
  @ApiProperty() organizationPairs!: number;
  @ApiProperty() studyGroupPairs!: number;
  @ApiProperty() focusFieldPairs!: number;
  @ApiProperty({ ...COUNTS, description: 'People at the table per sector' }) sectors!: Record<string, number>;
  @ApiProperty({ ...COUNTS, description: 'People at the table per focus field' }) focusFields!: Record<string, number>;
  @ApiProperty({ type: [SeatView] }) seats!: SeatView[];
}

export class PlanScoreView {
  @ApiProperty({ description: '0 = what a random seating gets on average, 100 = a lower bound no seating can beat' }) mixScore!: number;
  @ApiProperty() organizationPairs!: number;
  @ApiProperty({ description: 'Same-organisation pairs no seating can avoid (an organisation with more people than tables)' })
  unavoidableOrganizationPairs!: number;
  @ApiProperty() sectorPairs!: number;
  @ApiProperty() focusFieldPairs!: number;
  @ApiProperty() studyGroupPairs!: number;
  @ApiProperty({ description: 'Weighted shared pairs (lower is better)' }) cost!: number;
  @ApiProperty() randomExpectedCost!: number;
  @ApiProperty() lowerBound!: number;
}

export class ExplanationView {
  @ApiProperty() en!: string;
  @ApiProperty() ja!: string;
}

export class SeatingPlanView {
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ description: 'Also the ETag: send it as If-Match with moves' }) version!: number;
  @ApiProperty() tableSize!: number;
  @ApiProperty() hostsPerTable!: number;
  @ApiProperty({ description: 'Fingerprint of the attendees and settings the plan was made from' }) inputHash!: string;
  @ApiProperty({ format: 'date-time' }) generatedAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) adjustedAt!: string | null;
  @ApiProperty() manualMoves!: number;
  @ApiProperty({ type: PlanScoreView }) score!: PlanScoreView;
  @ApiProperty({ type: [TableView] }) tables!: TableView[];
  @ApiProperty({
    type: String,
    format: 'uuid',
    isArray: true,
    description: 'Registration ids of confirmed attendees not in the plan (registered or confirmed after it was made)',
  })
  unseated!: string[];
  @ApiProperty({
    type: String,
    format: 'uuid',
    isArray: true,
    description: 'Registration ids of people in the plan who are no longer confirmed (cancelled since)',
  })
  noLongerAttending!: string[];
  @ApiProperty({ type: [String] }) warnings!: string[];
  @ApiProperty({ type: ExplanationView }) explanation!: ExplanationView;
}
