import { describe, expect, it } from 'vitest';
import { clientWroteHoursAgo } from '../support/dialogs';
import { createChannel, createLine, createUser } from '../support/fixtures';
import { apiAs, countMessages, insertDialog, rejection, sessionUser, useApiDatabase } from '../web/helpers';

/**
 * SPEC §5 messenger rules in the inbox's API: a WhatsApp dialog shows how long its 24-hour reply
 * window stays open; once it is closed the reply box is disabled with the reason, the server
 * refuses a reply (nothing stored), and the channel's approved template is offered instead.
 */
const shared = useApiDatabase();
const HOUR = 3_600_000;

async function whatsappDialog(options: { clientWroteHoursAgo: number; template?: string }) {
  const db = shared.deps.db;
  const me = await createUser(db, 'manager', 'Wanda');
  const { lineId } = await createLine(db, { operators: [me.id] });
  const config = { phoneNumberId: '106540352242922', templateName: options.template ?? '', templateLanguage: 'en_US' };
  const channel = await createChannel(db, { lineId, kind: 'whatsapp', name: 'Shop WhatsApp', config });
  const dialogId = await insertDialog(db, { lineId, channelId: channel.id, status: 'in_work', operatorId: me.id });
  const lastClientMessageAt = await clientWroteHoursAgo(db, dialogId, options.clientWroteHoursAgo);
  return { api: apiAs(shared.deps, sessionUser(me, 'manager')), dialogId, lastClientMessageAt };
}

describe('the WhatsApp reply window in the inbox', () => {
  it('is open for 24 hours after the client’s last message, and replies are allowed', async () => {
    const { api, dialogId, lastClientMessageAt } = await whatsappDialog({ clientWroteHoursAgo: 1, template: 'follow_up' });
    const view = await api.dialogs.get({ dialogId });
    expect(view.replyWindow).toEqual({ state: 'open', until: new Date(lastClientMessageAt.getTime() + 24 * HOUR) });
    expect(view.permissions).toMatchObject({ canReply: true, canSendTemplate: false, replyBlockedReason: null });
    // The template is for a closed window only.
    const early = await rejection(api.dialogs.sendTemplate({ dialogId }));
    expect(early.code).toBe('CONFLICT');
    expect(early.message).toMatch(/reply window is open/);
  });

  it('once closed, disables the reply box with the reason, refuses a reply and offers the template', async () => {
    const { api, dialogId } = await whatsappDialog({ clientWroteHoursAgo: 25, template: 'follow_up' });
    const view = await api.dialogs.get({ dialogId });
    expect(view.replyWindow).toMatchObject({ state: 'closed', template: { name: 'follow_up', language: 'en_US' } });
    expect(view.permissions.canReply).toBe(false);
    expect(view.permissions.canSendTemplate).toBe(true);
    expect(view.permissions.replyBlockedReason).toMatch(/reply window is closed.*within 24 hours of the client's last message.*template/);

    const before = await countMessages(shared.deps.db, dialogId);
    const refused = await rejection(api.dialogs.reply({ dialogId, text: 'Sorry for the wait!' }));
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toMatch(/reply window is closed/);
    expect(await countMessages(shared.deps.db, dialogId)).toBe(before);
  });

  it('says an admin must set a template when the channel has none', async () => {
    const { api, dialogId } = await whatsappDialog({ clientWroteHoursAgo: 30 });
    const view = await api.dialogs.get({ dialogId });
    expect(view.replyWindow).toMatchObject({ state: 'closed', template: null });
    expect(view.permissions.canSendTemplate).toBe(false);
    const refused = await rejection(api.dialogs.sendTemplate({ dialogId }));
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toMatch(/No approved template is set for the channel "Shop WhatsApp"/);
  });

  it('does not apply to a widget dialog however long ago the client wrote', async () => {
    const db = shared.deps.db;
    const me = await createUser(db, 'manager');
    const { lineId, channelId } = await createLine(db, { operators: [me.id] });
    const dialogId = await insertDialog(db, { lineId, channelId, status: 'in_work', operatorId: me.id });
    await clientWroteHoursAgo(db, dialogId, 100);
    const view = await apiAs(shared.deps, sessionUser(me, 'manager')).dialogs.get({ dialogId });
    expect(view.replyWindow).toBeNull();
    expect(view.permissions.canReply).toBe(true);
  });
});
