import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { lineSettingsSchema } from '../../domain/line-settings';
import { createLine, createUser } from '../support/fixtures';
import { useProductStack } from '../support/product-stack';
import { signInTo } from '../support/sign-in';

/**
 * An admin edits a line's distribution, working hours, automatic rules, CRM, KPI and data
 * retention in a real Chromium against the production web build: what they save is there after a
 * reload, and a refused value is named at its own field.
 */
const stack = useProductStack();

async function openLineEditor(page: Page, email: string, lineId: number) {
  await signInTo(page, stack.url, email, `/admin/lines/${lineId}`);
  await page.getByRole('heading', { name: 'Working hours' }).waitFor();
}

describe('the line editor', () => {
  it('saves distribution, working hours, the automatic rules, CRM and KPI, keeps them after a reload, and names a refused field', async () => {
    const admin = await createUser(stack.worker.db, 'admin');
    const supervisor = await createUser(stack.worker.db, 'director', 'Dana Alert');
    const { lineId } = await createLine(stack.worker.db, { name: 'Support', settings: { kpi: { firstAnswer: { enabled: true, minutes: 3 } }, rating: { externalRequestText: 'Reply 1 to 5, please.' } } });
    const page = await (await stack.browser.newContext({ timezoneId: 'Europe/Berlin' })).newPage();
    await openLineEditor(page, admin.email, lineId);

    await page.getByRole('switch', { name: 'Limit the line to working hours' }).check();
    await page.getByLabel('Time zone', { exact: true }).fill('America/New_York');
    await page.getByRole('checkbox', { name: 'Open on Saturday' }).check();
    await page.getByLabel('Saturday: opens at').fill('10:00');
    await page.getByLabel('Saturday: closes at').fill('14:00');
    await page.getByLabel('Holiday to add').fill('2026-12-24');
    await page.getByRole('button', { name: 'Add holiday' }).click();
    await page.getByRole('radio', { name: 'Return it to the queue' }).check();
    await page.getByLabel('Close after the client is silent for', { exact: true }).fill('3');
    await page.getByRole('radio', { name: 'Before closing' }).check();
    await page.getByRole('switch', { name: 'Close right after rating' }).check();
    await page.getByLabel('Reopen window', { exact: true }).fill('30');
    await page.getByRole('switch', { name: 'Route to the responsible user' }).check();
    await page.getByRole('switch', { name: 'Create a lead for a new client' }).check();
    // KPI: the stored first-answer limit is shown; a further-answer limit and a user to alert are added.
    expect(await page.getByLabel('First answer within', { exact: true }).inputValue()).toBe('3');
    await page.getByRole('switch', { name: 'Limit the time to each further answer' }).check();
    await page.getByLabel('Further answers within', { exact: true }).fill('20');
    await page.getByLabel('Add a user to alert').selectOption(supervisor.id);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    // Distribution: the hand-off time does not apply when the dialog is offered to everyone.
    expect(await page.getByLabel('Hand-off time').isVisible()).toBe(true);
    await page.getByRole('radio', { name: 'To all at once' }).check();
    expect(await page.getByLabel('Hand-off time').count()).toBe(0);
    await page.getByRole('switch', { name: 'Limit open dialogs per operator' }).check();
    await page.getByRole('spinbutton', { name: 'At most open dialogs per operator on this line' }).fill('5');
    await page.getByRole('checkbox', { name: 'Dialogs waiting for the client’s reply count toward the limit' }).uncheck();
    // The status line speaks for the hours as edited, before anything is saved.
    await page.getByText(/^(Open now — closes at|Closed now — opens) .*\(America\/New_York time\)$/).waitFor();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').getByText('All changes saved').waitFor();

    await page.reload();
    await page.getByRole('heading', { name: 'Working hours' }).waitFor();
    expect(await page.getByRole('switch', { name: 'Limit the line to working hours' }).isChecked()).toBe(true);
    expect(await page.getByLabel('Time zone', { exact: true }).inputValue()).toBe('America/New_York');
    expect(await page.getByLabel('Saturday: opens at').inputValue()).toBe('10:00');
    expect(await page.getByLabel('Saturday: closes at').inputValue()).toBe('14:00');
    expect(await page.getByRole('list', { name: 'Holidays' }).getByRole('listitem').allTextContents()).toEqual(['Thu, Dec 24, 2026']);
    expect(await page.getByLabel('Close after the client is silent for', { exact: true }).inputValue()).toBe('3');
    expect(await page.getByLabel('Close after the client is silent for: unit').inputValue()).toBe('days');
    expect(await page.getByRole('radio', { name: 'To all at once' }).isChecked()).toBe(true);
    expect(await page.getByRole('switch', { name: 'Limit open dialogs per operator' }).isChecked()).toBe(true);
    expect(await page.getByRole('spinbutton', { name: 'At most open dialogs per operator on this line' }).inputValue()).toBe('5');
    expect(await page.getByRole('checkbox', { name: 'Dialogs waiting for the client’s reply count toward the limit' }).isChecked()).toBe(false);
    expect(await page.getByRole('switch', { name: 'Close right after rating' }).isChecked()).toBe(true);
    expect(await page.getByLabel('Reopen window', { exact: true }).inputValue()).toBe('30');
    expect(await page.getByRole('switch', { name: 'Route to the responsible user' }).isChecked()).toBe(true);
    expect(await page.getByRole('switch', { name: 'Limit the time to each further answer' }).isChecked()).toBe(true);
    expect(await page.getByLabel('Further answers within', { exact: true }).inputValue()).toBe('20');
    await page.getByRole('button', { name: 'Stop alerting Dana Alert' }).waitFor();

    const row = await stack.worker.db.selectFrom('lines').select('settings').where('id', '=', lineId).executeTakeFirstOrThrow();
    const stored = lineSettingsSchema.parse(row.settings);
    expect(stored.workingHours).toMatchObject({
      enabled: true,
      timeZone: 'America/New_York',
      holidays: ['2026-12-24'],
      week: { sat: { open: true, from: '10:00', to: '14:00' }, mon: { open: true, from: '09:00', to: '18:00' } },
    });
    expect(stored.noAnswer.action).toBe('return_to_queue');
    expect(stored.autoClose).toEqual({ enabled: true, afterMinutes: 3 * 24 * 60 });
    // The text for channels without buttons is not in the editor: it is kept as it was.
    expect(stored.rating).toMatchObject({ askWhen: 'before_close', closeAfterRating: true, externalRequestText: 'Reply 1 to 5, please.' });
    expect(stored.closing.reopenWindowMinutes).toBe(30);
    expect(stored.crm).toEqual({ lookUpContact: true, routeToResponsible: true, createLead: true, changeLeadResponsibleOnTransfer: false });
    expect(stored.kpi).toEqual({ firstAnswer: { enabled: true, minutes: 3 }, furtherAnswer: { enabled: true, minutes: 20 }, alertUserIds: [supervisor.id] });
    expect(stored.distribution).toMatchObject({ mode: 'all', handoffMinutes: 1, availabilityCheck: true, limit: { enabled: true, maxOpenDialogs: 5, countWaitingForClient: false } });

    // Closing before opening: refused by the server, shown at Monday's closing time, which gets the focus.
    await page.getByLabel('Monday: opens at').fill('19:00');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Closing time must be later than the opening time').waitFor();
    const mondayCloses = page.getByLabel('Monday: closes at');
    expect(await mondayCloses.getAttribute('aria-invalid')).toBe('true');
    expect(await mondayCloses.evaluate((element) => element === document.activeElement)).toBe(true);
    const unchanged = await stack.worker.db.selectFrom('lines').select('settings').where('id', '=', lineId).executeTakeFirstOrThrow();
    expect(lineSettingsSchema.parse(unchanged.settings).workingHours.week.mon.from).toBe('09:00');
  });

  it('switches on "delete closed dialogs older than 90 days", keeps it after a reload, and names a refused number at its field', async () => {
    const admin = await createUser(stack.worker.db, 'admin');
    const { lineId } = await createLine(stack.worker.db, { name: 'Retained' });
    const page = await (await stack.browser.newContext()).newPage();
    await openLineEditor(page, admin.email, lineId);

    const retention = page.getByRole('switch', { name: 'Delete old closed dialogs' });
    expect(await retention.isChecked()).toBe(false);
    await page.getByText('with their messages, files and Temporal workflow histories', { exact: false }).waitFor();
    await retention.check();
    const days = page.getByRole('spinbutton', { name: 'Delete closed dialogs older than days' });
    await days.fill('0');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('must be at least 1').waitFor();
    expect(await days.getAttribute('aria-invalid')).toBe('true');
    expect(await stack.worker.db.selectFrom('lines').select('retention_days').where('id', '=', lineId).executeTakeFirstOrThrow()).toEqual({ retention_days: null });

    await days.fill('90');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').getByText('All changes saved').waitFor();

    await page.reload();
    await page.getByRole('heading', { name: 'Data retention' }).waitFor();
    expect(await page.getByRole('switch', { name: 'Delete old closed dialogs' }).isChecked()).toBe(true);
    expect(await page.getByRole('spinbutton', { name: 'Delete closed dialogs older than days' }).inputValue()).toBe('90');
    expect(await stack.worker.db.selectFrom('lines').select('retention_days').where('id', '=', lineId).executeTakeFirstOrThrow()).toEqual({ retention_days: 90 });
  });
});
