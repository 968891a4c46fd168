import { afterEach, describe, expect, it } from '@jest/globals';
import { SmtpSink } from '@collabo/testing';
import { SmtpSender, type SendRequest } from '../src/mail/smtp-sender.js';

/** The SMTP session of one delivery lane against a real SMTP server, without the worker around it. */
describe('SMTP session of a delivery lane', () => {
  const servers: SmtpSink[] = [];

  afterEach(async () => {
    for (const s of servers.splice(0)) await s.stop();
  });

  const email = (i: number, fenced: string[] = []): SendRequest => ({
    from: 'noreply@collabo.example.jp',
    to: `lane${i}@example.jp`,
    raw: Buffer.from(
      `From: noreply@collabo.example.jp\r\nTo: lane${i}@example.jp\r\nSubject: ${i}\r\nMessage-ID: <lane-${i}@test>\r\n\r\nbody ${i}\r\n`,
    ),
    beforeData: async () => {
      fenced.push(`lane${i}@example.jp`);
      return true;
    },
  });

  it('sends back to back across session ends: a closed session reporting its end late fails no later email', async () => {
    const smtp = await SmtpSink.start();
    servers.push(smtp);
    // One email per session: every email follows a QUIT whose connection is still closing.
    const session = new SmtpSender(smtp.url, 4000, { maxMessages: 1, idleMs: 60_000 }).session();
    const results = [];
    for (let i = 0; i < 20; i++) results.push(await session.send(email(i)));
    session.close();
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(smtp.received).toHaveLength(20);
    expect(smtp.sessionsOpened).toBe(20);
  });

  it('keeps one session for many emails, and fences each email once before its data', async () => {
    const smtp = await SmtpSink.start();
    servers.push(smtp);
    const fenced: string[] = [];
    const session = new SmtpSender(smtp.url, 4000, { maxMessages: 100, idleMs: 60_000 }).session();
    for (let i = 0; i < 10; i++) expect(await session.send(email(i, fenced))).toMatchObject({ ok: true });
    session.close();
    expect(smtp.sessionsOpened).toBe(1);
    expect(fenced).toEqual(Array.from({ length: 10 }, (_, i) => `lane${i}@example.jp`));
    expect(smtp.received.map((m) => m.to[0])).toEqual(fenced);
  });

  it('does not send again what a refused recipient failed, and sends the next email over a new session', async () => {
    const smtp = await SmtpSink.start();
    servers.push(smtp);
    smtp.reject('lane1@example.jp', 550, 'No such mailbox');
    const session = new SmtpSender(smtp.url, 4000, { maxMessages: 100, idleMs: 60_000 }).session();
    expect(await session.send(email(0))).toMatchObject({ ok: true });
    const refused = await session.send(email(1));
    expect(refused).toMatchObject({ ok: false, reachedData: false, failure: { responseCode: 550 } });
    expect(await session.send(email(2))).toMatchObject({ ok: true });
    session.close();
    expect(smtp.received.map((m) => m.to[0])).toEqual(['lane0@example.jp', 'lane2@example.jp']);
    expect(smtp.sessionsOpened).toBe(2);
  });
});
