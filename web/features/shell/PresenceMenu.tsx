'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Check, ChevronDown, Coffee, Play, Square } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type ReactNode } from 'react';
import { presenceSchema, type Presence, type StatusTone } from '../../../domain/availability';
import { useTRPC } from '../trpc/client';
import { errorMessage } from '../trpc/errors';
import { Spinner, useDismissable, useToast } from '../ui';
import { useAvailabilityText } from './availability-text';
import styles from './presence.module.css';

/** The viewer's IANA zone, so "until 2 Dec" is their 2 Dec. */
export function browserTimeZone(): string | undefined {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

export function StatusDot({ tone }: { tone: StatusTone }) {
  return <span className={styles.dot} data-tone={tone} aria-hidden />;
}

const presenceTones: Record<Presence, StatusTone> = { online: 'green', away: 'amber', offline: 'gray' };

type WorkdayStep = 'startWorkday' | 'startBreak' | 'endBreak' | 'endWorkday';
const workdayStepIcons: Record<WorkdayStep, ReactNode> = {
  startWorkday: <Play size={15} aria-hidden />,
  startBreak: <Coffee size={15} aria-hidden />,
  endBreak: <Play size={15} aria-hidden />,
  endWorkday: <Square size={13} aria-hidden />,
};

/**
 * The signed-in operator's presence and working day (SPEC §5): a menu button in the top bar
 * showing the state as a dot and a word; the menu sets presence and steps through the day.
 */
export function PresenceMenu() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const { open, setOpen, close, popupId: menuId, rootRef, buttonProps } = useDismissable();
  const menuRef = useRef<HTMLDivElement>(null);
  const [timeZone] = useState(browserTimeZone);
  const t = useTranslations('shell.presence');
  const presenceLabels = useTranslations('common.team.presence');
  const availabilityText = useAvailabilityText(timeZone);

  // An admin may set an absence meanwhile: look again now and then, not only on focus.
  const me = useQuery({ ...trpc.availability.me.queryOptions({ timeZone }), refetchInterval: 60_000 });

  const onSettled = () => queryClient.invalidateQueries({ queryKey: trpc.availability.me.queryKey() });
  const onError = (error: unknown) => toast({ tone: 'error', title: t('changeFailed'), description: errorMessage(error) });
  const setPresence = useMutation(trpc.availability.setPresence.mutationOptions({ onSettled, onError }));
  const stepOptions = (step: WorkdayStep) => ({ onSettled, onError, onSuccess: () => toast({ tone: 'success', title: t(`stepsDone.${step}`) }) });
  const startWorkday = useMutation(trpc.availability.startWorkday.mutationOptions(stepOptions('startWorkday')));
  const startBreak = useMutation(trpc.availability.startBreak.mutationOptions(stepOptions('startBreak')));
  const endBreak = useMutation(trpc.availability.endBreak.mutationOptions(stepOptions('endBreak')));
  const endWorkday = useMutation(trpc.availability.endWorkday.mutationOptions(stepOptions('endWorkday')));
  const stepMutations = { startWorkday, startBreak, endBreak, endWorkday };
  const busy = setPresence.isPending || Object.values(stepMutations).some((m) => m.isPending);

  useEffect(() => {
    if (!open) return;
    // The checked presence first, as a radio group would; else the first item.
    const items = menuItems(menuRef.current);
    (items.find((item) => item.getAttribute('aria-checked') === 'true') ?? items[0])?.focus();
  }, [open]);

  function onMenuKeyDown(event: ReactKeyboardEvent<HTMLDivElement>) {
    const items = menuItems(menuRef.current);
    const index = items.indexOf(document.activeElement as HTMLElement);
    const focusAt = (i: number) => items[(i + items.length) % items.length]?.focus();
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        focusAt(index + 1);
        break;
      case 'ArrowUp':
        event.preventDefault();
        focusAt(index - 1);
        break;
      case 'Home':
        event.preventDefault();
        focusAt(0);
        break;
      case 'End':
        event.preventDefault();
        focusAt(items.length - 1);
        break;
      case 'Tab':
        // Shift+Tab too, though it lands on the menu button.
        close(false);
        break;
    }
  }

  function onButtonKeyDown(event: ReactKeyboardEvent<HTMLButtonElement>) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setOpen(true);
    }
  }

  const data = me.data;
  const statusLabel = data ? availabilityText.status(data.status) : null;
  const reason = data ? availabilityText.reason(data.reasonCode) : null;
  const steps: WorkdayStep[] = !data
    ? []
    : data.workday === 'working'
      ? ['startBreak', 'endWorkday']
      : data.workday === 'on_break'
        ? ['endBreak', 'endWorkday']
        : ['startWorkday'];

  return (
    <div className={styles.root} ref={rootRef}>
      <button
        {...buttonProps}
        type="button"
        className={styles.button}
        aria-haspopup="menu"
        onKeyDown={onButtonKeyDown}
        disabled={!data}
        title={reason ?? t('getsDialogs')}
      >
        {busy ? <Spinner size={10} /> : <StatusDot tone={data?.status.tone ?? 'gray'} />}
        <span className={styles.buttonLabel}>{statusLabel ?? (me.isError ? t('unknown') : t('loading'))}</span>
        <span className="visually-hidden">{t('change')}</span>
        <ChevronDown size={14} aria-hidden />
      </button>
      {open && data && (
        <div className={styles.menu} id={menuId} role="menu" aria-label={t('menu')} ref={menuRef} onKeyDown={onMenuKeyDown}>
          <div className={styles.summary}>
            <p className={styles.summaryTitle}>
              <StatusDot tone={data.status.tone} />
              {statusLabel}
            </p>
            <p className={styles.summaryText}>{reason ? t('noDialogs', { reason: `${reason.charAt(0).toLowerCase()}${reason.slice(1)}` }) : t('getsDialogsSentence')}</p>
          </div>
          <div role="group" aria-labelledby={`${menuId}-presence`}>
            <p className={styles.groupLabel} id={`${menuId}-presence`}>
              {t('presence')}
            </p>
            {presenceSchema.options.map((presence) => (
              <button
                key={presence}
                type="button"
                role="menuitemradio"
                aria-checked={data.presence === presence}
                className={styles.item}
                tabIndex={-1}
                disabled={busy}
                onClick={() => {
                  close(true);
                  if (data.presence !== presence) setPresence.mutate({ presence });
                }}
              >
                <StatusDot tone={presenceTones[presence]} />
                <span className={styles.itemLabel}>{presenceLabels(presence)}</span>
                {data.presence === presence && <Check size={15} aria-hidden className={styles.check} />}
              </button>
            ))}
          </div>
          <div className={styles.separator} role="separator" />
          <div role="group" aria-labelledby={`${menuId}-workday`}>
            <p className={styles.groupLabel} id={`${menuId}-workday`}>
              {t('workday')}
            </p>
            {steps.map((step) => (
              <button
                key={step}
                type="button"
                role="menuitem"
                className={styles.item}
                tabIndex={-1}
                disabled={busy}
                onClick={() => {
                  close(true);
                  stepMutations[step].mutate();
                }}
              >
                <span className={styles.itemIcon}>{workdayStepIcons[step]}</span>
                <span className={styles.itemLabel}>{t(`steps.${step}`)}</span>
              </button>
            ))}
          </div>
        </div>
      )}
    </div>
  );
}

function menuItems(menu: HTMLElement | null): HTMLElement[] {
  if (!menu) return [];
  return [...menu.querySelectorAll<HTMLElement>('[role^="menuitem"]:not(:disabled)')];
}
