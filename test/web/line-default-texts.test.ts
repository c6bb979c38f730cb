import { describe, expect, it } from 'vitest';
import { createUser } from '../support/fixtures';
import { apiAs, sessionUser, useApiDatabase } from './helpers';

/**
 * A new line speaks to its clients in the language of the admin who created it (profile →
 * Language); lines that exist already keep their texts.
 */
const api = useApiDatabase();

async function adminWhoSpeaks(locale: 'en' | 'ru') {
  const user = await createUser(api.deps.db, 'admin', undefined, { atWork: false });
  await api.deps.db.updateTable('users').set({ locale }).where('id', '=', user.id).execute();
  return apiAs(api.deps, sessionUser(user, 'admin'));
}

describe('a new line’s client-facing texts', () => {
  it('are Russian when a Russian-speaking admin creates the line, English for an English-speaking one', async () => {
    const russianAdmin = await adminWhoSpeaks('ru');
    const englishAdmin = await adminWhoSpeaks('en');

    const russian = await russianAdmin.lines.get(await russianAdmin.lines.create({ name: 'Поддержка' }).then(({ id }) => ({ lineId: id })));
    expect(russian.settings.greeting.text).toBe('Здравствуйте! Оператор скоро вам ответит.');
    expect(russian.settings.noAnswer.text).toBe('Спасибо за ожидание! Сейчас все операторы заняты, мы ответим вам при первой возможности.');
    expect(russian.settings.workingHours.outOfHours.text).toBe('Сейчас нерабочее время. Оставьте сообщение, и мы ответим, как только начнём работу.');
    expect(russian.settings.rating).toMatchObject({
      requestText: 'Пожалуйста, оцените качество обслуживания.',
      thanksGoodText: 'Спасибо за оценку!',
      thanksBadText: 'Спасибо за оценку. Нам очень жаль — мы постараемся стать лучше.',
    });
    expect(russian.settings.rating.externalRequestText).toMatch(/^Пожалуйста, оцените качество обслуживания: ответьте цифрой от 1/);

    const english = await englishAdmin.lines.get(await englishAdmin.lines.create({ name: 'Support' }).then(({ id }) => ({ lineId: id })));
    expect(english.settings.greeting.text).toBe('Hello! An operator will answer you shortly.');
    expect(english.settings.noAnswer.text).toMatch(/^Thank you for waiting\./);
    expect(english.settings.workingHours.outOfHours.text).toMatch(/^We are closed right now\./);
    expect(english.settings.rating.requestText).toBe('Please rate how we did.');

    // Only the texts differ: the rest is the same default line.
    expect(russian.settings.distribution).toEqual(english.settings.distribution);
    expect(russian.settings.closing).toEqual(english.settings.closing);
  });

  it('leave lines that exist alone when the admin later switches language', async () => {
    const admin = await createUser(api.deps.db, 'admin', undefined, { atWork: false });
    const asAdmin = apiAs(api.deps, sessionUser(admin, 'admin'));
    const { id } = await asAdmin.lines.create({ name: 'Before the switch' });
    await api.deps.db.updateTable('users').set({ locale: 'ru' }).where('id', '=', admin.id).execute();
    await asAdmin.lines.create({ name: 'After the switch' });

    const before = await asAdmin.lines.get({ lineId: id });
    expect(before.settings.greeting.text).toBe('Hello! An operator will answer you shortly.');
  });
});
