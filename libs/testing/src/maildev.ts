/**
 * MailDev (SMTP plus a web page to read the mails), the mail catcher of `npm start`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { LaunchError, ROOT, canConnect, freePort, waitFor } from './ports.js';

export interface MailDev {
  child: ChildProcess;
  smtpUrl: string;
  /** The page's root: MailDev 3 takes its API's address from the page's path, so `/index.html` shows "Failed to load emails". */
  webUrl: string;
  stop(): Promise<void>;
}

/** Starts MailDev on the preferred ports when they are free (0: any); a LaunchError when it exits at start. */
export async function startMailDev({ preferredSmtp = 1025, preferredWeb = 1080 } = {}): Promise<MailDev> {
  const smtp = await freePort(preferredSmtp);
  const web = await freePort(preferredWeb);
  const bin = join(ROOT, 'node_modules', 'maildev', 'dist', 'bin', 'maildev.js');
  const child = spawn(process.execPath, [bin, '--smtp', String(smtp), '--web', String(web), '--ip', '127.0.0.1', '--web-ip', '127.0.0.1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.resume();
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const up = async () => (await canConnect('127.0.0.1', smtp)) && (await canConnect('127.0.0.1', web));
  const result = await Promise.race([waitFor(up, 'MailDev', 30_000).then(() => 'up'), exited.then(() => 'exited')]);
  if (result === 'exited') throw new LaunchError(`MailDev exited at start (${bin}); set SMTP_URL to use another SMTP server`);
  return {
    child,
    smtpUrl: `smtp://127.0.0.1:${smtp}`,
    webUrl: `http://127.0.0.1:${web}/`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
