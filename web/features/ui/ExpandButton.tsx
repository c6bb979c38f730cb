import { ChevronDown, ChevronUp } from 'lucide-react';
import type { ReactNode } from 'react';
import { Button } from './Button';

/**
 * A small button that opens and closes a panel (a row's details, a log): `aria-expanded`, and
 * `aria-controls` naming the panel while it is shown. `icon` replaces the closed state's chevron.
 */
export function ExpandButton({
  expanded,
  controls,
  label,
  icon,
  onToggle,
  children,
}: {
  expanded: boolean;
  controls: string;
  /** The accessible name, when the visible text alone does not say which row it opens. */
  label?: string;
  icon?: ReactNode;
  onToggle: () => void;
  children: ReactNode;
}) {
  return (
    <Button
      size="sm"
      variant={expanded ? 'secondary' : 'ghost'}
      icon={expanded ? <ChevronUp size={14} /> : (icon ?? <ChevronDown size={14} />)}
      aria-expanded={expanded}
      aria-controls={expanded ? controls : undefined}
      aria-label={label}
      onClick={onToggle}
    >
      {children}
    </Button>
  );
}
