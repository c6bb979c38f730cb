import type { ReplyButton } from '../../domain/channels';
import { replyWindowOf } from '../../domain/reply-window';
import { findLastClientMessageAt } from '../../db/queries/messages';
import { PermanentSendFailure, type ConnectedChannel, type OutboundAttachment, type OutboundMessage, type SendContext, type SendResult } from '../connector';
import { buttonsToDraw } from '../rating-buttons';
import { callGraph, toSendFailure } from './graph-api';
import type { WhatsappSettings } from './settings';

/**
 * One stored message out through the Cloud API (POST /{phone-number-id}/messages). Meta's limits:
 * at most 3 reply buttons (titles ≤ 20 characters), else a list of at most 10 rows (≤ 24), an
 * interactive body or a caption ≤ 1024 characters.
 */
const MAX_REPLY_BUTTONS = 3;
const MAX_LIST_ROWS = 10;
const MAX_BODY = 1024;

type Payload = Record<string, unknown>;

export async function sendWhatsappMessage(channel: ConnectedChannel<WhatsappSettings>, message: OutboundMessage, context: SendContext): Promise<SendResult> {
  const settings = channel.settings;
  const payloads = (await windowIsOpen(message, context)) ? await contentPayloads(settings, message, context) : [templateInstead(settings, message)];
  let lastId = '';
  for (const payload of payloads) {
    try {
      const answer = await callGraph<{ messages?: { id: string }[] }>(context.fetch, settings, `${settings.phoneNumberId}/messages`, {
        json: { messaging_product: 'whatsapp', recipient_type: 'individual', to: message.recipientExternalId, ...payload },
        signal: context.signal,
      });
      lastId = answer.messages?.[0]?.id ?? lastId;
    } catch (error) {
      throw toSendFailure(error);
    }
  }
  if (!lastId) throw new Error('WhatsApp API accepted the message but returned no message id');
  return { externalMessageId: lastId };
}

/** SPEC §5: nothing but a template goes out once 24 hours have passed since the client's last message. */
async function windowIsOpen(message: OutboundMessage, context: SendContext): Promise<boolean> {
  return replyWindowOf('whatsapp', await findLastClientMessageAt(context.db, message.dialogId), new Date()).state === 'open';
}

/**
 * Outside the window an operator's message goes out as the channel's approved template (the inbox's
 * "Send template" stores such a message), inviting the client to write again. An automatic message
 * (a bot step, the rating request, a closing text) is not worth a template: it fails with the reason.
 */
function templateInstead(settings: WhatsappSettings, message: OutboundMessage): Payload {
  if (message.authorKind !== 'operator') {
    throw new PermanentSendFailure('not sent: the 24-hour WhatsApp reply window is closed, and automatic messages are not sent as templates');
  }
  if (!settings.templateName) {
    throw new PermanentSendFailure('not sent: the 24-hour WhatsApp reply window is closed and the channel has no approved template set (channel settings → Template)');
  }
  return { type: 'template', template: { name: settings.templateName, language: { code: settings.templateLanguage } } };
}

async function contentPayloads(settings: WhatsappSettings, message: OutboundMessage, context: SendContext): Promise<Payload[]> {
  const text = message.text.trim();
  const buttons = buttonsToDraw(message);
  const attachments = message.attachments ?? [];
  const payloads: Payload[] = [];
  // The text rides on the buttons or as the first file's caption when it fits; otherwise alone, first.
  let textSent = text === '';
  const fitsInBody = text.length <= MAX_BODY;
  if (!textSent && (!fitsInBody || (!buttons.length && !attachments.length))) {
    payloads.push({ type: 'text', text: { body: text, preview_url: false } });
    textSent = true;
  }
  for (const attachment of attachments) {
    const caption = !textSent && !buttons.length ? text : undefined;
    if (caption) textSent = true;
    payloads.push(await mediaPayload(settings, attachment, caption, context));
  }
  if (buttons.length) payloads.push(interactivePayload(textSent ? 'Please choose:' : text, buttons));
  return payloads;
}

function interactivePayload(body: string, buttons: ReplyButton[]): Payload {
  if (buttons.length <= MAX_REPLY_BUTTONS) {
    return {
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: body },
        action: { buttons: buttons.map((button) => ({ type: 'reply', reply: { id: button.id, title: button.label.slice(0, 20) } })) },
      },
    };
  }
  return {
    type: 'interactive',
    interactive: {
      type: 'list',
      body: { text: body },
      action: {
        button: 'Choose',
        sections: [{ title: 'Options', rows: buttons.slice(0, MAX_LIST_ROWS).map((button) => ({ id: button.id, title: button.label.slice(0, 24) })) }],
      },
    },
  };
}

/** Images as images, everything else as a document; by upload (POST /{phone-number-id}/media) or by the file's signed link. */
async function mediaPayload(settings: WhatsappSettings, attachment: OutboundAttachment, caption: string | undefined, context: SendContext): Promise<Payload> {
  const type = /^image\/(jpeg|png)$/.test(attachment.mimeType) ? 'image' : 'document';
  const source = settings.sendMediaBy === 'link' ? { link: attachment.url } : { id: await uploadMedia(settings, attachment, context) };
  return {
    type,
    [type]: { ...source, ...(caption ? { caption } : {}), ...(type === 'document' ? { filename: attachment.name } : {}) },
  };
}

async function uploadMedia(settings: WhatsappSettings, attachment: OutboundAttachment, context: SendContext): Promise<string> {
  const form = new FormData();
  form.set('messaging_product', 'whatsapp');
  form.set('type', attachment.mimeType);
  form.set('file', new Blob([Buffer.from(await attachment.read())], { type: attachment.mimeType }), attachment.name);
  try {
    const answer = await callGraph<{ id: string }>(context.fetch, settings, `${settings.phoneNumberId}/media`, { form, signal: context.signal });
    return answer.id;
  } catch (error) {
    throw toSendFailure(error);
  }
}
