/**
 * Which sites may use a widget channel (its "allowed site origins" setting). Pure, shared by the
 * widget API's checks and its tests. An empty list allows any site, as before the setting existed;
 * the product's own origin (the hosted chat page, the demo page) is always allowed.
 */
export function isSiteOriginAllowed(allowedOrigins: readonly string[], origin: string, ownOrigin: string): boolean {
  return allowedOrigins.length === 0 || origin === ownOrigin || allowedOrigins.includes(origin);
}

/** The refusal a visitor's page (and its developer's console) shows, naming the fix. */
export function originRefusal(origin: string): string {
  return `origin: ${origin} may not use this chat; an admin adds it to the chat's "Allowed site origins" (Admin → Lines → the line's channels)`;
}
