'use client';

import { CircleAlert, CircleCheck, Info, X } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { Button } from './Button';
import { cx } from './cx';
import styles from './ui.module.css';

type ToastTone = 'success' | 'error' | 'info';
interface ToastMessage {
  id: number;
  tone: ToastTone;
  title: string;
  description?: string;
}
type ShowToast = (toast: Omit<ToastMessage, 'id'>) => void;

const ToastContext = createContext<ShowToast | null>(null);
const icons = { success: CircleCheck, error: CircleAlert, info: Info };
const DISMISS_AFTER_MS = 6000;

/** Short notices in a polite live region at the corner; errors stay a little longer. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<ToastMessage[]>([]);
  const nextId = useRef(1);
  const t = useTranslations('common.ui');
  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((t) => t.id !== id)), []);
  const show = useCallback<ShowToast>(
    (toast) => {
      const id = nextId.current++;
      setToasts((all) => [...all.slice(-3), { ...toast, id }]);
      setTimeout(() => dismiss(id), toast.tone === 'error' ? DISMISS_AFTER_MS * 1.5 : DISMISS_AFTER_MS);
    },
    [dismiss],
  );
  const value = useMemo(() => show, [show]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <ol className={styles.toaster} aria-live="polite" aria-label={t('notifications')}>
        {toasts.map((toast) => {
          const Icon = icons[toast.tone];
          return (
            <li key={toast.id} className={cx(styles.toast, styles[`toast-${toast.tone}`])} role={toast.tone === 'error' ? 'alert' : 'status'}>
              <Icon size={18} className={styles.toastIcon} aria-hidden />
              <div className={styles.toastText}>
                <p className={styles.toastTitle}>{toast.title}</p>
                {toast.description && <p className={styles.toastDescription}>{toast.description}</p>}
              </div>
              <Button variant="ghost" size="sm" iconOnly aria-label={t('dismissNotification')} icon={<X size={14} />} onClick={() => dismiss(toast.id)} />
            </li>
          );
        })}
      </ol>
    </ToastContext.Provider>
  );
}

export function useToast(): ShowToast {
  const show = useContext(ToastContext);
  if (!show) throw new Error('useToast must be used inside <ToastProvider>');
  return show;
}
