import { describe, expect, it } from '@jest/globals';
import iconv from 'iconv-lite';
import { CsvFormatError, decodeCsv, integerCell, listCell, parseCsv } from './csv-import.js';

describe('reading an uploaded CSV file', () => {
  const text = 'name,note\r\n北海道 太郎,"二行の\r\nメモ"\r\n\r\n札幌 花子,"引用 ""あり"", カンマ"\r\n';

  it('decodes UTF-8 with a BOM, plain UTF-8 and Shift_JIS (cp932, also its own characters such as ①), or as declared', () => {
    expect(decodeCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toEqual({ text, encoding: 'utf-8-bom' });
    expect(decodeCsv(Buffer.from(text))).toEqual({ text, encoding: 'utf-8' });
    const sjis = iconv.encode(`${text}①髙`, 'cp932');
    expect(decodeCsv(sjis)).toEqual({ text: `${text}①髙`, encoding: 'shift_jis' });
    expect(decodeCsv(sjis, 'shift_jis').encoding).toBe('shift_jis');
    expect(() => decodeCsv(sjis, 'utf-8')).toThrow(new CsvFormatError('The file is not valid UTF-8.'));
    expect(() => decodeCsv(Buffer.from(`\uFEFF${text}`, 'utf16le'))).toThrow(/UTF-16/);
  });

  it('parses with the header lower-cased and each record with the line it starts on', () => {
    const { header, rows } = parseCsv(`Name , NOTE\r\n${text.split('\r\n').slice(1).join('\r\n')}`);
    expect(header).toEqual(['name', 'note']);
    expect(rows).toEqual([
      { line: 2, values: { name: '北海道 太郎', note: '二行の\nメモ' }, fieldCountMismatch: false },
      { line: 5, values: { name: '札幌 花子', note: '引用 "あり", カンマ' }, fieldCountMismatch: false },
    ]);
    expect(parseCsv('a,b\n1\n1,2,3\n').rows.map((r) => r.fieldCountMismatch)).toEqual([true, true]);
    expect(() => parseCsv('')).toThrow(/empty/);
    expect(() => parseCsv('a,b\n"open,1\n')).toThrow(CsvFormatError);
  });

  it('reads list and whole-number cells', () => {
    expect(listCell(' a; b、c|d/e ,, ')).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(integerCell('')).toBeUndefined();
    expect(integerCell('１，２００')).toBe(1200);
    expect(integerCell('-3')).toBe(-3);
    expect(integerCell('3.5')).toBeNaN();
  });
});
