/** Identifiers and response values both SCORM versions accept. */

/**
 * An interaction id from a question id and the attempt number: characters outside `[A-Za-z0-9_.-]` become `_`, so
 * it is a valid SCORM 1.2 CMIIdentifier (no white space, at most 255 characters) and a SCORM 2004
 * long_identifier_type, and unique per attempt (`q-purpose.a1`, `q-purpose.a2`).
 */
export function interactionId(questionId: string, attemptNo: number, max = 255): string {
  const suffix = `.a${attemptNo}`;
  const base = questionId.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, max - suffix.length - 4) || 'q';
  return base + suffix;
}

/** Cut `s` to at most `max` characters without splitting a UTF-16 surrogate pair. */
export function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  let out = s.slice(0, max);
  const last = out.charCodeAt(out.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) out = out.slice(0, -1);
  return out;
}
