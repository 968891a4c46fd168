import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import iconv from 'iconv-lite';
import type { FieldError } from '../errors/app-error.js';
import { csvHeaderErrors, csvImportOptions, CsvImportQuery, readCsvUpload } from './csv-upload.js';

class Unreadable extends Error {
  constructor(
    message: string,
    readonly errors: FieldError[],
  ) {
    super(message);
  }
}
const unreadable = (message: string, errors: FieldError[]) => new Unreadable(message, errors);

describe('an uploaded CSV file and its import query', () => {
  it('reads a Shift_JIS file with its header, rows and the encoding it found', () => {
    const read = readCsvUpload(iconv.encode('名前,メモ\r\n北海道 太郎,①\r\n', 'cp932'), undefined, unreadable);
    expect(read).toEqual({
      header: ['名前', 'メモ'],
      rows: [{ line: 2, values: { 名前: '北海道 太郎', メモ: '①' }, fieldCountMismatch: false }],
      encoding: 'shift_jis',
    });
  });

  it("turns a file that is not CSV into the service's own error, with the line when known", () => {
    const declaredWrong = () => readCsvUpload(iconv.encode('名前\r\n太郎\r\n', 'cp932'), 'utf-8', unreadable);
    expect(declaredWrong).toThrow(Unreadable);
    expect(declaredWrong).toThrow('The file is not valid UTF-8.');
    try {
      readCsvUpload(Buffer.from('a,b\r\n"open quote,1\r\n'), undefined, unreadable);
      throw new Error('no error');
    } catch (err) {
      expect(err).toBeInstanceOf(Unreadable);
      expect((err as Unreadable).errors).toEqual([{ field: expect.stringMatching(/^line \d+$/), message: (err as Error).message }]);
    }
  });

  it('defaults to a dry run with the encoding guessed, and refuses anything but the listed values', () => {
    expect(csvImportOptions(plainToInstance(CsvImportQuery, {}))).toEqual({ dryRun: true, encoding: undefined });
    expect(csvImportOptions(plainToInstance(CsvImportQuery, { dryRun: 'false', encoding: 'shift_jis' }))).toEqual({
      dryRun: false,
      encoding: 'shift_jis',
    });
    const errors = validateSync(plainToInstance(CsvImportQuery, { dryRun: 'no', encoding: 'latin1' }));
    expect(errors.map((e) => e.property).sort()).toEqual(['dryRun', 'encoding']);
  });
});

describe('the header row of an import', () => {
  it('names each unknown, doubled and missing column', () => {
    expect(csvHeaderErrors(['name', 'nmae', 'name', ''], ['name', 'note', 'reading'], ['name', 'reading'])).toEqual([
      { field: 'nmae', message: 'unknown column "nmae"' },
      { field: 'name', message: 'the column appears twice' },
      { field: '(empty)', message: 'unknown column ""' },
      { field: 'reading', message: 'required column is missing' },
    ]);
    expect(csvHeaderErrors(['name', 'reading'], ['name', 'note', 'reading'], ['name', 'reading'])).toEqual([]);
  });
});
