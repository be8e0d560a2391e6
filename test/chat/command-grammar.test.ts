import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/chat/command-grammar.js';

describe('parseCommand', () => {
  it.each([
    ['start', { name: 'start', topic: null, minutes: null, template: null }],
    ['start url shortener', { name: 'start', topic: 'url shortener', minutes: null, template: null }],
    ['start url shortener 30', { name: 'start', topic: 'url shortener', minutes: 30, template: null }],
    ['start chat system 60min deep-dive', { name: 'start', topic: 'chat system', minutes: 60, template: 'deep-dive' }],
    ['start quick rate limiter', { name: 'start', topic: 'rate limiter', minutes: null, template: 'quick' }],
    ['  PAUSE ', { name: 'pause' }],
    ['resume', { name: 'resume' }],
    ['end', { name: 'end' }],
    ['status', { name: 'status' }],
    ['topics', { name: 'topics' }],
    ['retry-evaluation', { name: 'retry-evaluation' }],
    ['redeliver', { name: 'redeliver' }],
    ['history', { name: 'history', page: 1 }],
    ['history 3', { name: 'history', page: 3 }],
    ['', { name: 'help', problem: null }],
    ['help', { name: 'help', problem: null }],
  ])('%j', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });

  it.each([
    ['dance', "I don't know `dance`."],
    ['start url shortener 500', 'An interview lasts 5 to 180 minutes; you asked for 500.'],
    ['history two', '`history` takes an optional page number, like `history 2`.'],
    ['pause now', '`pause` takes no arguments.'],
  ])('answers %j with help and the reason', (text, problem) => {
    expect(parseCommand(text)).toEqual({ name: 'help', problem });
  });
});
