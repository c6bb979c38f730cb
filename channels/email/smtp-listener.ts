import { SMTPServer } from 'smtp-server';
import type { ConnectedChannel, ListenOptions } from '../connector';
import { parseMail } from './parse-mail';
import type { EmailSettings } from './settings';

/** Larger mails are refused with 552 before they are read. */
const MAX_MAIL_BYTES = 25 * 1024 * 1024;

/**
 * Takes clients' mail directly over SMTP (an MX record or a forwarding rule pointing here), for
 * the channel's own address only, so it is no open relay. A mail is accepted (250) only after the
 * inbound path stored it; when storing fails the sender hears 451 and its server tries again.
 */
export async function listenForMail(channel: ConnectedChannel<EmailSettings>, { deliver, signal, onListening }: ListenOptions): Promise<void> {
  const ownAddress = channel.settings.fromAddress.toLowerCase();
  const server = new SMTPServer({
    name: ownAddress.slice(ownAddress.indexOf('@') + 1),
    banner: `${channel.name} (Openlines)`,
    authOptional: true,
    // No certificate of the site's own is configured, and smtp-server's built-in one is a placeholder.
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: MAX_MAIL_BYTES,
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.toLowerCase() === ownAddress) return callback();
      callback(Object.assign(new Error(`5.1.1 <${address.address}>: this server takes mail for <${ownAddress}> only`), { responseCode: 550 }));
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (stream.sizeExceeded) return callback(Object.assign(new Error('5.3.4 the mail is too large'), { responseCode: 552 }));
        void receive(Buffer.concat(chunks)).then(
          () => callback(),
          (error: unknown) => {
            console.error(`e-mail channel ${channel.key}: a mail received over SMTP could not be stored`, error);
            callback(Object.assign(new Error('4.3.0 the mail could not be stored now; try again later'), { responseCode: 451 }));
          },
        );
      });
    },
  });
  const receive = async (raw: Buffer) => {
    const delivery = await parseMail(raw);
    if (delivery) await deliver([delivery]);
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(channel.settings.smtpListenerPort, channel.settings.smtpListenerHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => console.error(`e-mail channel ${channel.key}: SMTP listener`, error));
  onListening?.({ host: channel.settings.smtpListenerHost, port: channel.settings.smtpListenerPort });
  if (!signal.aborted) await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
