import { describe, expect, it } from 'vitest';
import { renderSlackMessage } from '../../../../adapters/slack/render/render-slack-message.js';
import { candidateRef } from '../../../../adapters/slack/render/session-blocks.js';
import type { ActionButton, SessionCard } from '../../../../src/chat/outbound-message.js';
import { allText, expectWithinSlackLimits } from './support.js';

const card: SessionCard = { sessionId: 'sess-1', candidate: 'Ada Lovelace', candidateUserId: 'U0123ABC', topic: 'Design a URL shortener', durationMinutes: 45, status: 'active' };
const controls: ActionButton[] = [
  { actionId: 'session.pause', label: 'Pause', value: 'sess-1' },
  { actionId: 'session.end', label: 'End interview', value: 'sess-1', style: 'danger' },
];

describe('session root', () => {
  it('names the candidate with a mention, the topic, duration and status', () => {
    const messages = renderSlackMessage({ kind: 'session-root', session: card, actions: controls });
    const text = allText(messages);
    expect(text).toContain('<@U0123ABC>');
    expect(text).toContain('Design a URL shortener');
    expect(text).toContain('45 min');
    expect(text).toContain('In progress');
    expect(messages[0]?.text).toContain('Ada Lovelace');
    expect(messages[0]?.text).toContain('Design a URL shortener');
    expectWithinSlackLimits(messages);
  });

  it('renders the actions as buttons with Slack action ids, values and styles', () => {
    const [message] = renderSlackMessage({ kind: 'session-root', session: card, actions: controls });
    expect(message?.blocks.at(-1)).toEqual({
      type: 'actions',
      elements: [
        { type: 'button', action_id: 'session_pause', text: { type: 'plain_text', text: 'Pause', emoji: true }, value: 'sess-1' },
        { type: 'button', action_id: 'session_end', text: { type: 'plain_text', text: 'End interview', emoji: true }, value: 'sess-1', style: 'danger' },
      ],
    });
  });

  it('has no actions block without actions', () => {
    const [message] = renderSlackMessage({ kind: 'session-root', session: card, actions: [] });
    expect(message?.blocks.some((b) => b.type === 'actions')).toBe(false);
  });

  it('escapes a topic that looks like markup', () => {
    const text = allText(renderSlackMessage({ kind: 'session-root', session: { ...card, topic: '<script>x</script>' }, actions: [] }));
    expect(text).toContain('&lt;script&gt;x&lt;/script&gt;');
  });

  it('falls back to the escaped name when the user id is not a Slack id', () => {
    expect(candidateRef({ candidate: 'Bob <b>', candidateUserId: 'not an id>' })).toBe('Bob &lt;b&gt;');
  });
});

describe('status', () => {
  it('shows phase, elapsed and remaining minutes, answers and buttons', () => {
    const messages = renderSlackMessage({
      kind: 'status',
      status: { ...card, status: 'paused', phase: 'deep-dive', elapsedMinutes: 12.4, remainingMinutes: 32.6, answers: 5 },
      actions: [{ actionId: 'session.resume', label: 'Resume', value: 'sess-1', style: 'primary' }],
    });
    const text = allText(messages);
    expect(text).toContain('*Phase*\ndeep-dive');
    expect(text).toContain('*Elapsed*\n12 min');
    expect(text).toContain('*Remaining*\n33 min');
    expect(text).toContain('*Answers*\n5');
    expect(text).toContain('Paused');
    expect(messages[0]?.text).toBe('Interview paused: deep-dive, 12 min elapsed, 33 min left, 5 answers');
    expect(messages[0]?.blocks.at(-1)).toMatchObject({ type: 'actions', elements: [{ action_id: 'session_resume', style: 'primary' }] });
    expectWithinSlackLimits(messages);
  });
});
