import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { FieldError } from '../errors/app-error.js';
import { CsvFormatError, decodeCsv, parseCsv, type CsvEncoding, type CsvRow, type DetectedEncoding } from './csv-import.js';

/**
 * The query of every CSV import route (`POST /v1/<things>/import?dryRun=&encoding=`): a dry run unless
 * `dryRun=false`, the file's encoding guessed unless declared.
 */
export class CsvImportQuery {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    default: 'true',
    description: 'true: only check and report; false: import, all rows or none',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  dryRun: 'true' | 'false' = 'true';

  @ApiPropertyOptional({
    enum: ['auto', 'utf-8', 'shift_jis'],
    default: 'auto',
    description: 'auto: a BOM or valid UTF-8 means UTF-8, else Shift_JIS (cp932)',
  })
  @IsOptional()
  @IsIn(['auto', 'utf-8', 'shift_jis'])
  encoding: 'auto' | 'utf-8' | 'shift_jis' = 'auto';
}

/** What an import service is asked to do, from the route's query. */
export function csvImportOptions(query: CsvImportQuery): { dryRun: boolean; encoding?: CsvEncoding } {
  return { dryRun: query.dryRun !== 'false', encoding: query.encoding === 'auto' ? undefined : query.encoding };
}

/**
 * An uploaded file decoded and parsed; a file that cannot be read as CSV at all becomes the service's own 400
 * (`unreadable`, e.g. its `CsvUnreadableError`), with the line as the field when it is known.
 */
export function readCsvUpload(
  bytes: Buffer,
  encoding: CsvEncoding | undefined,
  unreadable: (message: string, errors: FieldError[]) => Error,
): { header: string[]; rows: CsvRow[]; encoding: DetectedEncoding } {
  try {
    const decoded = decodeCsv(bytes, encoding);
    return { ...parseCsv(decoded.text), encoding: decoded.encoding };
  } catch (err) {
    if (!(err instanceof CsvFormatError)) throw err;
    throw unreadable(err.message, err.line ? [{ field: `line ${err.line}`, message: err.message }] : []);
  }
}

/**
 * Problems of an import's header row, by column: an unknown column (a typo would silently drop its data), a column
 * given twice, a required column missing.
 */
export function csvHeaderErrors(header: string[], known: Iterable<string>, required: Iterable<string>): FieldError[] {
  const columns = new Set(known);
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  for (const name of header) {
    if (!columns.has(name)) errors.push({ field: name || '(empty)', message: `unknown column ${JSON.stringify(name)}` });
    if (seen.has(name)) errors.push({ field: name, message: 'the column appears twice' });
    seen.add(name);
  }
  for (const name of required) if (!header.includes(name)) errors.push({ field: name, message: 'required column is missing' });
  return errors;
}
