import { describe, expect, it } from '@jest/globals';
import { CsvFormatError, decodeCsv, integerCell, listCell, parseCsv } from '@collabo/service-kit';
import iconv from 'iconv-lite';

/**
 * The kit reads the uploaded files; these pin what the registry's import relies on: the encodings staff send, the
 * line numbers its row problems carry, and the messages its 400 `REGISTRY.CSV_UNREADABLE` bodies repeat.
 */
const SAMPLE = 'name,name_kana\n株式会社北海道フーズ,ホッカイドウフーズ\n';

describe('reading an import file (the kit’s CSV reader, as the registry uses it)', () => {
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
    expect(() => decodeCsv(Buffer.from([0xff, 0xfe, 0x41, 0x00]))).toThrow(/UTF-16/);
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

  it('reads list and integer cells', () => {
    expect(listCell('food; tourism、it')).toEqual(['food', 'tourism', 'it']);
    expect(integerCell('10,000,000')).toBe(10_000_000);
    expect(integerCell('１２')).toBe(12);
    expect(integerCell('')).toBeUndefined();
    expect(integerCell('1.5')).toBeNaN();
  });
});
