/** Where a channel's deliveries go (web/app/api/channels/[channelKey]/webhook); keeps a PUBLIC_URL path prefix. */
export function channelWebhookUrl(publicUrl: string, channelKey: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/api/channels/${encodeURIComponent(channelKey)}/webhook`;
}
