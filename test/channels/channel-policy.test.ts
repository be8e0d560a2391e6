import { describe, expect, it } from 'vitest';
import { applyChannelPolicy } from '../../src/channels/channel-policy.js';
import { DEFAULT_CHANNEL_SETTINGS, readChannelSettings, topicOfTheDay, type ChannelSettings } from '../../src/channels/channel-settings.js';
import { parseChannel } from '../../src/chat/commands/channel-command.js';
import type { Actor } from '../../src/domain/types.js';
import { TopicCatalog } from '../../src/interviewer/catalog/topic-catalog.js';

const catalog = new TopicCatalog();
const user: Actor = { platform: 'slack', workspaceId: 'T1', userId: 'U1', kind: 'user' };
const none = { topic: null, minutes: null, template: null };
const day = (iso: string) => new Date(iso);

describe('topic of the day', () => {
  it('steps through the rotation one topic a (UTC) day, the same all day', () => {
    const list = ['url-shortener', 'rate-limiter', 'news-feed'];
    const first = topicOfTheDay(list, day('2026-03-30T00:00:00Z'));
    expect(topicOfTheDay(list, day('2026-03-30T23:59:59Z'))).toBe(first);
    const seen = [0, 1, 2].map((i) => topicOfTheDay(list, new Date(Date.parse('2026-03-30T12:00:00Z') + i * 86_400_000)));
    expect(new Set(seen)).toEqual(new Set(list));
    // 2026-03-30 is day 20542 since the epoch: 20542 % 3 = 1.
    expect(first).toBe('rate-limiter');
  });
});

describe('applyChannelPolicy', () => {
  const settings = (over: Partial<ChannelSettings>): ChannelSettings => ({ ...DEFAULT_CHANNEL_SETTINGS, ...over });

  it('leaves a start alone in a channel without settings', () => {
    expect(applyChannelPolicy(DEFAULT_CHANNEL_SETTINGS, catalog, user, none, new Date())).toEqual(none);
  });

  it('gives the channel template and duration when the command gives none', () => {
    const s = settings({ template: 'quick', durationMinutes: 25 });
    expect(applyChannelPolicy(s, catalog, user, none, new Date())).toEqual({ topic: null, minutes: 25, template: 'quick' });
    // The command's own choices win; a template named in the command brings its own length.
    expect(applyChannelPolicy(s, catalog, user, { topic: null, minutes: 40, template: null }, new Date())).toEqual({ topic: null, minutes: 40, template: 'quick' });
    expect(applyChannelPolicy(s, catalog, user, { topic: null, minutes: null, template: 'deep-dive' }, new Date())).toEqual({ topic: null, minutes: null, template: 'deep-dive' });
    // A template alone gives its length.
    expect(applyChannelPolicy(settings({ template: 'deep-dive' }), catalog, user, none, new Date())).toEqual({ topic: null, minutes: 60, template: 'deep-dive' });
  });

  it('with a rotation, a start without a topic takes the topic of the day; a named one is allowed', () => {
    const s = settings({ topics: { mode: 'rotate', topicIds: ['url-shortener', 'rate-limiter'] } });
    const at = day('2026-03-30T10:00:00Z');
    expect(applyChannelPolicy(s, catalog, user, none, at).topic).toBe(topicOfTheDay(['url-shortener', 'rate-limiter'], at));
    expect(applyChannelPolicy(s, catalog, user, { ...none, topic: 'chat system' }, at).topic).toBe('chat system');
  });

  it('refuses a topic outside a fixed list, naming the allowed ones', () => {
    const s = settings({ topics: { mode: 'fixed', topicIds: ['url-shortener', 'rate-limiter'] } });
    expect(() => applyChannelPolicy(s, catalog, user, { ...none, topic: 'news feed' }, new Date())).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', userMessage: expect.stringMatching(/only URL shortener, Rate limiter.*News feed is not one of them/i) }),
    );
    expect(applyChannelPolicy(s, catalog, user, { ...none, topic: 'url shortner' }, new Date()).topic).toBe('url shortner');
  });

  it('refuses a starter not on the list; admins may always start', () => {
    const s = settings({ starters: { mode: 'list', userIds: ['U2'] } });
    expect(() => applyChannelPolicy(s, catalog, user, none, new Date())).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(applyChannelPolicy(s, catalog, { ...user, userId: 'U2' }, none, new Date())).toEqual(none);
    expect(applyChannelPolicy(s, catalog, { ...user, kind: 'admin' }, none, new Date())).toEqual(none);
  });
});

describe('stored settings', () => {
  it('reads partial or broken JSON as defaults', () => {
    expect(readChannelSettings({})).toEqual(DEFAULT_CHANNEL_SETTINGS);
    expect(readChannelSettings({ template: 'enormous' })).toEqual(DEFAULT_CHANNEL_SETTINGS);
    expect(readChannelSettings({ observers: 'drop' }).observers).toBe('drop');
  });
});

describe('channel command grammar', () => {
  it.each([
    ['', null],
    ['template quick', { field: 'template', template: 'quick' }],
    ['template default', { field: 'template', template: null }],
    ['duration 30', { field: 'duration', minutes: 30 }],
    ['topics rotate url-shortener,rate-limiter', { field: 'topics', mode: 'rotate', topics: ['url-shortener', 'rate-limiter'] }],
    ['topics fixed url shortener, rate limiter', { field: 'topics', mode: 'fixed', topics: ['url shortener', 'rate limiter'] }],
    ['topics any', { field: 'topics', mode: 'any' }],
    ['starters everyone', { field: 'starters', mode: 'everyone' }],
    ['starters <@U123> <@U456|ana> <@123456789012345678> <@!223456789012345678>', { field: 'starters', mode: 'list', userIds: ['U123', 'U456', '123456789012345678', '223456789012345678'] }],
    ['observers drop', { field: 'observers', observers: 'drop' }],
  ])('reads %j', (text, change) => {
    expect(parseChannel(text.split(/\s+/).filter(Boolean))).toEqual({ name: 'channel', change });
  });

  it.each(['template huge', 'duration 3', 'duration 500', 'topics rotate', 'topics sometimes', 'starters bob', 'observers maybe', 'colour blue'])('refuses %j with the usage', (text) => {
    const parsed = parseChannel(text.split(/\s+/));
    expect(parsed.name).toBe('help');
    expect('problem' in parsed && parsed.problem).toContain('channel template quick');
  });
});
