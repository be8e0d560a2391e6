import type { ActionsBlock, Button } from '@slack/types';
import type { ActionId } from '../../../src/chat/inbound.js';
import type { ActionButton } from '../../../src/chat/outbound-message.js';
import { truncateText } from './split-text.js';

// Slack action ids use `_` (`session_pause`); a repeated id in one block gets a `:n` suffix
// because Slack requires action ids to be unique within their block.

const ACTION_IDS: readonly ActionId[] = ['session.pause', 'session.resume', 'session.end', 'history.page', 'evaluation.retry', 'practice.start', 'privacy.forget'];
const MAX_BUTTONS = 25;
const BUTTON_TEXT_LIMIT = 75;
const BUTTON_VALUE_LIMIT = 2000;

/** Matches every action id this renderer emits; register one Bolt handler with it. */
export const SLACK_ACTION_ID_PATTERN = /^(?:session_pause|session_resume|session_end|history_page|evaluation_retry|practice_start|privacy_forget)(?::\d+)?$/;

export function actionIdFor(id: ActionButton['actionId']): string {
  return id.replace('.', '_');
}

/** The core's action id for a Slack action id, or null for one this renderer never emitted. */
export function parseActionId(slackActionId: string): ActionId | null {
  if (!SLACK_ACTION_ID_PATTERN.test(slackActionId)) return null;
  const base = slackActionId.replace(/:\d+$/, '');
  return ACTION_IDS.find((id) => actionIdFor(id) === base) ?? null;
}

/** Buttons in actions blocks of at most 25; none when there are no actions. */
export function actionsBlocks(actions: readonly ActionButton[] | undefined): ActionsBlock[] {
  const blocks: ActionsBlock[] = [];
  const list = actions ?? [];
  for (let i = 0; i < list.length; i += MAX_BUTTONS) {
    const seen = new Map<string, number>();
    const elements = list.slice(i, i + MAX_BUTTONS).map((action) => {
      const base = actionIdFor(action.actionId);
      const count = (seen.get(base) ?? 0) + 1;
      seen.set(base, count);
      return button(action, count === 1 ? base : `${base}:${count}`);
    });
    blocks.push({ type: 'actions', elements });
  }
  return blocks;
}

function button(action: ActionButton, actionId: string): Button {
  const element: Button = {
    type: 'button',
    action_id: actionId,
    text: { type: 'plain_text', text: truncateText(action.label, BUTTON_TEXT_LIMIT) || actionId, emoji: true },
    value: action.value.slice(0, BUTTON_VALUE_LIMIT),
  };
  if (action.style) element.style = action.style;
  return element;
}
