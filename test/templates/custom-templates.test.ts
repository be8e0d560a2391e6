import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatPorts } from '../../src/chat/chat-port.js';
import { parseCommand } from '../../src/chat/command-grammar.js';
import type { InboundCommand } from '../../src/chat/inbound.js';
import type { OutboundMessage } from '../../src/chat/outbound-message.js';
import type { CustomTemplateConfig } from '../../src/domain/types.js';
import { TEMPLATES } from '../../src/interviewer/catalog/templates.js';
import { TopicCatalog } from '../../src/interviewer/catalog/topic-catalog.js';
import { planNextTurn } from '../../src/interviewer/offline/next-turn.js';
import { phaseWindows } from '../../src/interviewer/phase-plan.js';
import { emptyState } from '../../src/interviewer/transcript-state.js';
import { customDefinition, sessionTemplate } from '../../src/templates/custom-template.js';
import { buildChatStack } from '../support/chat-stack.js';
import { memoryLogger } from '../support/memory-log.js';
import { RecordingChatPort } from '../support/recording-chat-port.js';
import { uniqueWorkspace } from '../support/session-harness.js';
import { storageBackends, type TestDatabase } from '../support/storage-backends.js';

const PHASES_OK = 'phases=requirements:20,estimation:10,api-data-model:10,high-level-design:20,deep-dive:30,wrap-up:10';
const problemOf = (text: string) => {
  const parsed = parseCommand(text);
  expect(parsed.name).toBe('help');
  return (parsed as { problem: string }).problem;
};

describe('template add: what is accepted', () => {
  it('reads a full definition, phase aliases included', () => {
    expect(parseCommand(`template add backend-senior duration=50 ${PHASES_OK} topics=url-shortener,rate-limiter strictness=strict`)).toEqual({
      name: 'template',
      action: 'add',
      template: { name: 'backend-senior', durationMinutes: 50, phaseShares: { requirements: 20, estimation: 10, 'api-data-model': 10, 'high-level-design': 20, 'deep-dive': 30, 'wrap-up': 10 }, topics: [], strictness: 'strict' },
      topicTexts: ['url-shortener', 'rate-limiter'],
    });
    expect(parseCommand('template add t2 duration=30 phases=requirements:10,estimation:10,api:10,design:30,deepdive:30,wrapup:10')).toMatchObject({ template: { strictness: 'standard', phaseShares: { 'api-data-model': 10, 'wrap-up': 10 } } });
    expect(parseCommand('template')).toEqual({ name: 'template', action: 'list' });
    expect(parseCommand('template remove Backend-Senior')).toEqual({ name: 'template', action: 'remove', templateName: 'backend-senior' });
  });

  it.each([
    [`template add x1 duration=4 ${PHASES_OK}`, '5 to 180 whole minutes'],
    [`template add x1 duration=181 ${PHASES_OK}`, '5 to 180 whole minutes'],
    [`template add x1 duration=45.5 ${PHASES_OK}`, '5 to 180 whole minutes'],
    [`template add x1 ${PHASES_OK}`, 'needs `duration=`'],
    ['template add x1 duration=45', 'needs `phases=`'],
    ['template add x1 duration=45 phases=requirements:20,estimation:10,api-data-model:10,high-level-design:20,deep-dive:30,wrap-up:20', 'sum to 110, not 100'],
    ['template add x1 duration=45 phases=requirements:50,estimation:50', 'missing: `api-data-model`'],
    ['template add x1 duration=45 phases=requirements:20,requirements:10', 'given twice'],
    ['template add x1 duration=45 phases=coding:100', 'is not `phase:percent`'],
    ['template add x1 duration=45 phases=requirements:-5', 'a share is a whole percent from 0 to 100'],
    [`template add x1 duration=45 ${PHASES_OK} strictness=brutal`, 'one of `lenient`, `standard`, `strict`'],
    [`template add quick duration=45 ${PHASES_OK}`, "built-in template's name"],
    [`template add 9lives duration=45 ${PHASES_OK}`, 'cannot be a template name'],
    [`template add x1 duration=45 ${PHASES_OK} colour=red`, 'is not one of'],
    ['template remove', 'one template name'],
    ['template rename a b', 'is not something I do'],
  ])('%s is refused', (text, reason) => {
    expect(problemOf(text)).toContain(reason);
  });
});

