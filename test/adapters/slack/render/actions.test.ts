import { describe, expect, it } from 'vitest';
import { actionIdFor, actionsBlocks, parseActionId, SLACK_ACTION_ID_PATTERN } from '../../../../adapters/slack/render/actions.js';
import type { ActionButton } from '../../../../src/chat/outbound-message.js';

const ALL: ActionButton['actionId'][] = ['session.pause', 'session.resume', 'session.end', 'history.page', 'evaluation.retry', 'practice.start', 'privacy.forget'];

describe('action ids', () => {
  it('replaces the dot with an underscore', () => {
    expect(actionIdFor('session.pause')).toBe('session_pause');
    expect(actionIdFor('evaluation.retry')).toBe('evaluation_retry');
  });

  it.each(ALL)('%s round-trips through parseActionId', (id) => {
    expect(parseActionId(actionIdFor(id))).toBe(id);
  });

  it('every rendered button id parses back, duplicates included', () => {
    const pressed: ActionButton['actionId'][] = [...ALL, 'history.page', 'history.page'];
    const buttons: ActionButton[] = pressed.map((actionId, i) => ({ actionId, label: `B${i}`, value: String(i) }));
    const [block] = actionsBlocks(buttons);
    const ids = (block?.elements ?? []).map((e) => ('action_id' in e ? (e.action_id ?? '') : ''));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.map(parseActionId)).toEqual(buttons.map((b) => b.actionId));
    for (const id of ids) expect(id).toMatch(SLACK_ACTION_ID_PATTERN);
  });

  it('rejects ids it never emitted', () => {
    for (const id of ['session.pause', 'session_delete', 'history_page:x', '', 'xsession_pause']) expect(parseActionId(id)).toBeNull();
  });
});

describe('actionsBlocks', () => {
  it('renders nothing without actions', () => {
    expect(actionsBlocks(undefined)).toEqual([]);
    expect(actionsBlocks([])).toEqual([]);
  });

  it('keeps at most 25 buttons a block and caps label length', () => {
    const buttons: ActionButton[] = Array.from({ length: 30 }, (_, i) => ({ actionId: 'history.page', label: `Page ${i} `.repeat(20), value: String(i) }));
    const blocks = actionsBlocks(buttons);
    expect(blocks.map((b) => b.elements.length)).toEqual([25, 5]);
    for (const element of blocks.flatMap((b) => b.elements)) {
      expect(element.type === 'button' && element.text.text.length <= 75).toBe(true);
    }
  });
});
