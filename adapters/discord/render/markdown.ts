// The core writes CommonMark-ish markdown, which Discord renders almost as is. Three things differ:
// `__x__` is underline on Discord (bold in CommonMark), only `#`-`###` headings exist, and
// `@everyone`/`@here`/role mentions in content ping people, so those are defused everywhere.

/** Fenced blocks and inline code, where markdown conversions must not reach. */
const CODE = /```[\s\S]*?```|`[^`\n]+`/g;
const MASS_MENTION = /@(everyone|here)\b/gi;
const ROLE_MENTION = /<@&(\d+)>/g;
const ZWSP = '\u200b';

/**
 * Breaks `@everyone`, `@here` and role mentions with a zero-width space so they render as text
 * and never ping; user (`<@id>`) and channel (`<#id>`) mentions are kept.
 */
export function defuseMentions(text: string): string {
  return text.replace(MASS_MENTION, `@${ZWSP}$1`).replace(ROLE_MENTION, `<@${ZWSP}&$1>`);
}

/** Converts the core's markdown to Discord's; code is left verbatim (but still defused). */
export function toDiscordMarkdown(markdown: string): string {
  const source = markdown.replace(/\r\n?/g, '\n');
  let out = '';
  let last = 0;
  for (const match of source.matchAll(CODE)) {
    out += convertProse(source.slice(last, match.index)) + match[0];
    last = match.index + match[0].length;
  }
  return defuseMentions(out + convertProse(source.slice(last)));
}

/** Escapes markdown so text shows verbatim (names, topics, the candidate's quoted words). */
export function escapeMarkdown(text: string): string {
  const escaped = text
    .replace(/\r\n?/g, '\n')
    .replace(/[\\*_~`|[\]]/g, '\\$&')
    // Block syntax only means something at the start of a line.
    .replace(/^([ \t]*)([>#+-])/gm, '$1\\$2');
  return defuseMentions(escaped);
}

function convertProse(text: string): string {
  return text
    .replace(/^(\s*)#{4,6}\s+(.+)$/gm, '$1**$2**')
    .replace(/(^|\W)__(?!\s)(.+?)__(?!\w)/g, '$1**$2**');
}
