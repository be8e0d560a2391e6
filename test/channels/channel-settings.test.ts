import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { DEFAULT_CHANNEL_SETTINGS, topicOfTheDay } from '../../src/channels/channel-settings.js';
import type { InboundCommand, InboundMessage } from '../../src/chat/inbound.js';
import type { OutboundMessage } from '../../src/chat/outbound-message.js';
import { TopicCatalog } from '../../src/interviewer/catalog/topic-catalog.js';
import { buildHarness, uniqueWorkspace, type Harness } from '../support/session-harness.js';
import { storageBackends, type TestDatabase } from '../support/storage-backends.js';

const catalog = new TopicCatalog();

describe.each(storageBackends)('channel settings on $name', (backend) => {
  let db: TestDatabase;
  let h: Harness;

  beforeAll(async () => {
    db = await backend.open();
    h = await buildHarness(db.handle);
  });
  afterAll(async () => {
    await h.close();
    await db.cleanup();
  });

  function channel() {
    const workspaceId = uniqueWorkspace('CS');
    const privates: { userId: string; message: OutboundMessage }[] = [];
    const as = (userId: string, isAdmin = false) => {
      const reply = async (message: OutboundMessage) => {
        privates.push({ userId, message });
      };
      const command = (text: string): InboundCommand => ({ platform: 'slack', workspaceId, channelId: 'C1', user: { userId, displayName: `Name ${userId}`, isAdmin }, text });
      return {
        run: async (text: string) => {
          await h.core.router.handleCommand(command(text), reply);
          return privates.filter((p) => p.userId === userId).at(-1)!.message;
        },
        say: (threadId: string, text: string): Promise<unknown> =>
          h.core.router.handleThreadMessage({ platform: 'slack', workspaceId, channelId: 'C1', threadId, user: { userId }, text, messageId: `${Math.random()}` } satisfies InboundMessage, reply),
      };
    };
    const live = (userId: string) => h.manager.getActiveSession({ platform: 'slack', workspaceId, userId });
    return { workspaceId, as, live, admin: as('UADMIN', true) };
  }
  const text = (m: OutboundMessage) => ('text' in m ? m.text : m.kind);

  it('anyone sees the settings; only an admin changes them, others are refused privately', async () => {
    const c = channel();
    const shown = await c.as('U1').run('channel');
    expect(shown).toMatchObject({ kind: 'notice', tone: 'info' });
    expect(text(shown)).toContain('Who may start interviews: everyone');
    expect(text(shown)).toContain('(nothing set: the defaults)');

    const refused = await c.as('U1').run('channel template quick');
    expect(refused).toMatchObject({ kind: 'notice', tone: 'warning' });
    expect(text(refused)).toContain('Only workspace admins can change channel settings');
    expect(await h.store.channelSettings.get({ platform: 'slack', workspaceId: c.workspaceId, channelId: 'C1' })).toMatchObject({ template: null });

    const saved = await c.admin.run('channel template quick');
    expect(text(saved)).toMatch(/Saved[\s\S]*Template: quick/);
    expect(text(await c.admin.run('channel topics rotate url shortener, rate-limiter'))).toContain('a rotation of URL shortener, Rate limiter');
    expect(text(await c.admin.run('channel starters <@U1> <@U2|bea>'))).toContain('admins and `U1`, `U2`');
    expect(text(await c.admin.run('channel topics fixed no-such-topic'))).toContain('I don\'t have a topic called "no-such-topic"');
    // Another channel of the same workspace is untouched.
    expect(await h.store.channelSettings.get({ platform: 'slack', workspaceId: c.workspaceId, channelId: 'C2' })).toMatchObject({ template: null, starters: { mode: 'everyone' } });
  });

  it('reads a stored row it cannot validate as the defaults (never as rows in the core)', async () => {
    const c = channel();
    const ref = { platform: 'slack' as const, workspaceId: c.workspaceId, channelId: 'C9' };
    await h.store.channelSettings.save(ref, { ...(await h.store.channelSettings.get(ref)), observers: 'drop' }, new Date());
    expect((await h.store.channelSettings.get(ref)).observers).toBe('drop');
    await sql`update channel_settings set settings = ${JSON.stringify({ observers: 'sometimes', topics: { mode: 'fixed', topicIds: [] } })}::jsonb where workspace_id = ${c.workspaceId}`.execute(db.handle.db);
    expect(await h.store.channelSettings.get(ref)).toEqual(DEFAULT_CHANNEL_SETTINGS);
  });

  it('a start outside the fixed list is refused privately, naming the allowed topics; nothing starts', async () => {
    const c = channel();
    await c.admin.run('channel topics fixed url-shortener,rate-limiter');
    const refused = await c.as('U1').run('start news feed');
    expect(refused).toMatchObject({ kind: 'notice', tone: 'warning' });
    expect(text(refused)).toContain('This channel practises only URL shortener, Rate limiter; News feed is not one of them.');
    expect(await c.live('U1')).toBeNull();
    await c.as('U1').run('start rate limiter');
    expect((await c.live('U1'))?.topic).toBe('Rate limiter');
  });

  it('someone not on the starters list is refused privately; someone on it starts', async () => {
    const c = channel();
    await c.admin.run('channel starters <@U2>');
    const refused = await c.as('U1').run('start url shortener');
    expect(text(refused)).toContain('Only the people this channel lists may start interviews here');
    expect(await c.live('U1')).toBeNull();
    await c.as('U2').run('start url shortener');
    expect((await c.live('U2'))?.topic).toBe('URL shortener');
  });

  it('defaults apply when the command gives none, and a rotation gives the topic of the day', async () => {
    const c = channel();
    await c.admin.run('channel template quick');
    await c.admin.run('channel duration 25');
    await c.admin.run('channel topics rotate url-shortener,rate-limiter,news-feed');
    await c.as('U1').run('start');
    const session = (await c.live('U1'))!;
    const expected = catalog.get(topicOfTheDay(['url-shortener', 'rate-limiter', 'news-feed'], h.clock.now()))!.name;
    expect(session.topic).toBe(expected);
    expect(session.config).toMatchObject({ durationMinutes: 25, template: 'quick' });
    // The command's own choices win.
    await c.as('U3').run('start chat system 40 standard');
    expect((await c.live('U3'))?.config).toMatchObject({ durationMinutes: 40, template: 'standard' });
  });

  it('observers keep: others\' messages become notes; drop: they are not recorded', async () => {
    const c = channel();
    await c.as('U1').run('start url shortener');
    const session = (await c.live('U1'))!;
    const scope = { platform: 'slack' as const, workspaceId: c.workspaceId, userId: 'U1', kind: 'user' as const };
    expect(await c.as('U9').say(session.threadId!, 'Nice question!')).toMatchObject({ kind: 'observer-note' });
    await c.admin.run('channel observers drop');
    expect(await c.as('U9').say(session.threadId!, 'Psst, use a hash.')).toMatchObject({ kind: 'observer-dropped' });
    const observers = (await h.manager.getTranscript(session.id, scope)).filter((m) => m.role === 'observer').map((m) => m.content);
    expect(observers).toEqual(['Nice question!']);
    // The candidate's answers are recorded as before.
    expect(await c.as('U1').say(session.threadId!, 'Users shorten links.')).toMatchObject({ kind: 'answer' });
  });
});
