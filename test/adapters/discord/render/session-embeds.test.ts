import { ButtonStyle } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { parseCustomId, renderDiscordMessage } from '../../../../adapters/discord/render/render-discord-message.js';
import type { ActionButton, SessionCard } from '../../../../src/chat/outbound-message.js';
import { allText, assertAllWithinDiscordLimits, customIds } from './support.js';

const SESSION = '7f9c2ba4-e88f-11e4-a1b8-0a1b2c3d4e5f';
const card: SessionCard = { sessionId: SESSION, candidate: 'Ada Lovelace', candidateUserId: '123456789012345678', topic: 'Design a URL shortener', durationMinutes: 45, status: 'active' };
const controls: ActionButton[] = [
  { actionId: 'session.pause', label: 'Pause', value: SESSION },
  { actionId: 'session.end', label: 'End interview', value: SESSION, style: 'danger' },
];

describe('session root', () => {
  it('names the candidate with a mention, the topic, duration and status', () => {
    const payloads = renderDiscordMessage({ kind: 'session-root', session: card, actions: controls });
    assertAllWithinDiscordLimits(payloads);
    expect(payloads).toHaveLength(1);
    const embed = payloads[0]?.embeds?.[0];
    expect(embed?.description).toBe('Candidate: <@123456789012345678>');
    expect(embed?.fields).toEqual([
      { name: 'Topic', value: 'Design a URL shortener', inline: true },
      { name: 'Duration', value: '45 min', inline: true },
      { name: 'Status', value: '🟢 In progress', inline: true },
    ]);
    expect(embed?.footer?.text).toContain(SESSION);
  });

  it('renders the controls as buttons whose custom ids parse back', () => {
    const [payload] = renderDiscordMessage({ kind: 'session-root', session: card, actions: controls });
    const buttons = payload?.components?.[0]?.components ?? [];
    expect(buttons.map((b) => b.style)).toEqual([ButtonStyle.Secondary, ButtonStyle.Danger]);
    expect(customIds([payload!]).map(parseCustomId)).toEqual([
      { actionId: 'session.pause', value: SESSION },
      { actionId: 'session.end', value: SESSION },
    ]);
  });

  it('has no components without actions, and escapes the name when the id is not a snowflake', () => {
    const [payload] = renderDiscordMessage({ kind: 'session-root', session: { ...card, candidate: 'ada_l', candidateUserId: 'console' }, actions: [] });
    expect(payload?.components).toBeUndefined();
    expect(payload?.embeds?.[0]?.description).toBe('Candidate: ada\\_l');
  });
});

describe('status', () => {
  it('shows phase, elapsed and remaining minutes, answers and buttons', () => {
    const payloads = renderDiscordMessage({
      kind: 'status',
      status: { ...card, status: 'paused', phase: 'deep-dive', elapsedMinutes: 12.4, remainingMinutes: 32.6, answers: 5 },
      actions: [{ actionId: 'session.resume', label: 'Resume', value: SESSION, style: 'primary' }],
    });
    assertAllWithinDiscordLimits(payloads);
    const text = allText(payloads);
    for (const expected of ['Phase\ndeep-dive', 'Elapsed\n12 min', 'Remaining\n33 min', 'Answers\n5', 'Paused', '<@123456789012345678>']) expect(text).toContain(expected);
    expect(payloads[0]?.components?.[0]?.components[0]).toMatchObject({ custom_id: `session.resume:${SESSION}`, style: ButtonStyle.Primary });
  });

  it('shows a dash when there is no phase yet', () => {
    const text = allText(renderDiscordMessage({ kind: 'status', status: { ...card, status: 'created', phase: null, elapsedMinutes: 0, remainingMinutes: 45, answers: 0 }, actions: [] }));
    expect(text).toContain('Phase\n—');
  });
});
