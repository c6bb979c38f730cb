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

/** Whether the user is elsewhere: the tab hidden, or the window not in front. Alerts are raised only then. */
export function pageInBackground(): boolean {
  return typeof document !== 'undefined' && (document.visibilityState === 'hidden' || !document.hasFocus());
}

let audio: AudioContext | null = null;

/**
 * A short two-tone beep made with WebAudio (nothing to download). Browsers let a page make sound
 * only after the user interacted with it; before that the beep is silently skipped.
 */
export function playAlertSound(): void {
  try {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') void audio.resume().catch(() => undefined);
    const start = audio.currentTime;
    for (const [offset, frequency] of [
      [0, 880],
      [0.16, 1320],
    ] as const) {
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.type = 'sine';
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start + offset);
      gain.gain.exponentialRampToValueAtTime(0.2, start + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.14);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(start + offset);
      oscillator.stop(start + offset + 0.15);
    }
  } catch {
    // No WebAudio (or blocked): the desktop notification and the bell still tell.
  }
}
