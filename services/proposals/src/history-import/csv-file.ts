import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';

/**
 * Reading a CSV file as the registry's import does (the same libraries, csv-parse and iconv-lite; no code shared
 * between services): UTF-8 with or without a byte-order mark, or Shift_JIS (Windows-31J / cp932, as Excel in
 * Japan saves "CSV"). A BOM means UTF-8; otherwise bytes that are valid UTF-8 are UTF-8, and anything else is
 * read as cp932. `declared` skips the guess.
 */
export type CsvEncoding = 'utf-8' | 'shift_jis';
export type DetectedEncoding = 'utf-8' | 'utf-8-bom' | 'shift_jis';

export class CsvFormatError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export function decodeCsv(bytes: Buffer, declared?: CsvEncoding): { text: string; encoding: DetectedEncoding } {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    throw new CsvFormatError('The file is UTF-16; save it as CSV (UTF-8) or CSV (Shift_JIS).');
  }
  if (bytes.subarray(0, 3).equals(BOM)) return { text: strictUtf8(bytes.subarray(3)), encoding: 'utf-8-bom' };
  if (declared === 'shift_jis') return { text: iconv.decode(bytes, 'cp932'), encoding: 'shift_jis' };
  if (declared === 'utf-8') return { text: strictUtf8(bytes), encoding: 'utf-8' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(bytes, 'cp932'), encoding: 'shift_jis' };
  }
}

function strictUtf8(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CsvFormatError('The file is not valid UTF-8.');
  }
}

export interface CsvRow {
  /** The line of the file the record starts on (the header is line 1). */
  line: number;
  values: Record<string, string>;
  /** The record had more or fewer fields than the header. */
  fieldCountMismatch: boolean;
}

/** CSV text with a header row to rows. Header names are trimmed and lower-cased; empty lines are skipped. */
export function parseCsv(text: string): { header: string[]; rows: CsvRow[] } {
  let records: { record: string[]; info: { lines: number }; raw: string }[];
  try {
    // One line end for all: csv-parse's own detection miscounts lines in CRLF files.
    records = parse(text.replace(/\r\n?/g, '\n'), {
      info: true,
      raw: true,
      relax_column_count: true,
      skip_empty_lines: true,
      bom: true,
    }) as unknown as typeof records;
  } catch (err) {
    const e = err as { message: string; lines?: number };
    throw new CsvFormatError(`The file is not readable CSV: ${e.message}`, e.lines);
  }
  if (!records.length) throw new CsvFormatError('The file is empty: it needs a header row.');
  const header = records[0]!.record.map((h) => h.trim().toLowerCase());
  const rows = records.slice(1).map(({ record, info, raw }) => {
    const values: Record<string, string> = {};
    header.forEach((name, i) => (values[name] = (record[i] ?? '').trim()));
    const line = info.lines - (raw.replace(/^\n+/, '').replace(/\n$/, '').match(/\n/g)?.length ?? 0);
    return { line, values, fieldCountMismatch: record.length !== header.length };
  });
  return { header, rows };
}

/** A list cell: `food;tourism` (also `,`, `、`, `|` or `/`) to its items. */
export function listCell(value: string): string[] {
  return value
    .split(/[;,、|/]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** `1,000,000` or `１０００` to an integer; undefined when empty; NaN when not a whole number. */
export function integerCell(value: string): number | undefined {
  if (value === '') return undefined;
  const normalised = value.normalize('NFKC').replace(/[,\s]/g, '');
  return /^-?\d{1,16}$/.test(normalised) ? Number(normalised) : Number.NaN;
}
