// An SMTP sink on loopback: accepts every message, remembers when each Message-ID was accepted (the moment the
// DATA ended and the 250 went out), and counts duplicates. Nothing is stored but the header fields the runs need.
//
// A small SMTP server of its own rather than `smtp-server`: that one holds back its greeting 100 ms on every
// connection (early-talker detection), which measures the sink more than the service whenever sessions are
// opened often (a new one per lane after each failure or idle period). This one greets at once; it speaks what an MTA's
// submission side speaks to nodemailer: EHLO/HELO, MAIL, RCPT, DATA (dot-terminated), RSET, NOOP, QUIT.
import { createServer } from 'node:net';
import { freePort } from './platform.mjs';

export async function startSmtpSink(platform) {
  const port = await freePort();
  const accepted = new Map(); // message id -> { at, kind, to }
  let duplicates = 0;
  let total = 0;
  const waiters = new Set();
  const sockets = new Set();

  const received = (data, rcpt) => {
    const end = data.indexOf('\r\n\r\n');
    const head = (end >= 0 ? data.slice(0, end) : data).replace(/\r\n[ \t]+/g, ' ');
    const messageId = /^message-id:\s*<?([^>\r\n]+)>?/im.exec(head)?.[1]?.trim() ?? `no-id-${total}`;
    const kind = /^x-collabo-notification:\s*(\S+)/im.exec(head)?.[1] ?? null;
    total++;
    if (accepted.has(messageId)) duplicates++;
    else accepted.set(messageId, { at: Date.now(), kind, to: rcpt });
    for (const w of waiters) w();
  };

  const server = createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffer = '';
    let inData = false;
    let rcpt = [];
    const reply = (line) => socket.write(`${line}\r\n`, 'latin1');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      for (;;) {
        if (inData) {
          // The DATA ends with <CRLF>.<CRLF> (or a lone ".<CRLF>" when the message is empty).
          const end = buffer.startsWith('.\r\n') ? 0 : buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          const data = buffer.slice(0, end);
          buffer = buffer.slice(end === 0 ? 3 : end + 5);
          inData = false;
          received(data.replace(/\r\n\.\./g, '\r\n.'), rcpt);
          reply('250 2.0.0 queued by the load sink');
          continue;
        }
        const nl = buffer.indexOf('\r\n');
        if (nl < 0) return;
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') reply('250-load-sink\r\n250-PIPELINING\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 SIZE 10485760');
        else if (verb === 'HELO') reply('250 load-sink');
        else if (verb === 'MAIL') {
          rcpt = [];
          reply('250 2.1.0 OK');
        } else if (verb === 'RCPT') {
          rcpt.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
          reply('250 2.1.5 OK');
        } else if (verb === 'DATA') {
          inData = true;
          reply('354 End data with <CR><LF>.<CR><LF>');
        } else if (verb === 'RSET' || verb === 'NOOP') reply('250 2.0.0 OK');
        else if (verb === 'QUIT') {
          reply('221 2.0.0 Bye');
          socket.end();
          return;
        } else reply('502 5.5.2 Command not implemented');
      }
    });
    reply('220 load-sink ESMTP');
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const sink = {
    url: `smtp://127.0.0.1:${port}`,
    accepted,
    get total() {
      return total;
    },
    get duplicates() {
      return duplicates;
    },
    /** Resolves when `count` distinct messages have arrived, or after `timeoutMs` (bounded; never hangs). */
    waitFor(count, timeoutMs) {
      return new Promise((resolve) => {
        const done = () => {
          waiters.delete(check);
          clearTimeout(timer);
          resolve(accepted.size >= count);
        };
        const check = () => {
          if (accepted.size >= count) done();
        };
        const timer = setTimeout(done, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  platform.onClose(() => sink.close());
  return sink;
}
