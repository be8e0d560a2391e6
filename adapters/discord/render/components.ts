import { type APIActionRowComponent, type APIButtonComponent, type APIButtonComponentWithCustomId, ButtonStyle, ComponentType } from 'discord.js';
import type { ActionId } from '../../../src/chat/inbound.js';
import type { ActionButton } from '../../../src/chat/outbound-message.js';
import { DISCORD_LIMITS } from './limits.js';
import { truncateContent } from './split-content.js';

// A button's custom_id carries everything the press needs (`session.pause:<uuid>`,
// `history.page:2`), so the interaction handler needs no state to turn it back into an InboundAction.

export type ButtonRow = APIActionRowComponent<APIButtonComponent>;

/** Every ActionId, checked exhaustive by the Record type so a new id cannot be forgotten here. */
const KNOWN: Record<ActionId, true> = {
  'session.pause': true,
  'session.resume': true,
  'session.end': true,
  'history.page': true,
  'evaluation.retry': true,
  'practice.start': true,
  'privacy.forget': true,
};

const STYLES = { primary: ButtonStyle.Primary, danger: ButtonStyle.Danger } as const;

export function customIdFor(button: Pick<ActionButton, 'actionId' | 'value'>): string {
  return `${button.actionId}:${button.value}`;
}

/** The action a custom_id stands for, or null for one this renderer never emits. */
export function parseCustomId(customId: string): { actionId: ActionId; value: string } | null {
  const separator = customId.indexOf(':');
  if (separator === -1 || customId.length > DISCORD_LIMITS.customId) return null;
  const actionId = customId.slice(0, separator);
  if (!Object.hasOwn(KNOWN, actionId)) return null;
  return { actionId: actionId as ActionId, value: customId.slice(separator + 1) };
}

/**
 * Buttons in rows of at most 5. A button whose custom_id would exceed 100 characters is left out
 * (a truncated value would act on the wrong thing), as is a repeat of an earlier custom_id
 * (Discord rejects duplicates within a message, and both would do the same).
 */
export function buttonRows(actions: readonly ActionButton[] | undefined): ButtonRow[] {
  const seen = new Set<string>();
  const buttons: APIButtonComponentWithCustomId[] = [];
  for (const action of actions ?? []) {
    const customId = customIdFor(action);
    if (customId.length > DISCORD_LIMITS.customId || seen.has(customId)) continue;
    seen.add(customId);
    buttons.push({
      type: ComponentType.Button,
      custom_id: customId,
      label: truncateContent(action.label, DISCORD_LIMITS.buttonLabel) || action.actionId,
      style: action.style ? STYLES[action.style] : ButtonStyle.Secondary,
    });
  }
  const rows: ButtonRow[] = [];
  for (let i = 0; i < buttons.length; i += DISCORD_LIMITS.buttonsPerRow) {
    rows.push({ type: ComponentType.ActionRow, components: buttons.slice(i, i + DISCORD_LIMITS.buttonsPerRow) });
  }
  return rows;
}
