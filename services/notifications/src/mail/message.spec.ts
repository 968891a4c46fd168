import { describe, expect, it } from '@jest/globals';
import { simpleParser } from 'mailparser';
import { UnbuildableMessageError } from '../errors.js';
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

  const base = {
    from: { name: 'Collabo', address: 'noreply@collabo.example.jp' },
    to: { name: null, address: 'x@example.jp' } as { name: string | null; address: string },
    subject: 'x',
    text: 'x',
    html: '<p>x</p>',
    attachments: [],
    messageId: '<m@collabo.example.jp>',
    language: 'en' as const,
    kind: 'proposal-advanced',
    unsubscribeUrl: null,
    date: new Date('2026-12-01T01:02:03Z'),
  };

  it('writes any display name and subject so that they decode as they were, in folded ASCII header lines', async () => {
    for (const name of ['Smith, Anna "AJ" \\ Jr.', 'Anna Smith', '山田 太郎', 'O’Brien =?x?= (admin)', '高橋\r\nBcc: evil@example.jp']) {
      const subject = `A "quoted" =?UTF-8?B?eA==?= subject, long enough to be folded over more than one header line: ${name} ${'x'.repeat(40)}`;
      const raw = await buildMessage({ ...base, to: { name, address: 'anna.smith+tag@example.jp' }, subject });
      const headerBlock = raw.toString('latin1').split('\r\n\r\n')[0]!;
      expect(headerBlock).toMatch(/^[\x20-\x7e\r\n\t]+$/);
      for (const line of headerBlock.split('\r\n')) expect(line.length).toBeLessThanOrEqual(998);
      expect(headerBlock).not.toMatch(/^Bcc:/im);
      const mail = await simpleParser(raw);
      const clean = name.replace(/[\r\n]+/g, ' ');
      expect(mail.to && !Array.isArray(mail.to) ? mail.to.value : null).toEqual([{ name: clean, address: 'anna.smith+tag@example.jp' }]);
      expect(mail.subject).toBe(subject.replace(/[\r\n]+/g, ' '));
      expect(mail.text).toBe('x');
      expect(mail.html).toBe('<p>x</p>');
    }
  });

  it('writes an internationalised domain in ASCII, and refuses an address or a link that cannot be written in a header', async () => {
    const idn = await buildMessage({ ...base, to: { name: null, address: 'info@例え.jp' } });
    expect(idn.toString('latin1')).toMatch(/^To: info@xn--r8jz45g\.jp\r$/m);
    for (const address of ['x@example.jp\r\nBcc: evil@example.jp', 'x y@example.jp', '<x@example.jp>', 'nobody']) {
      await expect(buildMessage({ ...base, to: { name: null, address } })).rejects.toThrow(UnbuildableMessageError);
    }
    await expect(buildMessage({ ...base, unsubscribeUrl: 'http://n.test/u?token=a>\r\nX: y' })).rejects.toThrow(UnbuildableMessageError);
    await expect(
      buildMessage({ ...base, attachments: [{ filename: 'a\r\nb.ics', contentType: 'text/calendar', content: 'x' }] }),
    ).rejects.toThrow(UnbuildableMessageError);
  });

  it('keeps long Japanese bodies intact, in lines short enough for SMTP, whatever the body holds', async () => {
    const text = `${'いつもお世話になっております。'.repeat(200)}\n--=_collabo_fake_alt\n.\nend`;
    const raw = await buildMessage({ ...base, text, html: `<p>${text}</p>` });
    for (const line of raw.toString('latin1').split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);
    const mail = await simpleParser(raw);
    expect(mail.text).toBe(text);
    expect(mail.html).toBe(`<p>${text}</p>`);
  });
});
