import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { takeRatingReply } from '../../channels/rating-reply';
import { dialogRow, dialogTexts, eventually, sendClientMessage, waitForState } from '../support/dialogs';
import { createLine, createUser } from '../support/fixtures';
import { useTestWorker } from '../support/worker';
import { apiAs, sessionUser } from '../web/helpers';

/**
 * A client who cannot press rating buttons answers the rating request with a message; it reaches
 * the real dialog workflow as the rating (item 7), and is otherwise an ordinary message.
 */
const testWorker = useTestWorker();
const deps = () => ({ db: testWorker.worker.db, temporal: testWorker.worker.client, taskQueue: testWorker.worker.taskQueue });
const db = () => testWorker.worker.db;

async function closedDialogAskingForRating(scale: 'five_stars' | 'like_dislike') {
  const operator = await createUser(db(), 'manager', 'Olga');
  const line = await createLine(db(), { operators: [operator.id], settings: { greeting: { enabled: false }, rating: { scale } } });
  const clientId = randomUUID();
  const { dialogId } = await sendClientMessage(deps(), line.channelId, { visitorId: clientId, text: 'Is my order shipped?' });
  await waitForState(testWorker.worker.client, dialogId, (s) => s.offeredTo.includes(operator.id));
  const api = apiAs(deps(), sessionUser(operator, 'manager'));
  await api.dialogs.take({ dialogId });
  await api.dialogs.reply({ dialogId, text: 'Yes, it ships today.' });
  await api.dialogs.close({ dialogId });
  // The client answers what reached them: the stored rating request (the workflow marks it asked just before).
  await eventually(async () => (await dialogTexts(db(), dialogId)).includes('Please rate how we did.'));
  const reply = (text: string, externalMessageId = randomUUID()) => ({ channelId: line.channelId, externalMessageId, sender: { externalId: clientId }, text });
  return { dialogId, reply };
}

describe('a rating typed as a message', () => {
  it('rates the closed dialog that asked for it, and is kept in its history without reopening it', async () => {
    const { dialogId, reply } = await closedDialogAskingForRating('five_stars');
    expect(await takeRatingReply(deps(), reply('thanks, bye'))).toBeNull();
    const taken = await takeRatingReply(deps(), reply('5'));
    expect(taken).toMatchObject({ dialogId });
    expect(await dialogRow(db(), dialogId)).toMatchObject({ rating: '5', status: 'closed' });
    await eventually(async () => (await dialogTexts(db(), dialogId)).includes('Thank you for your rating!'));
    expect(await dialogTexts(db(), dialogId)).toContain('5');
    // Rated once: a second answer is an ordinary message.
    expect(await takeRatingReply(deps(), reply('4'))).toBeNull();
    expect((await dialogRow(db(), dialogId)).rating).toBe('5');
  });

  it('reads "no" as a dislike on a thumbs line', async () => {
    const { dialogId, reply } = await closedDialogAskingForRating('like_dislike');
    expect(await takeRatingReply(deps(), reply('No.'))).toMatchObject({ dialogId });
    expect((await dialogRow(db(), dialogId)).rating).toBe('dislike');
  });

  it('leaves a number alone while no rating was asked for', async () => {
    const line = await createLine(db(), { settings: { greeting: { enabled: false } } });
    const clientId = randomUUID();
    await sendClientMessage(deps(), line.channelId, { visitorId: clientId, text: 'Hello' });
    expect(await takeRatingReply(deps(), { channelId: line.channelId, externalMessageId: randomUUID(), sender: { externalId: clientId }, text: '5' })).toBeNull();
  });
});
