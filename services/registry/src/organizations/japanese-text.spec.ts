import { describe, expect, it } from '@jest/globals';
import { escapeLike, normalizeText, organizationNameKey, searchKey, toKatakana } from './japanese-text.js';

describe('Japanese text', () => {
  it('normalises full-width letters, half-width katakana and spaces', () => {
    expect(normalizeText('  ＮＯＡＳＴＥＣ　ﾎｯｶｲﾄﾞｳ  ')).toBe('NOASTEC ホッカイドウ');
  });

  it('turns hiragana into katakana and leaves the rest', () => {
    expect(toKatakana('ほっかいどう大学ABC')).toBe('ホッカイドウ大学ABC');
  });

  it('makes a search key without spaces, lower case', () => {
    expect(searchKey('山田　太郎')).toBe('山田太郎');
    expect(searchKey('Ｈｏｋｋａｉｄｏ Foods')).toBe('hokkaidofoods');
  });

  it('escapes LIKE wildcards', () => {
    expect(escapeLike('100%_\\')).toBe('100\\%\\_\\\\');
  });

  it('gives the same key to the same organisation written with different legal forms', () => {
    const key = organizationNameKey('株式会社 北海道フーズ');
    expect(organizationNameKey('(株)北海道フーズ')).toBe(key);
    expect(organizationNameKey('北海道フーズ株式会社')).toBe(key);
    expect(organizationNameKey('（株）北海道フーズ')).toBe(key);
    expect(key).toBe('北海道フーズ');
    expect(organizationNameKey('北海道ウッド')).not.toBe(key);
  });
});