describe('a custom template drives the phase plan and the follow-ups', () => {
  const custom: CustomTemplateConfig = { name: 'long-requirements', durationMinutes: 50, phaseShares: { requirements: 20, estimation: 10, 'api-data-model': 10, 'high-level-design': 20, 'deep-dive': 30, 'wrap-up': 10 }, topics: [], strictness: 'standard' };

  it('phase boundaries follow its shares', () => {
    const windows = phaseWindows(sessionTemplate({ customTemplate: custom }), 50);
    expect(windows.map((w) => [w.phase, w.startMs / 60_000, w.endMs / 60_000])).toEqual([
      ['requirements', 0, 10],
      ['estimation', 10, 15],
      ['api-data-model', 15, 20],
      ['high-level-design', 20, 30],
      ['deep-dive', 30, 45],
      ['wrap-up', 45, 50],
    ]);
    // Without it, the built-in template named (or standard).
    expect(sessionTemplate({ template: 'quick' })).toBe(TEMPLATES.quick);
  });

  it('the offline interviewer moves on when the custom plan says, not when the standard one would', () => {
    const topic = new TopicCatalog().get('url-shortener')!;
    const at = (minutes: number) => ({ elapsedActiveMs: minutes * 60_000, remainingActiveMs: (50 - minutes) * 60_000, durationMinutes: 50 });
    const state = () => ({ ...emptyState(), lastCandidate: 'Users shorten links and get redirected quickly.', turnsInPhase: 1 });
    // 8 minutes in: past the standard plan's requirements (12% of 50 = 6 min), inside this one's (20% = 10 min).
    expect(planNextTurn(topic, TEMPLATES.standard, at(8), state()).notes.phase).toBe('estimation');
    expect(planNextTurn(topic, sessionTemplate({ customTemplate: custom }), at(8), state()).notes.phase).toBe('requirements');
    expect(planNextTurn(topic, sessionTemplate({ customTemplate: custom }), at(11), state()).notes.phase).toBe('estimation');
  });

  it('strictness changes how many follow-ups a phase gets', () => {
    const turns = (strictness: CustomTemplateConfig['strictness']) => customDefinition({ ...custom, strictness }).maxTurnsPerPhase;
    expect(turns('standard')).toEqual(TEMPLATES.standard.maxTurnsPerPhase);
    expect(turns('strict')).toEqual({ requirements: 3, estimation: 3, 'api-data-model': 3, 'high-level-design': 4, 'deep-dive': 5, 'wrap-up': 1 });
    expect(turns('lenient')).toEqual({ requirements: 1, estimation: 1, 'api-data-model': 1, 'high-level-design': 2, 'deep-dive': 3, 'wrap-up': 1 });
    // Early in the interview (the clock does not move it): after two answers in requirements a
    // standard interviewer moves on, a strict one asks another, a lenient one left after one.
    const topic = new TopicCatalog().get('url-shortener')!;
    const early = { elapsedActiveMs: 60_000, remainingActiveMs: 49 * 60_000, durationMinutes: 50 };
    const after = (n: number) => ({ ...emptyState(), lastCandidate: 'Users shorten links and get redirected quickly.', turnsInPhase: n });
    const phaseWith = (strictness: CustomTemplateConfig['strictness'], n: number) => planNextTurn(topic, customDefinition({ ...custom, strictness }), early, after(n)).notes.phase;
    expect(phaseWith('standard', 2)).toBe('estimation');
    expect(phaseWith('strict', 2)).toBe('requirements');
    expect(phaseWith('lenient', 1)).toBe('estimation');
    expect(phaseWith('standard', 1)).toBe('requirements');
  });
});

