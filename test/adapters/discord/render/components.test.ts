import { ButtonStyle, ComponentType } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { buttonRows, customIdFor, parseCustomId } from '../../../../adapters/discord/render/components.js';
import type { ActionButton } from '../../../../src/chat/outbound-message.js';

const ALL: ActionButton['actionId'][] = ['session.pause', 'session.resume', 'session.end', 'history.page', 'evaluation.retry', 'practice.start', 'privacy.forget'];
const SESSION = '7f9c2ba4-e88f-11e4-a1b8-0a1b2c3d4e5f';

describe('custom ids', () => {
  it('joins the action id and the value', () => {
    expect(customIdFor({ actionId: 'session.pause', value: SESSION })).toBe(`session.pause:${SESSION}`);
    expect(customIdFor({ actionId: 'history.page', value: '2' })).toBe('history.page:2');
  });

  it.each(ALL)('%s round-trips through parseCustomId', (actionId) => {
    expect(parseCustomId(customIdFor({ actionId, value: SESSION }))).toEqual({ actionId, value: SESSION });
  });

  it('keeps a value that itself contains a colon', () => {
    expect(parseCustomId('history.page:cursor:abc')).toEqual({ actionId: 'history.page', value: 'cursor:abc' });
  });

  it('rejects ids it never emits', () => {
    for (const id of ['session.pause', 'session.delete:1', 'session_pause:1', ':1', '', 'toString:1', `session.end:${'x'.repeat(100)}`]) {
      expect(parseCustomId(id), id).toBeNull();
    }
  });
});

describe('buttonRows', () => {
  it('renders nothing without actions', () => {
    expect(buttonRows(undefined)).toEqual([]);
    expect(buttonRows([])).toEqual([]);
  });

  it('maps styles: primary, danger, and secondary by default', () => {
    const [row] = buttonRows([
      { actionId: 'session.resume', label: 'Resume', value: SESSION, style: 'primary' },
      { actionId: 'session.end', label: 'End', value: SESSION, style: 'danger' },
      { actionId: 'session.pause', label: 'Pause', value: SESSION },
    ]);
    expect(row).toEqual({
      type: ComponentType.ActionRow,
      components: [
        { type: ComponentType.Button, custom_id: `session.resume:${SESSION}`, label: 'Resume', style: ButtonStyle.Primary },
        { type: ComponentType.Button, custom_id: `session.end:${SESSION}`, label: 'End', style: ButtonStyle.Danger },
        { type: ComponentType.Button, custom_id: `session.pause:${SESSION}`, label: 'Pause', style: ButtonStyle.Secondary },
      ],
    });
  });

  it('puts at most 5 buttons in a row, caps labels, and drops duplicates and over-long ids', () => {
    const buttons: ActionButton[] = Array.from({ length: 12 }, (_, i) => ({ actionId: 'history.page', label: `Page ${i} `.repeat(20), value: String(i) }));
    const rows = buttonRows([...buttons, buttons[0] as ActionButton, { actionId: 'session.end', label: 'End', value: 'v'.repeat(90) }, { actionId: 'session.end', label: '  ', value: '1' }]);
    expect(rows.map((r) => r.components.length)).toEqual([5, 5, 3]);
    const all = rows.flatMap((r) => r.components);
    const labels = all.map((b) => ('label' in b ? b.label : undefined));
    for (const label of labels) expect(label?.length).toBeLessThanOrEqual(80);
    expect(labels.at(-1)).toBe('session.end');
    const ids = all.map((b) => ('custom_id' in b ? b.custom_id : ''));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.map((id) => parseCustomId(id)?.value)).toEqual([...buttons.map((b) => b.value), '1']);
  });
});
