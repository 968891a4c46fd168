import { describe, expect, it } from '@jest/globals';
import { simpleParser } from 'mailparser';
import { buildMessage, messageIdFor } from './message.js';

describe('messageIdFor', () => {
  it('is the same for the same (event, recipient, kind) and different otherwise', () => {
    const a = messageIdFor('e1', 'person:p1', 'proposal-advanced', 'collabo.example.jp');
    expect(a).toMatch(/^<[0-9a-f]{40}@collabo\.example\.jp>$/);
    expect(messageIdFor('e1', 'person:p1', 'proposal-advanced', 'collabo.example.jp')).toBe(a);
    expect(messageIdFor('e2', 'person:p1', 'proposal-advanced', 'collabo.example.jp')).not.toBe(a);
    expect(messageIdFor('e1', 'person:p2', 'proposal-advanced', 'collabo.example.jp')).not.toBe(a);
    expect(messageIdFor('e1', 'person:p1', 'proposal-decided', 'collabo.example.jp')).not.toBe(a);
  });
});

describe('buildMessage', () => {
  it('builds a message every client decodes: Japanese headers, text and HTML, the .ics, the unsubscribe headers', async () => {
    const raw = await buildMessage({
      from: { name: '北海道産学官協働センター', address: 'noreply@collabo.example.jp' },
      to: { name: '山田 太郎', address: 'taro@example.jp' },
      subject: '【Collabo 参加確定】食と健康の異分野交流会（2026年12月3日（木）18:00〜20:30）へのご参加が確定しました',
      text: '山田 太郎 様\n\nお世話になっております。',
      html: '<p>山田 太郎 様</p>',
      attachments: [
        {
          filename: 'event.ics',
          contentType: 'text/calendar; charset=utf-8',
          content: 'BEGIN:VCALENDAR\r\nSUMMARY:交流会\r\nEND:VCALENDAR\r\n',
        },
      ],
      messageId: '<abc@collabo.example.jp>',
      language: 'ja',
      kind: 'registration-confirmed',
      unsubscribeUrl: 'http://notifications.test/v1/unsubscribe?token=abc.def',
      date: new Date('2026-12-01T01:02:03Z'),
    });
    const headerBlock = raw.toString('latin1').split('\r\n\r\n')[0]!;
    expect(headerBlock).toMatch(/^[\x20-\x7e\r\n\t]+$/);
    const mail = await simpleParser(raw);
    expect(mail.subject).toBe('【Collabo 参加確定】食と健康の異分野交流会（2026年12月3日（木）18:00〜20:30）へのご参加が確定しました');
    expect(mail.from?.value[0]).toEqual({ name: '北海道産学官協働センター', address: 'noreply@collabo.example.jp' });
    expect(mail.messageId).toBe('<abc@collabo.example.jp>');
    expect(mail.date?.toISOString()).toBe('2026-12-01T01:02:03.000Z');
    expect(mail.text).toContain('山田 太郎 様');
    expect(mail.html).toContain('<p>山田 太郎 様</p>');
    expect(mail.attachments.map((a) => [a.filename, a.contentType, a.content.toString('utf8')])).toEqual([
      ['event.ics', 'text/calendar', 'BEGIN:VCALENDAR\r\nSUMMARY:交流会\r\nEND:VCALENDAR\r\n'],
    ]);
    expect(headerBlock).toContain('List-Unsubscribe: <http://notifications.test/v1/unsubscribe?token=abc.def>');
    expect(headerBlock).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
  });

  it('leaves the unsubscribe headers out of transactional emails', async () => {
    const raw = await buildMessage({
      from: { name: 'Collabo', address: 'noreply@collabo.example.jp' },
      to: { name: null, address: 'x@example.jp' },
      subject: 'x',
      text: 'x',
      html: '<p>x</p>',
      attachments: [],
      messageId: '<m@collabo.example.jp>',
      language: 'en',
      kind: 'proposal-decided',
      unsubscribeUrl: null,
      date: new Date('2026-12-01T01:02:03Z'),
    });
    expect(raw.toString()).not.toMatch(/List-Unsubscribe/i);
  });
});
