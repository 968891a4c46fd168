import { formatInstant } from '@collabo/calendar';
import { stringify } from 'csv-stringify/sync';

/**
 * Writing the CSV exports. Reading an uploaded file (decoding, parsing, list and whole-number cells) is the
 * service kit's (`decodeCsv`, `parseCsv`, `listCell`, `integerCell` from `@collabo/service-kit`).
 */

/** CSV for Excel, in pieces: UTF-8 with a BOM (so Excel reads Japanese correctly), CRLF line ends, a header row. */
export function csvHead(columns: string[]): string {
  return `\uFEFF${stringify([columns], { record_delimiter: '\r\n' })}`;
}

/** Rows of a CSV file, each ending with CRLF: pieces of one file can be sent one after another. */
export function csvRecords(rows: unknown[][]): string {
  return rows.length
    ? stringify(
        rows.map((r) => r.map(cell)),
        { record_delimiter: '\r\n' },
      )
    : '';
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return neutraliseFormula(value.join(';'));
  if (value instanceof Date) return formatInstant(value);
  return neutraliseFormula(String(value));
}

/** A plain number, written as it is: `-12`, `3.5`, `0`. Anything more (`-1+1`, `1e3`, `+5`) is not. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;
/** Starts like a formula for a spreadsheet: `=`, `+`, `-`, `@` (also full-width), or a tab or CR, after any leading white space. */
const FORMULA_START = /^[\s\u3000]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20\t\r]/;

/**
 * A cell that a spreadsheet could run as a formula (CSV injection: `=HYPERLINK(...)`, `-1+HYPERLINK(...)`,
 * `@SUM(...)`, ` =cmd|...`) gets a leading `'`, so Excel and LibreOffice show it as text. Only a plain number
 * passes unchanged.
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}
