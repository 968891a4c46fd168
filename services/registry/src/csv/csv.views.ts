import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { DetectedEncoding } from '@collabo/service-kit';
import type { Documents } from '../http/response-views.js';
import type { ImportReport, RowProblem } from './csv-import.service.js';

/** A problem of one row, by line (of the file, the header being line 1) and column. */
export class CsvRowProblem {
  @ApiProperty({ type: Number }) line!: number;
  @ApiProperty() field!: string;
  @ApiProperty() message!: string;
}

/** The report of a CSV import of organisations or people: a dry run, or a commit (all or nothing). */
export class CsvImportReport {
  @ApiProperty() dryRun!: boolean;
  @ApiProperty({ enum: ['utf-8', 'utf-8-bom', 'shift_jis'], description: 'The encoding the file was read in' })
  encoding!: DetectedEncoding;
  @ApiProperty({ type: Number }) rows!: number;
  @ApiProperty({ type: Number }) valid!: number;
  @ApiProperty({ type: Number }) invalid!: number;
  @ApiProperty({ type: [CsvRowProblem], description: 'Every problem of every bad row; a commit writes nothing while there is one' })
  errors!: CsvRowProblem[];
  @ApiProperty({ type: [CsvRowProblem], description: 'What does not stop the import (a similar organisation in the same municipality)' })
  warnings!: CsvRowProblem[];
  @ApiPropertyOptional({ type: [String], description: 'After a commit: the new records’ ids, in the order of the rows' })
  created?: string[];
}

/** Each class documents exactly what the service answers (compile-time). */
export const CSV_VIEWS_MATCH: [Documents<CsvRowProblem, RowProblem>, Documents<CsvImportReport, ImportReport>] = [true, true];
