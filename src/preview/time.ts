/**
 * Durations as the standards write them, read back into seconds for the records table and written out again for
 * `cmi.core.total_time` / `cmi.total_time`.
 */

/** SCORM 1.2 CMITimespan `HHHH:MM:SS.SS` (hours 2-4 digits, optional hundredths) to seconds; NaN when malformed. */
export function scorm12Seconds(s: string | undefined | null): number {
  if (!s) return 0;
  const m = /^(\d{2,4}):(\d{2}):(\d{2})(\.\d{1,2})?$/.exec(String(s).trim());
  if (!m) return Number.NaN;
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) + (m[4] ? Number(m[4]) : 0);
}

/** ISO 8601 duration (`PT1H2M3.4S`, `P1DT2H`) to seconds; NaN when malformed. Years and months count 365 / 30 days. */
export function isoSeconds(s: string | undefined | null): number {
  if (!s) return 0;
  const m =
    /^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(
      String(s).trim(),
    );
  if (!m || s === 'P' || /T$/.test(s)) return Number.NaN;
  const [, y, mo, w, d, h, mi, sec] = m.map((v) => (v === undefined ? 0 : Number(v)));
  return (((y! * 365 + mo! * 30 + w! * 7 + d!) * 24 + h!) * 60 + mi!) * 60 + sec!;
}

/** Seconds as a SCORM 1.2 CMITimespan (`0001:02:03.40`). */
export function toScorm12Time(seconds: number): string {
  const total = Math.max(0, Math.round(seconds * 100) / 100);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total - h * 3600 - m * 60;
  const ss = s.toFixed(2).padStart(5, '0');
  return `${String(Math.min(h, 9999)).padStart(4, '0')}:${String(m).padStart(2, '0')}:${ss}`;
}

/** Seconds as an ISO 8601 duration (`PT1H2M3.4S`). */
export function toIsoDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds * 100) / 100);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = Math.round((total - h * 3600 - m * 60) * 100) / 100;
  return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s || (!h && !m) ? `${s}S` : ''}`;
}

/** Seconds for people: `1 h 02 min`, `3 min 20 s`, `45 s`. */
export function humanDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds <= 0) return '0 s';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  if (h) return `${h} h ${String(m).padStart(2, '0')} min`;
  if (m) return `${m} min ${String(r).padStart(2, '0')} s`;
  return `${r} s`;
}
