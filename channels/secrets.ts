import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Channel secrets (bot tokens, app secrets, passwords) at rest: AES-256-GCM with a key derived
 * from OPENLINES_SECRET for this one purpose. The stored text is `v1.<iv>.<tag>.<ciphertext>`
 * (base64url), so a future key or cipher can be told apart by its prefix.
 */
const KEY_PURPOSE = 'openlines/channel-secrets/v1';
const keys = new Map<string, Buffer>();

function keyOf(appSecret: string): Buffer {
  let key = keys.get(appSecret);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', appSecret, 'openlines', KEY_PURPOSE, 32));
    keys.set(appSecret, key);
  }
  return key;
}

export function encryptSecrets(appSecret: string, secrets: Record<string, string>): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(appSecret), iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(secrets), 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), data].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
}

export function decryptSecrets(appSecret: string, stored: string): Record<string, string> {
  const [version, iv, tag, data] = stored.split('.');
  if (version !== 'v1' || !iv || !tag || data === undefined) throw new Error('channel secrets: unknown storage format');
  const decipher = createDecipheriv('aes-256-gcm', keyOf(appSecret), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  try {
    const text = Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    return JSON.parse(text) as Record<string, string>;
  } catch {
    throw new Error('channel secrets: cannot be decrypted with this OPENLINES_SECRET (was the secret changed?)');
  }
}

/** What the admin sees of a stored secret: enough to recognise it, never enough to use it. */
export function maskSecret(value: string): string {
  return value.length <= 8 ? '••••' : `••••${value.slice(-4)}`;
}
