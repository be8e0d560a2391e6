// The core writes CommonMark-ish markdown; Slack's mrkdwn differs (*bold*, _italic_, <url|text>)
// and treats & < > as control characters, so everything that is not ours must be escaped. The
// bot never means to mention anyone: `<@U…>`, `<!here>`, `<!channel>` in any text it posts (the
// interviewer's, which an LLM writes, or a candidate's quoted words) are escaped to plain text.

const FENCE = /```[^\n`]*\n?([\s\S]*?)```/g;
const INLINE_CODE = /`([^`\n]+)`/g;
const LINK = /\[([^\]\n]+)\]\(([^)\s]+)\)/g;
const PRIVATE_USE = /[\uE000-\uE002]/g;
const SAFE_URL = /^(?:https?:\/\/|mailto:)/i;
const TOKEN = /\uE000(\d+)\uE001/g;

/** Escapes Slack's control characters; for text that must show verbatim (names, quotes). */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Converts the core's markdown to Slack mrkdwn, escaping the plain text in between. */
export function toMrkdwn(markdown: string): string {
  const source = markdown.replace(PRIVATE_USE, '').replace(/\r\n?/g, '\n');
  return protect(source, FENCE, (_m, code: string) => '```\n' + escapeMrkdwn(code.replace(/\n$/, '')) + '\n```', convertProse);
}

/** Markdown reduced to readable plain text for notifications (`text` fallbacks). */
export function toPlainText(markdown: string): string {
  const stripped = markdown
    .replace(PRIVATE_USE, '')
    .replace(/```[^\n`]*\n?/g, '')
    .replace(LINK, (_m, label: string, url: string) => (label === url ? url : `${label} (${url})`))
    .replace(/`([^`\n]+)`/g, '$1')
    .replace(/(\*\*|__|~~)(.+?)\1/g, '$2')
    .replace(/(^|[^\w*])\*(?!\s)([^*\n]+?)\*(?![\w*])/g, '$1$2')
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/^(\s*)[-*+]\s+/gm, '$1• ');
  return escapeMrkdwn(stripped);
}

function convertProse(text: string): string {
  // Code and links are held aside as tokens so escaping and emphasis never reach them.
  const held: string[] = [];
  const hold = (converted: string): string => `\uE000${held.push(converted) - 1}\uE001`;
  const withTokens = text
    .replace(INLINE_CODE, (_m, code: string) => hold('`' + escapeMrkdwn(code) + '`'))
    .replace(LINK, (whole, label: string, url: string) => hold(link(whole, label, url)));
  let out = withTokens.split('\n').map(formatLine).join('\n');
  // A link label may itself hold a code token, hence more than one pass.
  for (let pass = 0; pass < 3 && out.includes('\uE000'); pass++) {
    out = out.replace(TOKEN, (_m, index: string) => held[Number(index)] ?? '');
  }
  return out;
}

function link(whole: string, label: string, url: string): string {
  if (!SAFE_URL.test(url)) return escapeMrkdwn(whole);
  const target = url.replace(/\|/g, '%7C').replace(/>/g, '%3E').replace(/</g, '%3C').replace(/&/g, '&amp;');
  return `<${target}|${escapeMrkdwn(label)}>`;
}

/** Block syntax first (quote, heading, bullet) on the raw line, then escaping and emphasis. */
function formatLine(raw: string): string {
  const quote = /^\s*>\s?/.exec(raw);
  // Markdown's quote is Slack's quote too, so its `>` is kept unescaped.
  const prefix = quote ? '> ' : '';
  const line = quote ? raw.slice(quote[0].length) : raw;
  const heading = /^#{1,6}\s+(.*)$/.exec(line);
  if (heading) return `${prefix}*${stripEmphasis(escapeMrkdwn(heading[1] ?? ''))}*`;
  const out = escapeMrkdwn(line.replace(/^(\s*)[-*+]\s+/, '$1• '))
    // Bold is held in \uE002 while single-star italics are rewritten, then restored as Slack's *.
    .replace(/\*\*\*(?!\s)(.+?)\*\*\*/g, '\uE002_$1_\uE002')
    .replace(/\*\*(?!\s)(.+?)\*\*/g, '\uE002$1\uE002')
    .replace(/(^|\W)__(?!\s)(.+?)__(?!\w)/g, '$1\uE002$2\uE002')
    .replace(/(^|[^\w*])\*(?!\s)([^*\n]+?)\*(?![\w*])/g, '$1_$2_')
    .replace(/~~(?!\s)(.+?)~~/g, '~$1~');
  return prefix + out.replace(/\uE002/g, '*');
}

function stripEmphasis(text: string): string {
  return text.replace(/(\*\*|__|\*|_)(.+?)\1/g, '$2');
}

/**
 * Applies `onMatch` to each match of `pattern` and `onRest` to the text between matches, so
 * conversions never reach into a span an earlier step produced (code, links).
 */
function protect(
  text: string,
  pattern: RegExp,
  onMatch: (match: string, ...groups: string[]) => string,
  onRest: (text: string) => string,
): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(new RegExp(pattern.source, pattern.flags))) {
    const index = match.index ?? 0;
    out += onRest(text.slice(last, index)) + onMatch(match[0], ...match.slice(1).map((g) => g ?? ''));
    last = index + match[0].length;
  }
  return out + onRest(text.slice(last));
}
