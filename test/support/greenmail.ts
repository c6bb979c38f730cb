import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { ensureGreenMailJar } from '../../scripts/greenmail-jar';
import { findFreePort } from '../../scripts/support/free-port';

/**
 * A real mail server for the e-mail channel's tests: GreenMail standalone (SMTP and IMAP in one
 * JVM) on free ports of 127.0.0.1. Each user is a mailbox with its own IMAP login; mail sent to
 * an address nobody registered gets a mailbox whose login and password are that address.
 */
export interface MailUser {
  login: string;
  password: string;
  email: string;
}

export interface GreenMail {
  host: '127.0.0.1';
  smtpPort: number;
  imapPort: number;
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 60_000;

/** An e-mail channel's settings (as the admin enters them) reading `mailbox` and sending through this server, without TLS. */
export function emailChannelSettings(server: GreenMail, mailbox: MailUser, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    imapHost: server.host,
    imapPort: server.imapPort,
    imapTls: false,
    imapUser: mailbox.login,
    imapPassword: mailbox.password,
    smtpHost: server.host,
    smtpPort: server.smtpPort,
    smtpTls: false,
    fromAddress: mailbox.email,
    fromName: 'Acme support',
    ...overrides,
  };
}

export async function startGreenMail(users: readonly MailUser[]): Promise<GreenMail> {
  const jar = await ensureGreenMailJar();
  // A port found free may be taken before the JVM binds it: start again on others.
  for (let attempt = 1; ; attempt += 1) {
    const [smtpPort, imapPort, apiPort] = [await findFreePort(), await findFreePort(), await findFreePort()];
    const child = spawn(
      'java',
      [
        // C1 only and the serial GC: a light JVM on a small shared machine.
        '-XX:TieredStopAtLevel=1',
        '-XX:+UseSerialGC',
        '-Dgreenmail.hostname=127.0.0.1',
        `-Dgreenmail.smtp.port=${smtpPort}`,
        `-Dgreenmail.imap.port=${imapPort}`,
        `-Dgreenmail.api.port=${apiPort}`,
        `-Dgreenmail.users=${users.map((user) => `${user.login}:${user.password}@${user.email.split('@')[1] ?? ''}`).join(',')}`,
        '-jar',
        jar,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
    child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const ready = await Promise.race([waitForPorts([smtpPort, imapPort]).then(() => true), exited.then(() => false)]).catch(async (error: unknown) => {
      await stopChild(child, exited);
      throw error;
    });
    if (ready) return { host: '127.0.0.1', smtpPort, imapPort, stop: () => stopChild(child, exited) };
    if (attempt >= 3 || !/BindException|Address already in use/i.test(output)) throw new Error(`GreenMail did not start:\n${output}`);
  }
}

async function waitForPorts(ports: readonly number[]): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (const port of ports) {
    while (!(await answers(port))) {
      if (Date.now() > deadline) throw new Error(`GreenMail did not listen on 127.0.0.1:${port} within ${STARTUP_TIMEOUT_MS / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
