import { describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { createLine, createUser } from '../support/fixtures';
import { useProductStack } from '../support/product-stack';
import { signInTo } from '../support/sign-in';
import { insertDialog } from '../web/helpers';

/**
 * SPEC §3 KPI / §5 notifications in a real Chromium against the production build: an overdue
 * dialog lights the operator's bell without a reload, the alert opens its dialog, and a director
 * finds the violation counted on the KPI page.
 */
const stack = useProductStack();

describe('KPI alerts', () => {
  it('reach the operator’s bell live, open the dialog, and count on the director’s KPI page', async () => {
    const operator = await createUser(stack.worker.db, 'manager', 'Olga Operator');
    const director = await createUser(stack.worker.db, 'director', 'Dana Director');
    const line = await createLine(stack.worker.db, {
      name: 'Website',
      operators: [operator.id],
      settings: { kpi: { firstAnswer: { enabled: true, minutes: 5 }, alertUserIds: [director.id] } },
    });
    const dialogId = await insertDialog(stack.worker.db, { ...line, status: 'in_work', operatorId: operator.id, contactName: 'Kim', text: 'Is anyone there?' });

    const inbox = await (await stack.browser.newContext()).newPage();
    await signInTo(inbox, stack.url, operator.email, '/inbox');
    // The bell has loaded (what that first load brings is not announced as new), and the inbox's
    // live stream listens once its status says so; then the alert arrives.
    await inbox.getByRole('button', { name: 'Notifications', exact: true }).and(inbox.locator('[aria-busy="false"]')).waitFor();
    await inbox.getByText('Live', { exact: true }).waitFor();
    await createActivities({ db: stack.worker.db, maxOpenDialogsPerOperator: 1000 }).raiseKpiAlert({
      dialogId,
      kind: 'first_answer',
      operatorId: operator.id,
      limitMinutes: 5,
      waitingSince: new Date(Date.now() - 6 * 60_000).toISOString(),
    });

    const alertText = `Dialog #${dialogId} (Website): first answer overdue — limit 5 min`;
    const bell = inbox.getByRole('button', { name: 'Notifications, 1 unread' });
    await bell.waitFor({ timeout: 10_000 });
    await inbox.getByRole('status').filter({ hasText: `New alert: ${alertText}` }).waitFor();

    // Opens as a labelled popover that takes focus; Escape closes it and gives focus back to the bell.
    await bell.click();
    const panel = inbox.getByRole('dialog', { name: 'Notifications' });
    await panel.getByRole('link', { name: alertText }).waitFor();
    expect(await panel.evaluate((el) => el === document.activeElement)).toBe(true);
    await inbox.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    expect(await bell.evaluate((el) => el === document.activeElement)).toBe(true);

    // The alert opens its dialog and counts as read.
    await inbox.keyboard.press('Enter');
    await panel.getByRole('link', { name: alertText }).click();
    await inbox.waitForURL((url) => url.searchParams.get('dialog') === String(dialogId));
    await inbox.getByRole('button', { name: 'Notifications', exact: true }).waitFor();
    await inbox.getByText('Is anyone there?').first().waitFor();

    // Operators have no KPI page.
    expect(await inbox.getByRole('link', { name: 'KPI' }).count()).toBe(0);

    const stats = await (await stack.browser.newContext()).newPage();
    await signInTo(stats, stack.url, director.email, '/stats/kpi');
    await stats.getByRole('heading', { name: 'KPI violations' }).waitFor();
    await stats.getByRole('button', { name: 'Notifications, 1 unread' }).waitFor();
    const perOperator = stats.getByRole('table').filter({ has: stats.getByRole('columnheader', { name: 'Operator' }) }).first();
    const row = perOperator.getByRole('row', { name: /Olga Operator/ });
    await row.waitFor();
    expect(await row.getByRole('cell').allInnerTexts()).toEqual(['1', '0', '1']);
  });
});
