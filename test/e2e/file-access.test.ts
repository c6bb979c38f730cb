import { describe, expect, it } from 'vitest';
import { createLine, createUser } from '../support/fixtures';
import { useProductStack } from '../support/product-stack';
import { gradientPng } from '../support/png';
import { signInToInbox } from '../support/sign-in';

/**
 * Files both ways and who may open them, in a real Chromium against the production build: a
 * visitor's photo shows as a preview in the operator's thread; an operator's PDF opens for its
 * visitor, while another visitor of the same widget never sees it and cannot open it by its address.
 */
const stack = useProductStack();

// A real photo-sized PNG, so the preview must actually decode.
const PHOTO = gradientPng(320, 200);

describe('files between a visitor and an operator', () => {
  it("shows the visitor's photo as a preview in the inbox, and the operator's PDF opens for that visitor only", async () => {
    const operator = await createUser(stack.worker.db, 'manager', 'Olga Operator');
    const { channelKey } = await createLine(stack.worker.db, { operators: [operator.id], settings: { distribution: { handoffMinutes: 30 } } });
    const visitor = await (await stack.browser.newContext()).newPage();
    const inbox = await (await stack.browser.newContext()).newPage();
    await Promise.all([visitor.goto(`${stack.url}/widget/${channelKey}`), signInToInbox(inbox, stack.url, operator.email)]);

    // The visitor writes; the operator takes the dialog.
    await visitor.getByLabel('Your message').fill('My lamp arrived broken');
    await visitor.keyboard.press('Enter');
    await inbox.getByRole('tab', { name: /Line queue/ }).click();
    await inbox.getByText('My lamp arrived broken').first().click();
    await inbox.getByRole('button', { name: 'Take dialog' }).click();

    // A web page is refused in the chat itself, saying why, and nothing is sent.
    await visitor.getByLabel('Attach files').setInputFiles({ name: 'offer.html', mimeType: 'text/html', buffer: Buffer.from('<script>alert(1)</script>') });
    await visitor.getByText(/^Not sent: “offer\.html” is a web page, script or program/).waitFor();
    expect(await stack.worker.db.selectFrom('files').select('id').where('name', '=', 'offer.html').execute()).toEqual([]);

    // The visitor attaches a photo with the paperclip; once stored, their own bubble shows it by its signed link.
    await visitor.getByLabel('Attach files').setInputFiles({ name: 'broken-lamp.png', mimeType: 'image/png', buffer: PHOTO });
    const conversation = visitor.getByRole('log', { name: 'Conversation' });
    await conversation.getByRole('img', { name: 'broken-lamp.png' }).waitFor();

    // The operator's open thread shows it live as a thumbnail that opens full size.
    const thumbnail = inbox.getByRole('list', { name: 'Attached files' }).getByRole('img', { name: 'broken-lamp.png' });
    await thumbnail.waitFor();
    await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(320);
    const fullSize = inbox.getByRole('link', { name: 'broken-lamp.png' });
    expect(await fullSize.getAttribute('target')).toBe('_blank');
    const photo = await inbox.request.get(new URL((await fullSize.getAttribute('href')) ?? '', stack.url).toString());
    expect(photo.status()).toBe(200);
    expect(photo.headers()['content-type']).toBe('image/png');
    expect(Buffer.from(await photo.body())).toEqual(PHOTO);

    // The operator answers with a PDF; the visitor opens it from the chat.
    await inbox.getByTestId('reply-file-input').setInputFiles({ name: 'replacement-order.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 replacement order') });
    await inbox.getByRole('list', { name: 'Files to send' }).getByText('replacement-order.pdf').waitFor();
    const reply = inbox.getByLabel(/Reply to/);
    await reply.fill('Here is your replacement order.');
    await reply.press('Enter');
    const pdfLink = conversation.getByRole('link', { name: /replacement-order\.pdf/ });
    await pdfLink.waitFor();
    const signedLink = new URL((await pdfLink.getAttribute('href')) ?? '', stack.url);
    expect(signedLink.searchParams.get('signature')).toBeTruthy();
    const opened = await visitor.request.get(signedLink.toString());
    expect(opened.status()).toBe(200);
    expect(await opened.text()).toBe('%PDF-1.4 replacement order');

    // Another visitor of the same widget: their chat shows nothing of it, and the file's address opens nothing for them.
    const stranger = await (await stack.browser.newContext()).newPage();
    await stranger.goto(`${stack.url}/widget/${channelKey}`);
    await stranger.getByLabel('Your message').fill('Hello?');
    await stranger.keyboard.press('Enter');
    const strangersChat = stranger.getByRole('log', { name: 'Conversation' });
    await strangersChat.getByText('Hello?').waitFor();
    expect(await strangersChat.getByText(/replacement-order|broken-lamp/).count()).toBe(0);
    const unsigned = `${signedLink.origin}${signedLink.pathname}`;
    const guessed = await stranger.request.get(unsigned);
    expect(guessed.status()).toBe(401);
    // Nor with a made-up or stretched signature.
    const stretched = new URL(signedLink);
    stretched.searchParams.set('expires', String(Number(stretched.searchParams.get('expires')) + 86_400));
    expect((await stranger.request.get(stretched.toString())).status()).toBe(403);
    const navigated = await stranger.goto(unsigned);
    expect(navigated?.status()).toBe(401);
  });
});
