'use client';

/** Desktop notifications, where the browser has them: progressive, the bell works without. */
export type DesktopPermission = NotificationPermission | 'unsupported';

export function desktopPermission(): DesktopPermission {
  return typeof window !== 'undefined' && 'Notification' in window ? Notification.permission : 'unsupported';
}

export async function requestDesktopPermission(): Promise<DesktopPermission> {
  if (desktopPermission() === 'unsupported') return 'unsupported';
  return Notification.requestPermission();
}

/** Shows `body` as a desktop notification if allowed; clicking it focuses the tab and calls `onClick`. */
export function showDesktopNotification(options: { title: string; body: string; tag: string; onClick: () => void }): void {
  if (desktopPermission() !== 'granted') return;
  try {
    const notification = new Notification(options.title, { body: options.body, tag: options.tag });
    notification.onclick = () => {
      window.focus();
      options.onClick();
      notification.close();
    };
  } catch {
    // Some mobile browsers only allow notifications from a service worker; the bell still shows it.
  }
}
