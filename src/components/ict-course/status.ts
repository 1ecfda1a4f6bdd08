import type {Translator} from '../../i18n/index.js';
import type {TrackerStatus} from '../../tracking/tracker.js';

/** What the status wording depends on besides the status itself. */
export interface StatusContext {
  t: Translator;
  online: boolean;
  /** a status code the learner keeps seeing for this launch (the LMS's copy was unreadable, the session ended) */
  notice: string | null;
  /** the message of a code, or null where it has none or it has not loaded yet */
  message(code: string | undefined): string | null;
}

/** The visible words for a tracker status (errors excepted: see {@link statusAlert}). */
export function statusText(s: TrackerStatus, {t, online, notice, message}: StatusContext): string {
  // This device cannot keep a copy: never claim it does, online or not.
  if (s.code === 'storage-unavailable' || s.code === 'quota-exceeded') {
    const waiting = s.pending > 0 ? `${t('statusPending', {n: t.number(s.pending)})} ` : '';
    return waiting + (message(s.code) ?? t('statusNotSaved'));
  }
  if (!online && s.state !== 'local') return t('statusOffline');
  if (s.state === 'local') {
    if (s.code === 'not-saved') return t('statusNotSaved');
    return message(s.code) ?? t('statusLocal');
  }
  // saved, with something to know (the LMS's copy was unreadable; this device cannot keep a copy; the session ended)
  if (s.state === 'saved' && s.code) return message(s.code) ?? t('statusSaved');
  if ((s.state === 'saved' || s.state === 'saving') && notice) return message(notice) ?? t('statusSaved');
  if (s.state === 'pending') return t('statusPending', {n: t.number(s.pending)});
  if (s.state === 'offline') return t('statusOffline');
  if (s.state === 'saving') return t('statusSaving');
  if (s.state === 'saved') return t('statusSaved');
  return s.state === 'error' ? '' : t('statusConnecting');
}

/**
 * The words of the alert region: an error's own message once it has loaded; until then nothing rather than advice
 * that may be wrong for the case (a generic "check your connection" for expired credentials); the generic text
 * where the code has no message or the messages cannot be loaded (`messagesShown`).
 */
export function statusAlert(s: TrackerStatus, {t, message}: StatusContext, messagesShown: boolean): string {
  if (s.state !== 'error') return '';
  return message(s.code) ?? (messagesShown || !s.code ? t('statusError') : '');
}
