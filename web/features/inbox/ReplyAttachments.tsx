'use client';

import { FileText, LoaderCircle, Paperclip, X } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useRef, useState } from 'react';
import { MAX_FILES_PER_MESSAGE, MAX_UPLOAD_BYTES, isActiveContent } from '../../../domain/files';
import { useInboxFormat } from './format';
import styles from './attachments.module.css';
import { uploadStaffFile } from './upload-file';

/** A file chosen for the next reply: uploading, stored (with its id), or refused (with the reason). */
export interface PendingFile {
  key: string;
  dialogId: number;
  name: string;
  size: number;
  state: 'uploading' | 'ready' | 'failed';
  fileId?: number;
  error?: string;
}

let nextKey = 0;

/**
 * Files attached to the reply being written, per dialog: each is uploaded as soon as it is chosen
 * (so sending is quick and a refused file is known before the reply), and the reply names the
 * stored ones by id. Files the server would refuse (empty, too large, a web page or program) are
 * refused here first, by the same rule and in the user's language.
 */
export function useReplyAttachments(dialogId: number) {
  const [all, setAll] = useState<PendingFile[]>([]);
  const t = useTranslations('inbox.files');
  const format = useInboxFormat();
  // The server's rule (domain/files.ts uploadRefusal), said in the user's language before uploading.
  const refusalOf = (file: File): string | null => {
    if (file.size === 0) return t('empty');
    if (file.size > MAX_UPLOAD_BYTES) return t('tooLarge', { max: format.fileSize(MAX_UPLOAD_BYTES), size: format.fileSize(file.size) });
    if (isActiveContent({ name: file.name, mimeType: file.type })) return t('activeContent', { name: file.name });
    return null;
  };
  const files = all.filter((f) => f.dialogId === dialogId);
  const update = (key: string, change: Partial<PendingFile>) => setAll((list) => list.map((f) => (f.key === key ? { ...f, ...change } : f)));

  function add(chosen: Iterable<File>) {
    const room = MAX_FILES_PER_MESSAGE - files.length;
    [...chosen].forEach((file, index) => {
      const key = `file-${++nextKey}`;
      const tooMany = index >= room ? t('tooMany', { max: MAX_FILES_PER_MESSAGE }) : null;
      const refusal = tooMany ?? refusalOf(file);
      const pending: PendingFile = { key, dialogId, name: file.name, size: file.size, state: refusal ? 'failed' : 'uploading', ...(refusal ? { error: refusal } : {}) };
      setAll((list) => [...list, pending]);
      if (refusal) return;
      uploadStaffFile(`/api/files?dialogId=${dialogId}`, file, { unreachable: t('unreachable'), failed: (status) => t('uploadFailed', { status }) }).then(
        (stored) => update(key, { state: 'ready', fileId: stored.fileId }),
        (error: unknown) => update(key, { state: 'failed', error: error instanceof Error ? error.message : String(error) }),
      );
    });
  }

  return {
    files,
    add,
    remove: (key: string) => setAll((list) => list.filter((f) => f.key !== key)),
    /** Sent: the stored files' chips go (refused ones stay, with their reason); `restore` puts them back when the reply fails. */
    take(): PendingFile[] {
      const sent = files.filter((f) => f.state === 'ready');
      setAll((list) => list.filter((f) => !sent.includes(f)));
      return sent;
    },
    restore: (taken: PendingFile[]) => setAll((list) => [...list, ...taken]),
    /** Files already stored with the dialog (a quick answer's), attached as they are. */
    addStored: (stored: readonly { fileId: number; name: string; size: number }[]) =>
      setAll((list) => [...list, ...stored.map((f): PendingFile => ({ key: `file-${++nextKey}`, dialogId, name: f.name, size: f.size, state: 'ready', fileId: f.fileId }))]),
    fileIds: files.flatMap((f) => (f.state === 'ready' && f.fileId !== undefined ? [f.fileId] : [])),
    uploading: files.some((f) => f.state === 'uploading'),
  };
}

export type ReplyAttachments = ReturnType<typeof useReplyAttachments>;

export function AttachButton({ attachments, disabled }: { attachments: ReplyAttachments; disabled?: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  const t = useTranslations('inbox.files');
  const format = useInboxFormat();
  return (
    <>
      <button
        type="button"
        className={styles.attachButton}
        onClick={() => input.current?.click()}
        disabled={disabled}
        title={t('attachHint', { size: format.fileSize(MAX_UPLOAD_BYTES) })}
      >
        <Paperclip size={15} aria-hidden />
        <span className="visually-hidden">{t('attach')}</span>
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        data-testid="reply-file-input"
        onChange={(event) => {
          if (event.target.files) attachments.add(event.target.files);
          event.target.value = '';
        }}
      />
    </>
  );
}

export function PendingFiles({ attachments }: { attachments: ReplyAttachments }) {
  const t = useTranslations('inbox.files');
  const format = useInboxFormat();
  if (attachments.files.length === 0) return null;
  return (
    <ul className={styles.pending} aria-label={t('toSend')}>
      {attachments.files.map((file) => (
        <li key={file.key} className={styles.pendingChip} data-state={file.state}>
          {file.state === 'uploading' ? <LoaderCircle size={13} className={styles.spin} aria-hidden /> : <FileText size={13} aria-hidden />}
          <span className={styles.chipName}>{file.name}</span>
          <span className={styles.chipSize}>{file.state === 'uploading' ? t('uploading') : format.fileSize(file.size)}</span>
          {file.error && <span className={styles.chipError} role="alert">{file.error}</span>}
          <button type="button" className={styles.chipRemove} onClick={() => attachments.remove(file.key)} aria-label={t('remove', { name: file.name })}>
            <X size={12} aria-hidden />
          </button>
        </li>
      ))}
    </ul>
  );
}
