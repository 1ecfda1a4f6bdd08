// Small transformations of the course's sanitized HTML for display.

/** A prompt's HTML as legend content: paragraphs become block spans (a legend holds phrasing content). */
export function legend(prompt: string): string {
  return prompt.replace(/<p(\s[^>]*)?>/gi, '<span class="p">').replace(/<\/p>/gi, '</span>');
}

/** The text of sanitized HTML, for announcements and interaction descriptions. */
export function plain(source: string): string {
  const tpl = document.createElement('template');
  tpl.innerHTML = source;
  return (tpl.content.textContent ?? '').replace(/\s+/g, ' ').trim();
}
