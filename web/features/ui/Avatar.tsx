import styles from './ui.module.css';

const palette = ['#5466e8', '#0e9384', '#c4320a', '#7a5af8', '#dd2590', '#1570ef', '#b54708', '#3e4784'];

function initialsOf(name: string): string {
  const words = name.replace(/[#\d]+/g, ' ').trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '?';
  return ((words[0]?.[0] ?? '') + (words.length > 1 ? (words.at(-1)?.[0] ?? '') : '')).toUpperCase();
}

/** The picture when there is one, else initials on a colour derived from a stable key (so one client keeps one colour). */
export function Avatar({ name, colorKey, size = 32, imageUrl }: { name: string; colorKey?: string | number; size?: number; imageUrl?: string | null }) {
  if (imageUrl) {
    // A plain img: an uploaded data: URL or any https address (next/image would need every host configured).
    return <img src={imageUrl} alt="" width={size} height={size} className={styles.avatar} style={{ width: size, height: size, objectFit: 'cover' }} aria-hidden />;
  }
  const key = String(colorKey ?? name);
  let hash = 0;
  for (const char of key) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return (
    <span className={styles.avatar} style={{ width: size, height: size, fontSize: Math.round(size * 0.38), background: palette[hash % palette.length] }} aria-hidden>
      {initialsOf(name)}
    </span>
  );
}
