import type { KnownBlock } from '@slack/types';
import { blocksText, type SlackMessage } from './blocks.js';
import { truncateText } from './split-text.js';

/** Slack's hard limit is 50 blocks a message. */
export const MAX_BLOCKS = 50;
/** Slack allows 40,000 characters of fallback; notifications only need a summary. */
export const FALLBACK_LIMIT = 3000;

/**
 * Packs groups of blocks into as few messages as fit, never splitting a group (a dimension and
 * its evidence, say) unless the group alone exceeds a message. The first message carries
 * `fallback`; continuations fall back to their own text, which is what their notification shows.
 */
export function packMessages(groups: KnownBlock[][], fallback: string): SlackMessage[] {
  const messages: KnownBlock[][] = [];
  let current: KnownBlock[] = [];
  for (const group of groups) {
    if (current.length + group.length > MAX_BLOCKS && current.length > 0) {
      messages.push(current);
      current = [];
    }
    for (const block of group) {
      if (current.length === MAX_BLOCKS) {
        messages.push(current);
        current = [];
      }
      current.push(block);
    }
  }
  if (current.length > 0 || messages.length === 0) messages.push(current);
  const summary = truncateText(fallback, FALLBACK_LIMIT) || ' ';
  return messages.map((blocks, index) => ({
    text: index === 0 ? summary : truncateText(blocksText(blocks), FALLBACK_LIMIT) || summary,
    blocks,
  }));
}
