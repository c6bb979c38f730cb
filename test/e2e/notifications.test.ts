import { describe, expect, it } from 'vitest';
import { dialogUpdatedEvent } from '../../db/queries/dialogs';
import { notifyLive } from '../../db/queries/live';
import { createLine, createUser } from '../support/fixtures';
import { useProductStack } from '../support/product-stack';
import { signInTo } from '../support/sign-in';
import { insertDialog } from '../web/helpers';

/**
 * SPEC §5 notifications in a real Chromium against the production build: a dialog offered to the
 * operator while the inbox tab is hidden raises a desktop notification (the page's real
 * `new Notification(…)` call, recorded by a wrapper) whose click opens the dialog; the tab title
 * counts what waits for them; an event switched off in the settings raises none.
 */
const stack = useProductStack();

declare global {
  interface Window {
    shownNotifications: { title: string; body: string; click(): void }[];
    hideInboxTab(): void;
  }
}

describe('desktop notifications', () => {
  it('alert an offer while the inbox is hidden, open it on click, count in the title, and follow the settings', async () => {
    const operator = await createUser(stack.worker.db, 'manager', 'Olga Operator');
    const line = await createLine(stack.worker.db, { name: 'Website', operators: [operator.id] });
    await insertDialog(stack.worker.db, { ...line, status: 'in_work', operatorId: operator.id, contactName: 'Kim', text: 'Is anyone there?' });

    const context = await stack.browser.newContext();
    await context.grantPermissions(['notifications'], { origin: stack.url });
    await context.addInitScript(() => {
      window.shownNotifications = [];
      const Real = window.Notification;
      class Recorded extends Real {
        constructor(title: string, options?: NotificationOptions) {
          super(title, options);
          window.shownNotifications.push({ title, body: options?.body ?? '', click: () => this.onclick?.(new Event('click')) });
        }
      }
      window.Notification = Recorded as typeof Notification;
      window.hideInboxTab = () => {
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
        Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
        document.dispatchEvent(new Event('visibilitychange'));
      };
    });
    const inbox = await context.newPage();
    await signInTo(inbox, stack.url, operator.email, '/inbox');
    await inbox.getByText('Live', { exact: true }).waitFor();
    // One dialog waits for my answer.
    await inbox.waitForFunction(() => document.title === '(1) Inbox · Openlines');

    const offer = async (contactName: string) => {
      const dialogId = await insertDialog(stack.worker.db, { ...line, status: 'offered', offeredTo: [operator.id], contactName, text: 'Hello' });
      await notifyLive(stack.worker.db, await dialogUpdatedEvent(stack.worker.db, dialogId));
      return dialogId;
    };

    await inbox.evaluate(() => window.hideInboxTab());
    const offered = await offer('Anna Buyer');
    await inbox.waitForFunction(() => window.shownNotifications.length === 1);
    const [shown] = await inbox.evaluate(() => window.shownNotifications.map(({ title, body }) => ({ title, body })));
    expect(shown).toEqual({ title: 'New dialog offered: Anna Buyer', body: `Dialog #${offered} on Website waits for you to take it.` });
    // Waiting for my answer and offered to me.
    await inbox.waitForFunction(() => document.title === '(2) Inbox · Openlines');

    // Clicking the notification opens the dialog.
    await inbox.evaluate(() => window.shownNotifications[0]!.click());
    await inbox.waitForURL((url) => url.searchParams.get('dialog') === String(offered));

    // Offers switched off in the bell's settings: the next one raises no notification.
    await inbox.getByRole('button', { name: /^Notifications/ }).click();
    await inbox.getByRole('button', { name: 'Notification settings' }).click();
    const offers = inbox.getByRole('switch', { name: 'A dialog is offered to me' });
    // A click, then the state it leads to: the switch shows the saved settings, set as the save starts.
    await offers.click();
    await inbox.getByRole('switch', { name: 'A dialog is offered to me', checked: false }).waitFor();
    // Stored on the server: the user's own row.
    await expect
      .poll(async () => (await stack.worker.db.selectFrom('notification_settings').select('on_offer').where('user_id', '=', operator.id).executeTakeFirst())?.on_offer)
      .toBe(false);
    await inbox.keyboard.press('Escape');
    await offer('Boris Buyer');
    await inbox.waitForFunction(() => document.title === '(3) Inbox · Openlines');
    expect(await inbox.evaluate(() => window.shownNotifications.length)).toBe(1);
  });
});
