import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { insertAbsence } from '../../db/queries/availability';
import { createUser, TEST_PASSWORD } from '../support/fixtures';
import { useProductStack } from '../support/product-stack';
import { signInTo } from '../support/sign-in';

/**
 * "The UI in Russian" (issue 11 item 7): a user picks Русский on the profile page and the whole UI
 * speaks it at once and after a reload, dates included; back to English the same way. Signed out,
 * the login page follows its own language switch, and a signed-in user's profile still wins.
 */
const stack = useProductStack();

const topNav = (page: Page) => page.getByRole('banner');

async function saveLanguage(page: Page, field: string, language: string, save: string): Promise<void> {
  await page.getByLabel(field, { exact: true }).selectOption({ label: language });
  await page.getByRole('button', { name: save }).click();
}

describe('the UI in Russian', () => {
  it('switches on the profile page at once, stays after a reload, and switches back', async () => {
    const db = stack.worker.db;
    const admin = await createUser(db, 'admin', 'Ada Admin');
    const olga = await createUser(db, 'manager', 'Olga Orlova');
    await insertAbsence(db, { userId: olga.id, startsAt: new Date('2030-03-10T12:00:00Z'), endsAt: new Date('2030-03-20T12:00:00Z'), kind: 'vacation', note: null, createdBy: admin.id });

    const page = await (await stack.browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    await signInTo(page, stack.url, admin.email, '/profile');
    await page.getByRole('heading', { name: 'Profile', level: 1 }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');

    await saveLanguage(page, 'Language', 'Русский', 'Save profile');
    // At once, without a reload: the top bar, the page and the account menu.
    await page.getByRole('heading', { name: 'Профиль', level: 1 }).waitFor();
    await topNav(page).getByRole('link', { name: 'Диалоги' }).waitFor();
    await topNav(page).getByRole('link', { name: 'История' }).waitFor();
    expect(await page.getByRole('button', { name: 'Сохранить профиль' }).isVisible()).toBe(true);
    expect(await page.locator('html').getAttribute('lang')).toBe('ru');
    // The status in the top bar too (it comes from the server as a key, worded here).
    await topNav(page).getByRole('button').filter({ hasText: 'В сети, сменить статус' }).waitFor();
    await topNav(page).getByRole('button', { name: /Меню учётной записи/ }).click();
    const menu = page.getByRole('menu', { name: 'Учётная запись' });
    await menu.getByRole('menuitem', { name: 'Выйти' }).waitFor();
    expect(await menu.getByText('Роль: Администратор').isVisible()).toBe(true);
    await page.keyboard.press('Escape');

    // Admin → users, through the Russian navigation; an absence's dates are written the Russian way.
    await topNav(page).getByRole('link', { name: 'Настройки' }).click();
    await page.getByRole('navigation', { name: 'Настройки' }).getByRole('link', { name: 'Сотрудники' }).click();
    await page.getByRole('heading', { name: 'Сотрудники', level: 1 }).waitFor();
    const olgaRow = page.getByRole('row').filter({ hasText: 'Olga Orlova' });
    await olgaRow.getByText('Далее: отпуск').waitFor();
    expect(await olgaRow.textContent()).toMatch(/10 мар\.? 2030/);
    expect(await page.getByRole('columnheader', { name: 'Присутствие' }).isVisible()).toBe(true);
    await expect.poll(() => page.title(), { timeout: 10_000 }).toBe('Сотрудники · Openlines');

    // A new user gets the admin's language unless the admin picks another.
    await page.getByRole('button', { name: 'Добавить сотрудника' }).click();
    const form = page.getByRole('form', { name: 'Новый сотрудник' });
    await form.getByLabel('Имя').fill('Nina Novikova');
    await form.getByLabel('Эл. почта').fill('nina.novikova@example.test');
    expect(await form.getByLabel('Язык').inputValue()).toBe('ru');
    await form.getByRole('button', { name: 'Добавить сотрудника' }).click();
    await page.getByLabel('Одноразовая ссылка для Nina Novikova').waitFor();
    const nina = await db.selectFrom('users').select('locale').where('email', '=', 'nina.novikova@example.test').executeTakeFirstOrThrow();
    expect(nina.locale).toBe('ru');
    await page.getByRole('button', { name: 'Готово' }).click();

    // A reload keeps it: the language is the profile's, not the page's memory.
    await page.reload();
    await page.getByRole('heading', { name: 'Сотрудники', level: 1 }).waitFor();
    await topNav(page).getByRole('link', { name: 'Диалоги' }).waitFor();
    await olgaRow.getByText('Далее: отпуск').waitFor();
    expect(await olgaRow.textContent()).toMatch(/10 мар\.? 2030/);
    expect(await page.getByText('Users', { exact: true }).count()).toBe(0);

    // Back to English, again at once.
    await topNav(page).getByRole('button', { name: /Меню учётной записи/ }).click();
    await page.getByRole('menuitem', { name: 'Профиль' }).click();
    await page.getByRole('heading', { name: 'Профиль', level: 1 }).waitFor();
    await saveLanguage(page, 'Язык', 'English', 'Сохранить профиль');
    await page.getByRole('heading', { name: 'Profile', level: 1 }).waitFor();
    await topNav(page).getByRole('link', { name: 'Inbox' }).waitFor();
    await page.goto(`${stack.url}/admin/users`);
    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
    await olgaRow.getByText('Next: vacation').waitFor();
    expect(await olgaRow.textContent()).toMatch(/Mar 10, 2030/);
  });

  it("the login page follows its language switch (a cookie), and after sign-in the profile's language wins", async () => {
    const db = stack.worker.db;
    const english = await createUser(db, 'admin', 'Erin English');

    const page = await (await stack.browser.newContext()).newPage();
    await page.goto(`${stack.url}/login`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    const switcher = page.getByRole('group', { name: 'Language' });
    expect(await switcher.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe('true');

    await switcher.getByRole('button', { name: 'Русский' }).click();
    await page.getByRole('heading', { name: 'Вход' }).waitFor();
    expect(await page.getByRole('group', { name: 'Язык' }).getByRole('button', { name: 'Русский' }).getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => page.title(), { timeout: 10_000 }).toBe('Вход · Openlines');
    // Remembered on this browser.
    await page.reload();
    await page.getByRole('heading', { name: 'Вход' }).waitFor();
    expect((await page.context().cookies()).find((c) => c.name === 'openlines-locale')?.value).toBe('ru');

    // Signed in, the user's own (English) profile language decides, whatever the switch said.
    await page.getByLabel('Эл. почта').fill(english.email);
    await page.getByLabel('Пароль').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.waitForURL(/\/inbox/);
    await topNav(page).getByRole('link', { name: 'Inbox' }).waitFor();

    // A browser that asks for Russian gets it on the login page without the switch.
    const russianBrowser = await (await stack.browser.newContext({ locale: 'ru-RU' })).newPage();
    await russianBrowser.goto(`${stack.url}/login`);
    await russianBrowser.getByRole('heading', { name: 'Вход' }).waitFor();
    await russianBrowser.getByRole('group', { name: 'Язык' }).getByRole('button', { name: 'English' }).click();
    await russianBrowser.getByRole('heading', { name: 'Sign in' }).waitFor();

    // The widget demo shop follows the visitor's language as well.
    const demo = await (await stack.browser.newContext({ locale: 'ru-RU' })).newPage();
    await demo.goto(`${stack.url}/widget-demo`);
    await demo.getByRole('heading', { name: 'Хиты продаж' }).waitFor();
    expect(await demo.getByText('30 дней', { exact: true }).isVisible()).toBe(true);
  });

  it("the invitation link's refusals come in the browser's language", async () => {
    const setPassword = (password: string) =>
      fetch(`${stack.url}/api/invitations/no-such-link`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'accept-language': 'ru-RU,ru;q=0.9' },
        body: JSON.stringify({ password }),
      });

    const tooLong = await setPassword('x'.repeat(200));
    expect(tooLong.status).toBe(400);
    expect(await tooLong.json()).toEqual({ message: 'password: не длиннее 128 символов', field: 'password' });

    const unknownLink = await setPassword('a-good-long-password');
    expect(unknownLink.status).toBe(404);
    const refusal = (await unknownLink.json()) as { message: string; field: string };
    expect(refusal).toEqual({ message: expect.stringMatching(/^Ссылка не работает\. Проверьте/) as unknown as string, field: 'token' });
  });
});
