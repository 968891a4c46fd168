import { connect, type Socket } from 'node:net';

/**
 * A bare SMTP client for the sink's tests: it sends exactly what a test says and reads each reply, so that
 * a test sees the codes the sink answers at each step (a real mailer would retry or hide them).
 */
export class SmtpClient {
  private buffer = '';
  private readonly replies: string[] = [];
  private waiting: (() => void) | null = null;
  closed = false;

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      for (let nl = this.buffer.indexOf('\r\n'); nl >= 0; nl = this.buffer.indexOf('\r\n')) {
        const line = this.buffer.slice(0, nl);
        this.buffer = this.buffer.slice(nl + 2);
        // A multi-line reply ("250-…") ends with its "250 …" line.
        if (/^\d{3} /.test(line) || /^\d{3}$/.test(line)) this.replies.push(line);
      }
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  static open(port: number): Promise<SmtpClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.once('connect', () => resolve(new SmtpClient(socket)));
      socket.once('error', reject);
    });
  }

  private wake(): void {
    const w = this.waiting;
    this.waiting = null;
    w?.();
  }

  /** The next reply line ("250 …"), or null when the connection closed first. */
  async reply(): Promise<string | null> {
    while (!this.replies.length) {
      if (this.closed) return null;
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
    return this.replies.shift()!;
  }

  /** Whether a reply has arrived that was not read yet. */
  get hasReply(): boolean {
    return this.replies.length > 0;
  }

  write(line: string): void {
    this.socket.write(`${line}\r\n`);
  }

  async send(line: string): Promise<string | null> {
    this.write(line);
    return this.reply();
  }

  /** Greeting, EHLO, MAIL FROM, RCPT TO each: the reply of the last step. */
  async envelope(to: string): Promise<string | null> {
    await this.reply(); // greeting
    await this.send('EHLO test.example');
    await this.send('MAIL FROM:<sender@collabo.example>');
    return this.send(`RCPT TO:<${to}>`);
  }

  /** The message's lines after DATA, without the final dot. */
  static message(to: string, messageId: string, subject = 'テスト / test'): string[] {
    return [
      `Message-ID: ${messageId}`,
      'From: sender@collabo.example',
      `To: ${to}`,
      `Subject: =?UTF-8?B?${Buffer.from(subject).toString('base64')}?=`,
      'X-Collabo-Notification: proposal.advanced',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Hello from the test.',
    ];
  }

  /** DATA, the message, the final dot: the reply to the dot. */
  async data(lines: string[]): Promise<string | null> {
    const go = await this.send('DATA');
    if (!go?.startsWith('354')) return go;
    for (const line of lines) this.write(line.startsWith('.') ? `.${line}` : line);
    return this.send('.');
  }

  close(): void {
    this.socket.destroy();
  }
}
