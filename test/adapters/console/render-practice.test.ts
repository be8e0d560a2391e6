import { describe, expect, it } from 'vitest';
import { renderConsole } from '../../../adapters/console/render-console.js';
import { practicePromptMessage } from '../../../src/schedules/practice-prompt-job.js';

describe('a practice prompt in the terminal', () => {
  it('prints the topic of the day and what to type (no buttons there)', () => {
    const out = renderConsole(practicePromptMessage({ id: 'rate-limiter', name: 'Rate limiter' }, { spec: 'weekdays 10:00 Europe/Berlin' }));
    expect(out).toContain("Today's topic: Rate limiter");
    expect(out).toContain('/interview start rate-limiter');
    expect(out).not.toContain('**');
  });
});
