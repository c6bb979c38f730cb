import { Download, FileText } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { isPreviewableImage } from '../../../domain/files';
import { useInboxFormat } from './format';
import styles from './attachments.module.css';
import type { DialogMessage } from './types';

/** A message's files: raster images as thumbnails, everything else as a chip with its size. Links open with the session. */
export function MessageAttachments({ files }: { files: DialogMessage['attachments'] }) {
  const t = useTranslations('inbox.messages');
  const format = useInboxFormat();
  if (files.length === 0) return null;
  return (
    <ul className={styles.files} aria-label={t('files')}>
      {files.map((file, i) => (
        <li key={`${file.url}-${i}`}>
          {isPreviewableImage(file.mimeType ?? undefined) ? (
            <a href={file.url} target="_blank" rel="noopener noreferrer" className={styles.thumbnail} title={file.name}>
              <img src={file.url} alt={file.name} loading="lazy" />
            </a>
          ) : (
            <a href={file.url} target="_blank" rel="noopener noreferrer" className={styles.fileChip} download={file.name}>
              <FileText size={15} aria-hidden />
              <span className={styles.chipName}>{file.name}</span>
              {file.size !== null && <span className={styles.chipSize}>{format.fileSize(file.size)}</span>}
              <Download size={13} aria-hidden />
            </a>
          )}
        </li>
      ))}
    </ul>
  );
}
