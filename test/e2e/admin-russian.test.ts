import { describe, expect, it } from 'vitest';
import { lineSettingsSchema } from '../../domain/line-settings';
import { createUser } from '../support/fixtures';
import { useProductStack } from '../support/product-stack';
import { signInTo } from '../support/sign-in';

/**
 * An admin whose language is Russian (profile → Language) works in the admin area in Russian, in a
 * real Chromium against the production build: the lines list, the new line's editor with its
 * sections, a refused save, the channel form — and the line they create greets clients in Russian.
 */
const stack = useProductStack();

describe('line administration for a Russian-speaking admin', () => {
  it('creates a line in Russian, sees the editor and a refused field in Russian, and the new line greets in Russian', async () => {
    const admin = await createUser(stack.worker.db, 'admin', 'Ольга Админова', { atWork: false });
    await stack.worker.db.updateTable('users').set({ locale: 'ru' }).where('id', '=', admin.id).execute();
    // The browser asks for English: the admin's own choice of language wins once signed in.
    const page = await (await stack.browser.newContext({ locale: 'en-US' })).newPage();
    await signInTo(page, stack.url, admin.email, '/admin');

    await page.getByRole('heading', { name: 'Открытые линии', level: 1 }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('ru');
    await expect.poll(() => page.title(), { timeout: 10_000 }).toBe('Открытые линии · Openlines');
    await page.getByRole('button', { name: 'Новая линия' }).first().click();
    await page.getByLabel('Название новой линии').fill('Поддержка на сайте');
    await page.getByRole('button', { name: 'Создать линию' }).click();
    await page.waitForURL(/\/admin\/lines\/\d+$/);
    const lineId = Number(new URL(page.url()).pathname.split('/').pop());

    // The editor's sections, titled in Russian, and the new line's texts in Russian.
    for (const section of ['Общие', 'Очередь', 'Распределение', 'Приветствие', 'Рабочее время', 'Нет ответа', 'Закрытие', 'Оценка качества', 'Каналы']) {
      await page.getByRole('heading', { name: section, exact: true }).waitFor();
    }
    await expect.poll(() => page.title(), { timeout: 10_000 }).toBe('Настройки линии · Openlines');
    expect(await page.getByLabel('Текст приветствия').inputValue()).toBe('Здравствуйте! Оператор скоро вам ответит.');
    expect(await page.getByRole('radio', { name: 'Равномерно' }).isChecked()).toBe(true);
    await page.getByRole('status').getByText('Все изменения сохранены').waitFor();

    // A hand-off time over 30 minutes is refused: the save says so in Russian and marks the field.
    await page.getByLabel('Время на принятие').fill('45');
    await page.getByRole('status').getByText('Есть несохранённые изменения').waitFor();
    await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
    await page.getByText('Исправьте выделенное поле').waitFor();
    const handoff = page.getByLabel('Время на принятие');
    expect(await handoff.getAttribute('aria-invalid')).toBe('true');
    expect(await handoff.evaluate((element) => element === document.activeElement)).toBe(true);

    // The channel form: the kind's own fields are labelled in Russian too.
    await page.getByRole('button', { name: 'Добавить канал' }).click();
    const dialog = page.getByRole('dialog', { name: 'Новый канал' });
    await dialog.waitFor();
    await dialog.getByLabel('Токен бота').waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    const row = await stack.worker.db.selectFrom('lines').select(['name', 'settings']).where('id', '=', lineId).executeTakeFirstOrThrow();
    const stored = lineSettingsSchema.parse(row.settings);
    expect(row.name).toBe('Поддержка на сайте');
    expect(stored.greeting.text).toBe('Здравствуйте! Оператор скоро вам ответит.');
    expect(stored.workingHours.outOfHours.text).toMatch(/^Сейчас нерабочее время/);
    expect(stored.rating.requestText).toBe('Пожалуйста, оцените качество обслуживания.');
    // The refused save changed nothing.
    expect(stored.distribution.handoffMinutes).toBe(1);
  });
});
