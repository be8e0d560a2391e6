// Splits mrkdwn under Slack's per-text limits at the most natural boundary available, so a long
// answer reads as consecutive paragraphs rather than text cut mid-word or mid-code-block.

/** Slack's limit for a section's (and a context element's) text. */
export const SECTION_TEXT_LIMIT = 3000;

const FENCE_CLOSE = '\n```';
const FENCE_OPEN = '```\n';

/** Spans a cut should not fall strictly inside: code fences, `<...>` links/mentions, entities. */
const PROTECTED = [/```[\s\S]*?(?:```|$)/g, /`[^`\n]+`/g, /<[^<>\n]*>/g, /&[a-z]+;/g];

/** Preferred boundaries, best first; `end` is where the kept text stops, `next` where the rest resumes. */
const BOUNDARIES: RegExp[] = [/\n[ \t]*\n\s*/g, /\n\s*/g, /[.!?][)"'”’]*\s+/g, /\s+/g];

interface Range {
  start: number;
  end: number;
}

/** Splits `text` into non-empty chunks of at most `limit` characters; `limit` must exceed 20. */
export function splitText(text: string, limit = SECTION_TEXT_LIMIT): string[] {
  const chunks: string[] = [];
  let rest = text.trim();
  while (rest.length > limit) {
    let { head, tail } = cut(rest, limit);
    // Guarantees progress whatever the spans look like.
    if (tail.trim().length >= rest.length) [head, tail] = [rest.slice(0, limit), rest.slice(limit)];
    if (head.trim()) chunks.push(head.trim());
    rest = tail.trim();
  }
  if (rest) chunks.push(rest);
  return chunks;
}

/** Shortens to at most `max` characters, at a word boundary when one is near, marking the cut. */
export function truncateText(text: string, max: number): string {
  const trimmed = text.trim();
  if (trimmed.length <= max) return trimmed;
  const { head } = cut(trimmed, max - 1, false);
  return head.trimEnd() + '…';
}

function cut(text: string, limit: number, reopenFences = true): { head: string; tail: string } {
  const ranges = protectedRanges(text);
  const fences = ranges.filter((r) => text.startsWith('```', r.start));
  const min = Math.floor(limit * 0.3);
  for (const boundary of BOUNDARIES) {
    const found = lastBoundary(text, boundary, limit, min, ranges);
    if (found) return { head: text.slice(0, found.end), tail: text.slice(found.next) };
  }
  // No clean boundary: cut at a line (or hard) inside what must be split, leaving room to close a fence.
  const inFence = fences.some((r) => r.start < limit && limit < r.end);
  const budget = reopenFences && inFence ? limit - FENCE_CLOSE.length : limit;
  const line = lastBoundary(text, /\n/g, budget, min, ranges.filter((r) => !fences.includes(r)));
  let at = line ? line.end : hardCut(text, budget, ranges);
  let next = line ? line.next : at;
  const fence = fences.find((r) => r.start < at && at < r.end);
  // Never split the ``` marker itself; inside the block, close it here and reopen it after.
  if (fence && at - fence.start <= 3) at = next = Math.max(fence.start, 1);
  else if (fence && reopenFences) return { head: text.slice(0, at) + FENCE_CLOSE, tail: FENCE_OPEN + text.slice(next) };
  return { head: text.slice(0, at), tail: text.slice(next) };
}

function lastBoundary(text: string, pattern: RegExp, limit: number, min: number, avoid: Range[]): { end: number; next: number } | null {
  let best: { end: number; next: number } | null = null;
  const window = text.slice(0, limit + 1);
  for (const match of window.matchAll(new RegExp(pattern.source, pattern.flags))) {
    const punctuation = /^[.!?][)"'”’]*/.exec(match[0])?.[0].length ?? 0;
    const end = match.index + punctuation;
    if (end > limit) break;
    if (end >= Math.max(min, 1) && !insideAny(end, avoid)) best = { end, next: match.index + match[0].length };
  }
  return best;
}

/** A last resort at `limit`, moved back so it does not break a protected span or a surrogate pair. */
function hardCut(text: string, limit: number, ranges: Range[]): number {
  let at = limit;
  const inside = ranges.find((r) => r.start < at && at < r.end && r.start > 0 && !text.startsWith('```', r.start));
  if (inside) at = inside.start;
  const code = text.charCodeAt(at - 1);
  if (code >= 0xd800 && code <= 0xdbff) at -= 1;
  return Math.max(at, 1);
}

function protectedRanges(text: string): Range[] {
  return PROTECTED.flatMap((pattern) => [...text.matchAll(new RegExp(pattern.source, pattern.flags))].map((m) => ({ start: m.index, end: m.index + m[0].length })));
}

function insideAny(position: number, ranges: Range[]): boolean {
  return ranges.some((r) => r.start < position && position < r.end);
}
