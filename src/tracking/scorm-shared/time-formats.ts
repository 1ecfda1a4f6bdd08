/**
 * Time values in each SCORM version's own syntax.
 *
 * - SCORM 1.2 CMITimespan (`cmi.core.session_time`, `cmi.interactions.n.latency`): `HHHH:MM:SS.SS`, hours 2 to 4
 *   digits, seconds to the hundredth (RTE 3.4.2.1 data types).
 * - SCORM 1.2 CMITime (`cmi.interactions.n.time`): a time of day, `HH:MM:SS`.
 * - SCORM 2004 timeinterval (second, 10, 2) (`cmi.session_time`, `cmi.interactions.n.latency`): an ISO 8601
 *   duration such as `PT1H2M3.45S` (RTE 4.1.1.7).
 * - SCORM 2004 time (second, 10, 0) (`cmi.interactions.n.timestamp`): `YYYY-MM-DDThh:mm:ss.s` with an optional
 *   time zone designator (RTE 4.1.1.6); written here in UTC with two fraction digits and `Z`.
 */

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Whole hundredths of a second in `ms`, never negative, never NaN. */
function centiseconds(ms: number): number {
  return Number.isFinite(ms) && ms > 0 ? Math.round(ms / 10) : 0;
}

/** SCORM 1.2 CMITimespan: `0000:01:02.50`; capped at `9999:59:59.99`, the largest the type holds. */
export function cmiTimespan(ms: number): string {
  let cs = centiseconds(ms);
  const max = (9999 * 3600 + 59 * 60 + 59) * 100 + 99;
  if (cs > max) cs = max;
  const h = Math.floor(cs / 360000);
  const m = Math.floor((cs % 360000) / 6000);
  const s = Math.floor((cs % 6000) / 100);
  const frac = cs % 100;
  return `${pad(h, 4)}:${pad(m)}:${pad(s)}.${pad(frac)}`;
}

/** SCORM 1.2 CMITime: the time of day `HH:MM:SS` of `ms` since epoch, in the learner's local time. */
export function cmiTime(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** SCORM 2004 timeinterval: `PT1H2M3.45S`, zero parts left out, `PT0S` for nothing. */
export function isoDuration(ms: number): string {
  const cs = centiseconds(ms);
  const h = Math.floor(cs / 360000);
  const m = Math.floor((cs % 360000) / 6000);
  const s = (cs % 6000) / 100;
  let out = 'PT';
  if (h) out += `${h}H`;
  if (m) out += `${m}M`;
  if (s || (!h && !m)) out += `${Number(s.toFixed(2))}S`;
  return out;
}

/** SCORM 2004 time: `2026-11-25T09:14:33.12Z` (UTC). */
export function isoTimestamp(ms: number): string {
  const d = new Date(Number.isFinite(ms) ? ms : 0);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}` +
    `.${pad(Math.floor(d.getUTCMilliseconds() / 10))}Z`
  );
}

/** A number as a SCORM decimal string: no exponent, at most `digits` fraction digits, no trailing zeros. */
export function decimal(n: number, digits: number): string {
  if (!Number.isFinite(n)) return '0';
  const s = n.toFixed(digits);
  if (Number(s) === 0) return '0';
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}
