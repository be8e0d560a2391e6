import type { ContextBlock, HeaderBlock, KnownBlock, MrkdwnElement, SectionBlock } from '@slack/types';
import { SECTION_TEXT_LIMIT, splitText, truncateText } from './split-text.js';

// Block builders that enforce Slack's per-block limits, so callers can pass text of any length.

const HEADER_LIMIT = 150;
const FIELD_LIMIT = 2000;
const MAX_FIELDS = 10;
const MAX_CONTEXT_ELEMENTS = 10;

export interface SlackMessage {
  /** Plain fallback Slack shows in notifications and where blocks cannot render. */
  text: string;
  blocks: KnownBlock[];
}

export function mrkdwnText(text: string): MrkdwnElement {
  return { type: 'mrkdwn', text };
}

/** One section per chunk of `text` (already mrkdwn); none for blank text. */
export function sections(text: string): SectionBlock[] {
  return splitText(text, SECTION_TEXT_LIMIT).map((chunk) => ({ type: 'section', text: mrkdwnText(chunk) }));
}

/** A section of side-by-side fields; blank fields are dropped (Slack rejects empty text). */
export function fieldsSection(fields: string[]): SectionBlock[] {
  const kept = fields.filter((f) => f.trim()).slice(0, MAX_FIELDS);
  if (kept.length === 0) return [];
  return [{ type: 'section', fields: kept.map((f) => mrkdwnText(truncateText(f, FIELD_LIMIT))) }];
}

/** Header text is plain (no escaping needed) and capped at 150 characters. */
export function header(text: string): HeaderBlock {
  return { type: 'header', text: { type: 'plain_text', text: truncateText(text, HEADER_LIMIT) || ' ', emoji: true } };
}

export function contextBlocks(text: string): ContextBlock[] {
  const chunks = splitText(text, SECTION_TEXT_LIMIT);
  const blocks: ContextBlock[] = [];
  for (let i = 0; i < chunks.length; i += MAX_CONTEXT_ELEMENTS) {
    blocks.push({ type: 'context', elements: chunks.slice(i, i + MAX_CONTEXT_ELEMENTS).map(mrkdwnText) });
  }
  return blocks;
}

/** The readable text of blocks, for the fallback of a continuation message. */
export function blocksText(blocks: KnownBlock[]): string {
  return blocks
    .flatMap((block) => {
      if (block.type === 'header') return [block.text.text];
      if (block.type === 'section') return [block.text?.text ?? '', ...(block.fields ?? []).map((f) => f.text)];
      if (block.type === 'context') return block.elements.map((e) => ('text' in e ? e.text : ''));
      return [];
    })
    .filter((t) => t.trim())
    .join('\n');
}
