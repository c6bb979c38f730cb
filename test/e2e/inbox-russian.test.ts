import { describe, expect, it } from 'vitest';
import { createLine, createUser } from '../support/fixtures';
import { useProductStack } from '../support/product-stack';
import { signInToInbox } from '../support/sign-in';

/**
 * The operator's workspace in the language of their profile: an operator who chose Russian reads
 * the inbox, the dialog, its dates and the quick answer picker in Russian, and still answers the
 * visitor of the website widget — a real Chromium against the production web build, a real worker,
 * Temporal and PostgreSQL.
 */
const stack = useProductStack();

describe('an operator whose profile language is Russian', () => {
  it('works the inbox in Russian: tabs, dialog actions, reply box, dates and quick answers, and answers the visitor', async () => {
    const operator = await createUser(stack.worker.db, 'manager', 'Ольга Оператор');
    await stack.worker.db.updateTable('users').set({ locale: 'ru' }).where('id', '=', operator.id).execute();
    const { channelKey, lineId } = await createLine(stack.worker.db, { operators: [operator.id], name: 'Продажи', settings: { distribution: { handoffMinutes: 30 } } });
    await stack.worker.db.insertInto('quick_answers').values({ title: 'Сроки доставки', text: 'Доставим за 2 дня.', line_id: lineId }).execute();

    const visitor = await (await stack.browser.newContext()).newPage();
    const inbox = await (await stack.browser.newContext()).newPage();
    await Promise.all([visitor.goto(`${stack.url}/widget/${channelKey}`), signInToInbox(inbox, stack.url, operator.email)]);

    // The inbox speaks Russian: its heading, the page title and the tabs.
    await inbox.getByRole('heading', { name: 'Входящие', level: 1 }).waitFor();
    await expect.poll(() => inbox.title(), { timeout: 10_000 }).toContain('Входящие');
    const tabs = inbox.getByRole('tablist', { name: 'Списки диалогов' });
    expect(await tabs.getByRole('tab').allTextContents()).toEqual(['Ждут моего ответа', 'Мои', 'Очередь линии']);
    await inbox.getByText('Никто не ждёт вашего ответа').waitFor();

    const messageBox = visitor.getByLabel('Your message');
    await expect.poll(() => messageBox.isEnabled()).toBe(true);
    await messageBox.fill('Когда привезут велосипед?');
    await visitor.keyboard.press('Enter');
    const visitorLog = visitor.getByRole('log', { name: 'Conversation' });
    await visitorLog.getByText('Когда привезут велосипед?').waitFor();

    // The offer, in Russian, with its buttons.
    await inbox.getByRole('tab', { name: /Очередь линии/ }).click();
    await inbox.getByText('Когда привезут велосипед?').first().click();
    await inbox.getByText('Этот диалог предложен вам.').waitFor();
    await inbox.getByRole('button', { name: 'Взять диалог' }).click();

    // The dialog's actions and the reply box.
    const actions = inbox.getByRole('group', { name: 'Действия с диалогом' });
    await actions.getByRole('button', { name: 'Закрыть диалог' }).waitFor();
    await actions.getByRole('button', { name: 'Передать' }).waitFor();
    const reply = inbox.getByRole('combobox', { name: /^Ответ клиенту/ });
    await expect.poll(() => reply.getAttribute('placeholder')).toMatch(/^Ответ клиенту .+…$/);
    await inbox.getByRole('button', { name: 'Отправить' }).waitFor();
    await inbox.getByText('Enter — отправить', { exact: false }).waitFor();

    // Dates and times formatted for Russian: "Сегодня" over the messages, "4 дек. 2026 г., 16:35" on a message's time.
    const log = inbox.getByRole('log', { name: /^Переписка с контактом/ });
    await log.getByRole('separator').filter({ hasText: 'Сегодня' }).first().waitFor();
    const when = await log.locator('time').first().getAttribute('title');
    expect(when).toMatch(/^\d{1,2} [а-я]{3,4}\.? \d{4} г\., \d{2}:\d{2}$/);

    // The quick answer picker, in Russian.
    await reply.pressSequentially('/сро', { delay: 20 });
    const picker = inbox.getByRole('listbox', { name: 'Быстрые ответы' });
    await picker.waitFor();
    await expect.poll(() => picker.getByRole('option').allTextContents()).toEqual([expect.stringContaining('Сроки доставки')]);
    await reply.pressSequentially('zz', { delay: 20 });
    await picker.getByText('Нет быстрых ответов по запросу «сроzz».', { exact: false }).waitFor();
    await reply.press('Backspace');
    await reply.press('Backspace');
    await expect.poll(() => picker.getByRole('option').count()).toBe(1);
    await reply.press('Enter');
    await expect.poll(() => reply.inputValue()).toBe('Доставим за 2 дня.');

    // And the answer reaches the visitor.
    await reply.press('Enter');
    await visitorLog.getByText('Доставим за 2 дня.').waitFor();
    await log.getByText('Доставлено').or(log.getByText('Отправлено')).first().waitFor();
  });
});
