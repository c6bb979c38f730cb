import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileStore } from '../../storage/file-store';
import { createLine, createUser } from '../support/fixtures';
import { useProductStack } from '../support/product-stack';
import { startS3rver } from '../support/s3rver';
import { gradientPng } from '../support/png';
import { signInToInbox } from '../support/sign-in';

/**
 * The production web server configured for S3 (S3_* variables) against s3rver, a local
 * S3-compatible server implementation (not AWS): a visitor's photo goes to the bucket, not to
 * DATA_DIR, and the operator's thread previews it from there.
 */
let s3: Awaited<ReturnType<typeof startS3rver>>;
beforeAll(async () => {
  s3 = await startS3rver();
});
afterAll(async () => {
  await s3?.stop();
});
const stack = useProductStack({
  webEnv: () => ({
    S3_BUCKET: s3.settings.bucket,
    S3_ENDPOINT: s3.endpoint,
    S3_REGION: 'us-east-1',
    S3_ACCESS_KEY_ID: 'S3RVER',
    S3_SECRET_ACCESS_KEY: 'S3RVER',
    S3_FORCE_PATH_STYLE: 'true',
  }),
});

// A real photo-sized PNG, so the preview must actually decode.
const PHOTO = gradientPng(320, 200);

describe('files in an S3 bucket', () => {
  it("stores a visitor's photo in the bucket and the operator's thread previews it", async () => {
    const operator = await createUser(stack.worker.db, 'manager', 'Olga Operator');
    const { channelKey } = await createLine(stack.worker.db, { operators: [operator.id], settings: { distribution: { handoffMinutes: 30 } } });
    const visitor = await (await stack.browser.newContext()).newPage();
    const inbox = await (await stack.browser.newContext()).newPage();
    await Promise.all([visitor.goto(`${stack.url}/widget/${channelKey}`), signInToInbox(inbox, stack.url, operator.email)]);

    await visitor.getByLabel('Your message').fill('Photo of the damage follows');
    await visitor.keyboard.press('Enter');
    await inbox.getByRole('tab', { name: /Line queue/ }).click();
    await inbox.getByText('Photo of the damage follows').first().click();
    await inbox.getByRole('button', { name: 'Take dialog' }).click();

    await visitor.getByLabel('Attach files').setInputFiles({ name: 'damage.png', mimeType: 'image/png', buffer: PHOTO });
    const thumbnail = inbox.getByRole('list', { name: 'Attached files' }).getByRole('img', { name: 'damage.png' });
    await thumbnail.waitFor();
    await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(320);

    const row = await stack.worker.db.selectFrom('files').select(['storage_key', 'data']).where('name', '=', 'damage.png').executeTakeFirstOrThrow();
    expect(row.data).toBeNull();
    const inBucket = await createFileStore(s3.settings).read(row.storage_key!);
    expect(Buffer.from(inBucket!).equals(PHOTO)).toBe(true);
    // Nothing of it under DATA_DIR.
    const onDisk = await readdir(join(process.env.DATA_DIR ?? '.data', 'files', row.storage_key!.slice(0, 2))).catch(() => []);
    expect(onDisk).not.toContain(row.storage_key!.slice(3));
  });
});
