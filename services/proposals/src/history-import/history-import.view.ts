import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** One problem of a row of the file. */
export class ImportProblemView {
  @ApiProperty({ description: 'The line of the file (the header is line 1)' }) line!: number;
  @ApiProperty({ description: 'The CSV column (or "(row)")' }) field!: string;
  @ApiProperty() message!: string;
}

/** A proposal the import brought in. */
export class ImportedProposalView {
  @ApiProperty({ description: 'Its old reference number (`legacy_ref`)' }) legacyRef!: string;
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'Its new reference number, P<FY>-NNNN of the fiscal year it was brought in' }) referenceNumber!: string;
}

/** The report of a CSV history import: a dry run, or a commit (all or nothing). */
export class HistoryImportReportView {
  @ApiProperty() dryRun!: boolean;
  @ApiProperty({ enum: ['utf-8', 'utf-8-bom', 'shift_jis'] }) encoding!: 'utf-8' | 'utf-8-bom' | 'shift_jis';
  @ApiProperty({ description: 'Rows of the file (the header not counted)' }) rows!: number;
  @ApiProperty() valid!: number;
  @ApiProperty() invalid!: number;
  @ApiProperty({ description: 'Proposals brought in (`brought_in` rows)' }) proposals!: number;
  @ApiProperty({ description: 'Stage changes (`stage` rows)' }) transitions!: number;
  @ApiProperty({ description: 'Outcomes (`outcome` rows)' }) outcomes!: number;
  @ApiProperty({
    description:
      'Review assignments still open (`review_assigned` rows): ordinary assignments, reminded by the reminder job (overdue ones too); no "you have been assigned" email',
  })
  assignments!: number;
  @ApiProperty({ type: [ImportProblemView], description: 'Every problem of every bad row; a commit writes nothing while there is one' })
  errors!: ImportProblemView[];
  @ApiPropertyOptional({ format: 'uuid', description: 'After a commit: the import' }) importId?: string;
  @ApiPropertyOptional({ type: [ImportedProposalView], description: 'After a commit: the proposals brought in, in the order of the file' })
  created?: ImportedProposalView[];
}
