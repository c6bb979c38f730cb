/** The product's name: a brand, the same in every language. */
export const PRODUCT_NAME = 'Openlines';

/** The Openlines mark: two speech lines meeting in one inbox. */
export function Logo({ size = 24 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden focusable="false">
      <rect width="32" height="32" rx="8" fill="var(--accent)" />
      <path d="M8 11.5h11.5a4.5 4.5 0 0 1 0 9H15l-4 3.5v-3.5H8" fill="none" stroke="#fff" strokeWidth="2.4" strokeLinecap="round" strokeLinejoin="round" />
      <circle cx="23.5" cy="10" r="2.6" fill="#c5cdfd" />
    </svg>
  );
}