describe.each(storageBackends)('/interview template through the router on $name', (backend) => {
  let db: TestDatabase;
  let stack: Awaited<ReturnType<typeof buildChatStack>>;

  beforeAll(async () => {
    db = await backend.open();
    stack = await buildChatStack(db.handle, new ChatPorts().register('slack', new RecordingChatPort()), memoryLogger().logger);
  });
  afterAll(async () => {
    await stack.close();
    await db.cleanup();
  });

  function workspace(workspaceId = uniqueWorkspace('WT')) {
    const ask = async (text: string, userId = 'U1', admin = false, extra: Partial<InboundCommand> = {}): Promise<OutboundMessage> => {
      const replies: OutboundMessage[] = [];
      await stack.router.handleCommand({ platform: 'slack', workspaceId, channelId: 'C1', user: { userId, isAdmin: admin }, text, ...extra }, async (m) => {
        replies.push(m);
      });
      expect(replies).toHaveLength(1);
      return replies[0]!;
    };
    const text = async (...args: Parameters<typeof ask>) => (await ask(...args) as { text: string }).text;
    return { workspaceId, ask, text };
  }

  it('admins add and remove, anyone lists; others are refused and nothing changes', async () => {
    const w = workspace();
    const add = `template add backend-senior duration=50 ${PHASES_OK} topics=url-shortener,rate-limiter strictness=strict`;
    expect(await w.ask(add, 'U1')).toMatchObject({ kind: 'notice', tone: 'warning', text: expect.stringContaining('Only workspace admins can add or remove templates') });
    expect(await w.text('template list')).toContain('no templates of its own');
    expect(await w.text(add, 'UADMIN', true)).toContain('Added the template `backend-senior`: 50 min, strict; requirements 20%');
    expect(await w.text('template list', 'U2')).toContain('`backend-senior`: 50 min, strict');
    expect(await w.text('template list', 'U2')).toContain('topics: URL shortener, Rate limiter');
    expect(await w.text(add.replace('strictness=strict', 'strictness=lenient'), 'UADMIN', true)).toContain('Replaced the template `backend-senior`: 50 min, lenient');
    expect(await w.text('template add t3 duration=30 phases=requirements:10,estimation:10,api:10,design:30,deepdive:30,wrapup:10 topics=quantum-teleporter', 'UADMIN', true)).toContain("I don't have a topic called");
    expect(await w.text(`template add shortener duration=30 ${PHASES_OK}`, 'UADMIN', true)).toContain("is a word of a topic's name");
    expect(await w.ask('template remove backend-senior', 'U1')).toMatchObject({ tone: 'warning', text: expect.stringContaining('Only workspace admins') });
    // Another workspace never sees it.
    expect(await workspace().text('template list')).toContain('no templates of its own');
    expect(await w.text('template remove backend-senior', 'UADMIN', true)).toContain('Removed the template `backend-senior`');
    expect(await w.text('template remove backend-senior', 'UADMIN', true)).toContain('no template called `backend-senior`');
    expect(await w.text('template list')).toContain('no templates of its own');
  });

  it('/interview start <topic> <template> takes a workspace template: its length, its shares, its topics', async () => {
    const w = workspace();
    await w.ask(`template add backend-senior duration=50 ${PHASES_OK} topics=rate-limiter strictness=strict`, 'UADMIN', true);
    // Without the template, the word is no template: after a duration it is refused as before.
    expect(await workspace().text('start url shortener 30 backend-senior')).toContain('`backend-senior` is not a template');
    expect(await w.text('start url shortener backend-senior', 'U1')).toContain('has started');
    const session = (await stack.sessions.getActiveSession({ platform: 'slack', workspaceId: w.workspaceId, userId: 'U1' }))!;
    expect(session.topic).toBe('URL shortener');
    expect(session.config).toMatchObject({ durationMinutes: 50, customTemplate: { name: 'backend-senior', strictness: 'strict', phaseShares: { requirements: 20 } } });
    expect(session.config.template).toBeUndefined();
    expect(phaseWindows(sessionTemplate(session.config), session.config.durationMinutes)[0]).toEqual({ phase: 'requirements', startMs: 0, endMs: 10 * 60_000 });
    // A duration in the command wins; no topic: the template's topic of the day.
    expect(await w.text('start 20 backend-senior', 'U2')).toContain('Rate limiter');
    const second = (await stack.sessions.getActiveSession({ platform: 'slack', workspaceId: w.workspaceId, userId: 'U2' }))!;
    expect(second.config).toMatchObject({ durationMinutes: 20, customTemplate: { name: 'backend-senior' } });
  });

  it('channel template <name>: a channel default like the built-in ones; the command still wins', async () => {
    const w = workspace();
    expect(await w.text('channel template backend-senior', 'UADMIN', true)).toContain('`channel template` takes one of');
    await w.ask(`template add backend-senior duration=50 ${PHASES_OK} strictness=lenient`, 'UADMIN', true);
    expect(await w.ask('channel template backend-senior', 'U1')).toMatchObject({ tone: 'warning', text: expect.stringContaining('Only workspace admins') });
    expect(await w.text('channel template backend-senior', 'UADMIN', true)).toContain('- Template: backend-senior');
    await w.ask('start url shortener', 'U1');
    const first = (await stack.sessions.getActiveSession({ platform: 'slack', workspaceId: w.workspaceId, userId: 'U1' }))!;
    expect(first.config).toMatchObject({ durationMinutes: 50, customTemplate: { name: 'backend-senior', strictness: 'lenient' } });
    await w.ask('start url shortener quick', 'U2');
    const second = (await stack.sessions.getActiveSession({ platform: 'slack', workspaceId: w.workspaceId, userId: 'U2' }))!;
    expect(second.config).toMatchObject({ durationMinutes: 30, template: 'quick' });
    expect(second.config.customTemplate).toBeUndefined();
    // Removed later: the channel falls back to the defaults rather than failing starts.
    await w.ask('template remove backend-senior', 'UADMIN', true);
    await w.ask('start url shortener', 'U3');
    const third = (await stack.sessions.getActiveSession({ platform: 'slack', workspaceId: w.workspaceId, userId: 'U3' }))!;
    expect(third.config.customTemplate).toBeUndefined();
    expect(third.config.durationMinutes).toBe(45);
    // The running interview keeps its copy.
    expect((await stack.sessions.getSession(first.id, { platform: 'slack', workspaceId: w.workspaceId })).config.customTemplate).toMatchObject({ name: 'backend-senior' });
  });
});
