import { DISCORD_LIMITS } from './limits.js';

// Splits markdown under a length limit at the most natural boundary available (paragraph, line,
// sentence, word, then a hard cut), so a long answer reads as consecutive messages. A code block
// that must be cut is closed and reopened with its language, so both halves still render as code.

interface Range {
  start: number;
  end: number;
}

const FENCE = '```';
const FENCE_CLOSE = '\n```';
/** Preferred boundaries, best first; the match is dropped between the two chunks. */
const BOUNDARIES: RegExp[] = [/\n[ \t]*\n+/g, /\n+/g, /[.!?][)"'”’]*[ \t]+/g, /[ \t]+/g];
/** Spans never cut when avoidable: inline code, mentions/emoji/timestamps, markdown links, URLs. */
const SPANS = [/`[^`\n]+`/g, /<[@#:a-z!&][^<>\s]*>/gi, /\[[^\]\n]*\]\([^)\s]*\)/g, /https?:\/\/\S+/g];
const LANGUAGE = /^[\w+#.-]{1,30}$/;

/** Splits into non-empty chunks of at most `limit` (≥ 100) characters; blank text gives none. */
export function splitContent(text: string, limit: number = DISCORD_LIMITS.content): string[] {
  const chunks: string[] = [];
  let rest = text.replace(/\r\n?/g, '\n').trim();
  while (rest.length > limit) {
    let { head, tail } = cut(rest, limit);
    // Guarantees progress whatever the spans look like.
    if (head.length > limit || tail.length >= rest.length) [head, tail] = [rest.slice(0, limit), rest.slice(limit)];
    if (head.trim()) chunks.push(head.trimEnd());
    rest = tail.replace(/^\s*\n/, '').trimEnd();
  }
  if (rest.trim()) chunks.push(rest);
  return chunks;
}

/** Shortens to at most `max` characters at a word when one is near, marking the cut with `…`. */
export function truncateContent(text: string, max: number): string {
  const trimmed = text.trim();
  if (trimmed.length <= max) return trimmed;
  const head = cutAtWord(trimmed, max - 1) + '…';
  // A cut inside a code block would leave the rest of the embed rendered as code.
  return fenceCount(head) % 2 === 0 ? head : cutAtWord(trimmed, max - 1 - FENCE_CLOSE.length) + '…' + FENCE_CLOSE;
}

function cutAtWord(text: string, max: number): string {
  const space = text.slice(0, max + 1).search(/\s\S*$/);
  const at = space >= max * 0.6 ? space : safeIndex(text, max);
  return text.slice(0, at).trimEnd();
}

function cut(text: string, limit: number): { head: string; tail: string } {
  const fences = fenceRanges(text);
  const avoid = [...fences, ...spanRanges(text).filter((s) => !fences.some((f) => overlaps(f, s)))];
  const min = Math.floor(limit * 0.3);
  for (const boundary of BOUNDARIES) {
    const found = lastBoundary(text, boundary, min, limit, avoid);
    if (found) return { head: text.slice(0, found.end), tail: text.slice(found.next) };
  }
  const fence = fences.find((f) => f.start < limit && limit < f.end);
  if (fence) {
    const inside = cutInsideFence(text, fence, min, limit);
    if (inside) return inside;
  }
  // Last resort: a hard cut, moved back before a span it would break when that span starts later.
  const straddled = avoid.find((r) => r.start > 0 && r.start < limit && limit < r.end);
  const at = straddled ? straddled.start : safeIndex(text, limit);
  return { head: text.slice(0, at), tail: text.slice(at) };
}

/** Cuts a code block too long to keep whole: at a line inside it, closing and reopening the fence. */
function cutInsideFence(text: string, fence: Range, min: number, limit: number): { head: string; tail: string } | null {
  const newline = text.indexOf('\n', fence.start);
  const opening = text.slice(fence.start + FENCE.length, newline === -1 ? fence.start : newline);
  const hasLanguage = newline !== -1 && newline < fence.end && LANGUAGE.test(opening);
  const bodyStart = hasLanguage || (newline !== -1 && opening === '') ? newline + 1 : fence.start + FENCE.length;
  const reopen = FENCE + (hasLanguage ? opening : '') + '\n';
  const budget = limit - FENCE_CLOSE.length;
  const lo = Math.max(bodyStart + 1, min, reopen.length + 1);
  const line = text.lastIndexOf('\n', budget);
  const [end, next] = line >= lo ? [line, line + 1] : [safeIndex(text, budget), safeIndex(text, budget)];
  if (end < lo) return null;
  return { head: text.slice(0, end) + FENCE_CLOSE, tail: reopen + text.slice(next) };
}

function lastBoundary(text: string, pattern: RegExp, min: number, limit: number, avoid: Range[]): { end: number; next: number } | null {
  let best: { end: number; next: number } | null = null;
  for (const match of text.slice(0, limit + 1).matchAll(new RegExp(pattern.source, pattern.flags))) {
    // Sentence ends keep their punctuation; other boundaries drop the whole match.
    const end = match.index + (/^[.!?][)"'”’]*/.exec(match[0])?.[0].length ?? 0);
    if (end > limit) break;
    if (end >= Math.max(min, 1) && !avoid.some((r) => r.start < end && end < r.end)) best = { end, next: match.index + match[0].length };
  }
  return best;
}

/** Code blocks as Discord pairs them: each ``` opens or closes; an unpaired last one is plain text. */
function fenceRanges(text: string): Range[] {
  const marks = [...text.matchAll(/```/g)].map((m) => m.index);
  const ranges: Range[] = [];
  for (let i = 0; i + 1 < marks.length; i += 2) ranges.push({ start: marks[i] as number, end: (marks[i + 1] as number) + FENCE.length });
  return ranges;
}

function spanRanges(text: string): Range[] {
  return SPANS.flatMap((pattern) => [...text.matchAll(new RegExp(pattern.source, pattern.flags))].map((m) => ({ start: m.index, end: m.index + m[0].length })));
}

function overlaps(a: Range, b: Range): boolean {
  return a.start < b.end && b.start < a.end;
}

function fenceCount(text: string): number {
  return text.split(FENCE).length - 1;
}

/** `at`, moved back one when it would split a surrogate pair (an emoji). */
function safeIndex(text: string, at: number): number {
  const code = text.charCodeAt(at - 1);
  return code >= 0xd800 && code <= 0xdbff ? at - 1 : at;
}
