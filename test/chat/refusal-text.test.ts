import { describe, expect, it } from 'vitest';
import { parseCommand, refusalText } from '../../src/chat/command-grammar.js';

const problemOf = (text: string) => (parseCommand(text) as { problem: string | null }).problem ?? '';

describe('a refused command', () => {
  it('`start expert url shortener`: a level word leading the topic is refused as a template, not read as the topic', () => {
    const parsed = parseCommand('start expert url shortener');
    expect(parsed.name).toBe('help');
    expect(problemOf('start expert url shortener')).toBe('`expert` is not a template: the templates are `quick`, `standard` or `deep-dive`, or leave it out for the standard interview.');
    expect(problemOf('start Beginner rate limiter 30')).toContain('`Beginner` is not a template');
    // The real templates and their aliases still lead, and a topic is still a topic.
    expect(parseCommand('start senior url shortener')).toMatchObject({ name: 'start', topic: 'url shortener', template: 'deep-dive' });
    expect(parseCommand('start url shortener hard mode')).toMatchObject({ name: 'start', topic: 'url shortener hard mode' });
  });

  it('is answered with the reason and the usage of that command only, plus where the whole help is', () => {
    const text = refusalText('console', problemOf('start url shortener 9999'), ' start url shortener 9999');
    expect(text).toBe(
      'An interview lasts 5 to 180 minutes; you asked for 9999.\n\n- `/interview start [topic] [minutes] [quick|standard|deep-dive]`: start an interview, e.g. `/interview start url shortener 30`\nType `/interview help` for more.',
    );
    expect(refusalText('slack', problemOf('history x'), 'history x').split('\n')).toEqual([problemOf('history x'), '', '- `/interview history [page]`: your past interviews and scores', 'Type `/interview help` for more.']);
    expect(refusalText('slack', problemOf('resume now'), 'resume now')).toContain('- `/interview pause` / `resume` / `end`');
    // An unknown verb has no usage line of its own.
    expect(refusalText('console', problemOf('frobnicate'), 'frobnicate')).toBe(`${problemOf('frobnicate')}\nType \`/interview help\` for the commands.`);
  });
});
