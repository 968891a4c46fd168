import { afterEach, describe, expect, it } from '@jest/globals';
import { canConnect } from '../src/ports.js';
import { SmtpSink } from '../src/smtp-sink.js';
import { SmtpClient } from './support/smtp-client.js';

describe('SmtpSink', () => {
  const sinks: SmtpSink[] = [];
  const clients: SmtpClient[] = [];
  afterEach(async () => {
    clients.splice(0).forEach((c) => c.close());
    for (const s of sinks.splice(0)) await s.stop();
  });
  const start = async (options: Parameters<typeof SmtpSink.start>[0] = {}) => {
    const sink = await SmtpSink.start(options);
    sinks.push(sink);
    return sink;
  };
  const client = async (sink: SmtpSink) => {
    const c = await SmtpClient.open(sink.port);
    clients.push(c);
    return c;
  };

  it('keeps an accepted message parsed, with the envelope recipients and the Message-ID as sent', async () => {
    const sink = await start();
    const c = await client(sink);
    expect(await c.envelope('Anna@Example.JP')).toMatch(/^250/);
    expect(await c.data(SmtpClient.message('anna@example.jp', '<m1@collabo.example>'))).toMatch(/^250/);
    const [mail] = await sink.waitFor(1);
    expect(mail).toMatchObject({
      messageId: '<m1@collabo.example>',
      to: ['anna@example.jp'],
      subject: 'テスト / test',
      kind: 'proposal.advanced',
    });
    expect(mail!.parsed.text?.trim()).toBe('Hello from the test.');
    expect(sink.to('ANNA@example.jp')).toHaveLength(1);
    expect(sink.accepted.get('<m1@collabo.example>')?.to).toEqual(['anna@example.jp']);
    expect([sink.total, sink.sessionsOpened]).toEqual([1, 1]);
  });

  it('refuses connections while down and accepts again on the same port after listen()', async () => {
    const sink = await start();
    const port = sink.port;
    await sink.stop();
    expect(await canConnect('127.0.0.1', port)).toBe(false);
    await sink.listen();
    expect(sink.port).toBe(port);
    const c = await client(sink);
    expect(await c.envelope('back@example.jp')).toMatch(/^250/);
  });

  it('answers 421 to a message cut by going down, and does not keep it', async () => {
    const sink = await start();
    const c = await client(sink);
    await c.envelope('cut@example.jp');
    expect(await c.send('DATA')).toMatch(/^354/);
    for (const line of SmtpClient.message('cut@example.jp', '<cut@collabo.example>')) c.write(line);
    const down = sink.stop();
    expect(await c.send('.')).toMatch(/^421/);
    await down;
    expect(sink.received).toEqual([]);
    expect(sink.dataReceived).toEqual(['cut@example.jp']);
  });

  it('in tempfail mode answers 451 after the data and keeps nothing; in permfail mode refuses recipients with 550', async () => {
    const sink = await start();
    sink.mode = 'tempfail';
    const c = await client(sink);
    await c.envelope('later@example.jp');
    expect(await c.data(SmtpClient.message('later@example.jp', '<t@collabo.example>'))).toMatch(/^451/);
    sink.mode = 'permfail';
    expect(await c.send('RSET')).toMatch(/^250/);
    await c.send('MAIL FROM:<sender@collabo.example>');
    expect(await c.send('RCPT TO:<never@example.jp>')).toMatch(/^550/);
    sink.mode = 'accept';
    expect(await c.send('RCPT TO:<now@example.jp>')).toMatch(/^250/);
    expect(sink.received).toEqual([]);
  });

  it('refuses one recipient with the code it is given until accept()', async () => {
    const sink = await start();
    sink.reject('Refused@example.jp', 450, 'Mailbox busy');
    const c = await client(sink);
    expect(await c.envelope('refused@example.jp')).toMatch(/^450 .*Mailbox busy/);
    expect(await c.send('RCPT TO:<other@example.jp>')).toMatch(/^250/);
    sink.accept('refused@example.jp');
    expect(await c.send('RCPT TO:<refused@example.jp>')).toMatch(/^250/);
  });

  it('holds the answer to the data until released, with the message already kept', async () => {
    const sink = await start();
    const held = sink.holdAnswerToData('held@example.jp');
    const c = await client(sink);
    await c.envelope('held@example.jp');
    expect(await c.send('DATA')).toMatch(/^354/);
    for (const line of SmtpClient.message('held@example.jp', '<held@collabo.example>')) c.write(line);
    c.write('.');
    await held.reached;
    expect(sink.to('held@example.jp')).toHaveLength(1);
    expect(c.hasReply).toBe(false);
    held.release();
    expect(await c.reply()).toMatch(/^250/);
  });

  it('holds a session at RCPT TO until released', async () => {
    const sink = await start();
    const held = sink.holdAtRecipient('wait@example.jp');
    const c = await client(sink);
    await c.reply();
    await c.send('EHLO test.example');
    await c.send('MAIL FROM:<sender@collabo.example>');
    c.write('RCPT TO:<wait@example.jp>');
    await held.reached;
    expect(c.hasReply).toBe(false);
    held.release();
    expect(await c.reply()).toMatch(/^250/);
  });

  it('drops open sessions with 421 as an idle timeout does, and counts them closed', async () => {
    const sink = await start();
    const c = await client(sink);
    await c.reply();
    await c.send('EHLO test.example');
    sink.dropSessions();
    expect(await c.reply()).toMatch(/^421/);
    await sink.waitForSessionsClosed(1);
    expect(sink.sessionsClosed).toBe(1);
    expect(sink.listening).toBe(true);
  });

  it('closes the next session at MAIL FROM without an answer', async () => {
    const sink = await start();
    sink.dropSessionsAtMail(1);
    const c = await client(sink);
    await c.reply();
    await c.send('EHLO test.example');
    expect(await c.send('MAIL FROM:<sender@collabo.example>')).toBeNull();
    const again = await client(sink);
    expect(await again.envelope('next@example.jp')).toMatch(/^250/);
  });

  it('with keep: index counts Message-IDs and duplicates without keeping the messages', async () => {
    const sink = await start({ keep: 'index' });
    const c = await client(sink);
    await c.envelope('many@example.jp');
    expect(await c.data(SmtpClient.message('many@example.jp', '<a@collabo.example>'))).toMatch(/^250/);
    for (const id of ['<a@collabo.example>', '<b@collabo.example>']) {
      await c.send('MAIL FROM:<sender@collabo.example>');
      await c.send('RCPT TO:<many@example.jp>');
      expect(await c.data(SmtpClient.message('many@example.jp', id))).toMatch(/^250/);
    }
    expect(await sink.waitForAccepted(2, 5_000)).toBe(true);
    expect([...sink.accepted.keys()]).toEqual(['<a@collabo.example>', '<b@collabo.example>']);
    expect(sink.accepted.get('<a@collabo.example>')?.kind).toBe('proposal.advanced');
    expect([sink.total, sink.duplicateCount, sink.received.length]).toEqual([3, 1, 0]);
  });

  it('waits boundedly: waitForAccepted answers false, waitFor rejects saying what it saw', async () => {
    const sink = await start();
    expect(await sink.waitForAccepted(1, 50)).toBe(false);
    await expect(sink.waitFor(1, () => true, 50)).rejects.toThrow('waited 50 ms for 1 message(s) at the SMTP sink, saw 0');
  });

  it('reports the Message-IDs accepted twice', async () => {
    const sink = await start();
    const c = await client(sink);
    await c.envelope('twice@example.jp');
    await c.data(SmtpClient.message('twice@example.jp', '<twice@collabo.example>'));
    await c.send('MAIL FROM:<sender@collabo.example>');
    await c.send('RCPT TO:<twice@example.jp>');
    await c.data(SmtpClient.message('twice@example.jp', '<twice@collabo.example>'));
    await sink.waitFor(2);
    expect(sink.duplicates()).toEqual(['<twice@collabo.example>']);
  });
});
