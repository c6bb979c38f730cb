import { z } from 'zod';
import type { ChannelSettingsForm } from '../settings-form';

const hostSchema = z
  .string()
  .trim()
  .min(1, 'is required: the server name, e.g. imap.example.com')
  .regex(/^[A-Za-z0-9.-]+$|^\[[0-9a-fA-F:]+\]$/, 'is not a host name: write only the name or address, without imap:// or a port');
const portSchema = (fallback: number) =>
  z.coerce.number({ error: 'must be a port number' }).int('must be a whole number').min(1, 'must be 1–65535').max(65535, 'must be 1–65535').default(fallback);

export const emailSettingsSchema = z.object({
  imapHost: hostSchema,
  imapPort: portSchema(993),
  /** Implicit TLS (port 993); off: plain, upgraded with STARTTLS when the server offers it. */
  imapTls: z.boolean().default(true),
  imapUser: z.string().trim().min(1, 'is required: the mailbox login, usually the address'),
  imapPassword: z.string().min(1, 'is required: the mailbox password or app password'),
  mailbox: z.string().trim().min(1, 'must name a folder; INBOX is the usual one').default('INBOX'),
  smtpHost: hostSchema,
  smtpPort: portSchema(465),
  /** Implicit TLS (port 465); off: plain, upgraded with STARTTLS when the server offers it (587). */
  smtpTls: z.boolean().default(true),
  /** Blank: the server takes mail without a login (a local relay). */
  smtpUser: z.string().trim().default(''),
  smtpPassword: z.string().default(''),
  fromAddress: z.email('must be an e-mail address such as support@example.com'),
  fromName: z.string().trim().max(100, 'must be at most 100 characters').default(''),
  /** The worker also takes mail for this channel directly over SMTP (smtp-server), besides IMAP. */
  smtpListener: z.boolean().default(false),
  smtpListenerPort: portSchema(2525),
  smtpListenerHost: z.string().trim().min(1, 'must be an address to listen on, 0.0.0.0 for all').default('0.0.0.0'),
});
export type EmailSettings = z.infer<typeof emailSettingsSchema>;

export const emailSettingsForm: ChannelSettingsForm<EmailSettings> = {
  kind: 'email',
  schema: emailSettingsSchema,
  secretFields: ['imapPassword', 'smtpPassword'],
  fields: [
    { name: 'fromAddress', label: 'Address clients write to', type: 'email', required: true, help: 'Replies go out from it; clients’ mail is read from its mailbox.' },
    { name: 'fromName', label: 'Sender name', type: 'text', help: 'Shown to clients beside the address, e.g. "Acme support".' },
    { name: 'imapHost', label: 'IMAP server', type: 'text', required: true, help: 'e.g. imap.example.com' },
    { name: 'imapPort', label: 'IMAP port', type: 'number', help: '993 with TLS, 143 without.' },
    { name: 'imapTls', label: 'IMAP over TLS', type: 'boolean' },
    { name: 'imapUser', label: 'IMAP login', type: 'text', required: true },
    { name: 'imapPassword', label: 'IMAP password', type: 'secret', required: true, help: 'Many providers need an app password here.' },
    { name: 'mailbox', label: 'Folder to read', type: 'text', help: 'INBOX unless a filter moves clients’ mail elsewhere.' },
    { name: 'smtpHost', label: 'SMTP server', type: 'text', required: true, help: 'e.g. smtp.example.com' },
    { name: 'smtpPort', label: 'SMTP port', type: 'number', help: '465 with TLS, 587 with STARTTLS, 25 for a local relay.' },
    { name: 'smtpTls', label: 'SMTP over TLS (465)', type: 'boolean', help: 'Off: STARTTLS is used when the server offers it.' },
    { name: 'smtpUser', label: 'SMTP login', type: 'text', help: 'Blank when the server needs none.' },
    { name: 'smtpPassword', label: 'SMTP password', type: 'secret' },
    { name: 'smtpListener', label: 'Also receive mail directly over SMTP', type: 'boolean', help: 'The worker listens on the port below; point an MX record or a forwarding rule at it.' },
    { name: 'smtpListenerPort', label: 'SMTP listener port', type: 'number' },
    { name: 'smtpListenerHost', label: 'SMTP listener address', type: 'text', help: '0.0.0.0 listens on every network interface.' },
  ],
};
