import { channelCapabilities } from '../../domain/channels';
import type { Connector } from '../connector';
import { imapClient, pollMailbox } from './imap-poll';
import { emailSettingsForm, type EmailSettings } from './settings';
import { listenForMail } from './smtp-listener';
import { sendMail, smtpTransport } from './smtp-send';

/**
 * E-mail (SPEC §7): the worker reads the channel's mailbox over IMAP (IDLE, polling where the
 * server has none), replies go out over SMTP, and both keep the conversation threaded.
 */
export const emailConnector: Connector<EmailSettings> = {
  kind: 'email',
  settings: emailSettingsForm,
  capabilities: channelCapabilities.email,
  polls: () => true,
  poll: pollMailbox,
  listens: (settings) => settings.smtpListener,
  listen: listenForMail,
  send: sendMail,
  async checkConnection(channel) {
    const { settings } = channel;
    const imap = imapClient(settings);
    try {
      await imap.connect();
    } catch (error) {
      imap.close();
      return { ok: false, error: `IMAP ${settings.imapHost}:${settings.imapPort}: ${describe(error)}` };
    }
    try {
      await imap.mailboxOpen(settings.mailbox, { readOnly: true });
    } catch (error) {
      return { ok: false, error: `IMAP: the folder "${settings.mailbox}" cannot be opened (${describe(error)}); check the folder name` };
    } finally {
      await imap.logout().catch(() => imap.close());
    }
    const smtp = smtpTransport(settings);
    try {
      await smtp.verify();
    } catch (error) {
      return { ok: false, error: `SMTP ${settings.smtpHost}:${settings.smtpPort}: ${describe(error)}` };
    } finally {
      smtp.close();
    }
    return { ok: true, detail: `IMAP login to ${settings.mailbox} and SMTP login succeeded` };
  },
};

function describe(error: unknown): string {
  const detail = error as { responseText?: string; response?: string; authenticationFailed?: boolean; message?: string };
  if (detail.authenticationFailed) return 'the login or password was refused';
  return detail.responseText ?? detail.response ?? detail.message ?? String(error);
}
