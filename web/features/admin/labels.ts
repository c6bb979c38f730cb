export { channelKindLabels } from '../../../domain/channels';

/** "90 minutes" → "1 h 30 min", "1440" → "1 day": shown next to minute inputs. */
export function describeMinutes(minutes: number): string {
  if (!Number.isFinite(minutes) || minutes <= 0) return '';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  const parts = [days && `${days} ${days === 1 ? 'day' : 'days'}`, hours && `${hours} h`, rest && `${rest} min`].filter(Boolean);
  return parts.join(' ');
}
