import { describe, expect, it } from '@jest/globals';
import { disclosureHtml, escapeHtml } from './disclosure-document.js';

describe('the disclosure document', () => {
  const doc = {
    requestId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
    subject: { personId: null, personIds: [], emails: ['guest@example.jp'] },
    openedAt: '2026-12-01T09:00:00+09:00',
    completedAt: '2026-12-02T09:00:00+09:00',
    generatedAt: '2026-12-03T09:00:00+09:00',
    services: [
      { service: 'registry' as const, answeredAt: '2026-12-01T09:00:00+09:00', sections: [] },
      {
        service: 'events' as const,
        answeredAt: '2026-12-02T09:00:00+09:00',
        sections: [
          {
            key: 'events.registration',
            title: { ja: '参加申込', en: 'Registrations' },
            records: [{ name: '<script>alert(1)</script>', answers: [{ q: 'a&b' }], tags: ['x', 'y'], note: null }],
          },
        ],
      },
    ],
  };

  it('is Japanese with English headings beside, and escapes every value', () => {
    const html = disclosureHtml(doc);
    expect(html).toContain('<html lang="ja">');
    expect(html).toContain('保有個人データの開示');
    expect(html).toContain('参加申込<span class="en"> / Registrations</span>');
    expect(html).toContain('交流イベント');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('a&amp;b');
    expect(html).toContain('x, y');
    expect(html).toContain('記録はありません / No records');
  });

  it('escapes the five characters of HTML', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});
