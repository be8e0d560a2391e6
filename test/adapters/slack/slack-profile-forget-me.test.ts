import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockActionsPayload, postInteraction, postSlashCommand } from '../../fakes/slack-signed-request.js';
import type { SlackFake } from '../../fakes/slack-web-api-fake.js';
import { memoryLogger } from '../../support/memory-log.js';
import { until } from '../../support/queue-backends.js';
import { startSlackOverBolt, type SlackOverBolt } from '../../support/slack-over-bolt.js';
import { storageBackends, type TestDatabase } from '../../support/storage-backends.js';

const SECRET = 'test-signing-secret';
const jane = () => ({ platform: 'slack' as const, workspaceId: 'T_FAKE', userId: 'U_JANE' });
const TEAM = 'T_FAKE';
const PHONE = '+1 555 0100';
const RESUME = `Jane Doe\n${PHONE}\n${'Built the payments ledger at Acme; led the migration to event sourcing. '.repeat(60)}`.trim();

/** A `view_submission` of the profile modal as Slack sends it: each input's value by block id. */
function profileSubmission(userId: string, channelId: string, fields: Record<string, string>) {
  const values: Record<string, { value: { type: 'plain_text_input'; value: string | null } }> = {};
  for (const [block, value] of Object.entries(fields)) values[block] = { value: { type: 'plain_text_input', value } };
  return {
    type: 'view_submission',
    team: { id: TEAM, domain: 'fake-team' },
    user: { id: userId, username: 'cand', name: 'cand', team_id: TEAM },
    api_app_id: 'A_FAKE',
    token: 'legacy-verification-token',
    trigger_id: '1337.43.trigger',
    view: { id: 'V_FAKE1', type: 'modal', callback_id: 'mib_profile', private_metadata: JSON.stringify({ channel: channelId }), state: { values }, hash: '1.abc' },
    response_urls: [],
  };
}

describe.each(storageBackends)('profile modal and forget-me through Bolt on $name', (backend) => {
  let db: TestDatabase;
  let bolt: SlackOverBolt;
  let slack: SlackFake;
  let stack: SlackOverBolt['stack'];
  let url: string;
  const log = memoryLogger();

  beforeAll(async () => {
    db = await backend.open();
    bolt = await startSlackOverBolt(db.handle, { teamId: TEAM, secret: SECRET, logger: log.logger });
    ({ slack, stack, url } = bolt);
    slack.setUser({ id: 'U_JANE', name: 'jane' });
    slack.setUser({ id: 'U_MAX', name: 'max' });
  });
  afterAll(async () => {
    await bolt.close();
    await db.cleanup();
  });

  let n = 0;
  async function command(channel: string, user: string, text: string): Promise<string> {
    const id = `${channel}-${user}-${++n}`;
    const response = await postSlashCommand(url, SECRET, { text, team_id: TEAM, channel_id: channel, user_id: user, response_url: slack.responseUrl(id) });
    expect(response.status).toBe(200);
    await until(() => slack.responses.some((r) => r.id === id), 5_000, `reply to ${text}`);
    const body = slack.responses.find((r) => r.id === id)!.body;
    expect(JSON.stringify(body)).toContain('"response_type":"ephemeral"');
    return JSON.stringify(body);
  }

  it('`profile` opens a modal; its submission is checked, stored, shown privately and used by the next interview, and the resume is never posted or logged', async () => {
    const channel = `CPF${process.pid}a`;
    const opened = slack.callsOf('views.open').length;
    const response = await postSlashCommand(url, SECRET, { text: 'profile', team_id: TEAM, channel_id: channel, user_id: 'U_JANE', response_url: slack.responseUrl('profile-open') });
    expect(response.status).toBe(200);
    await until(() => slack.callsOf('views.open').length > opened, 5_000, 'views.open');
    const call = slack.callsOf('views.open').at(-1)!;
    expect(call.args.trigger_id).toBe('1337.42.trigger');
    const view = call.args.view as { callback_id: string; private_metadata: string; blocks: Array<{ block_id?: string; element?: { max_length?: number } }> };
    expect(view.callback_id).toBe('mib_profile');
    expect(JSON.parse(view.private_metadata)).toEqual({ channel });
    expect(view.blocks.map((b) => b.block_id).filter(Boolean)).toEqual(['profile_role', 'profile_years', 'profile_focusAreas', 'profile_resume_1', 'profile_resume_2', 'profile_resume_3']);
    expect(view.blocks.every((b) => (b.element?.max_length ?? 0) <= 3_000)).toBe(true);

    // A bad field keeps the modal open with the reason under it; nothing is stored.
    const refused = await postInteraction(url, SECRET, profileSubmission('U_JANE', channel, { profile_role: 'Backend engineer', profile_years: '99', profile_focusAreas: '', profile_resume_1: '' }));
    expect(refused.status).toBe(200);
    expect(refused.json).toEqual({ response_action: 'errors', errors: { profile_years: expect.stringContaining('0 to 60') } });
    expect(await stack.store.profiles.get({ platform: 'slack', workspaceId: TEAM, userId: 'U_JANE' })).toBeNull();

    const saved = await postInteraction(url, SECRET, profileSubmission('U_JANE', channel, {
      profile_role: 'Backend engineer',
      profile_years: '7',
      profile_focusAreas: 'caching, databases,  messaging',
      profile_resume_1: RESUME.slice(0, 3_000),
      profile_resume_2: RESUME.slice(3_000, 6_000),
      profile_resume_3: RESUME.slice(6_000),
    }));
    expect(saved.status).toBe(200);
    await until(() => slack.ephemerals.some((e) => e.channel === channel && e.user === 'U_JANE'), 5_000, 'saved confirmation');
    const confirmation = slack.ephemerals.find((e) => e.channel === channel && e.user === 'U_JANE')!;
    expect(confirmation.text).toContain('Profile saved: Backend engineer · 7 years · focus: caching, databases, messaging');
    expect(await stack.store.profiles.get({ platform: 'slack', workspaceId: TEAM, userId: 'U_JANE' })).toMatchObject({ role: 'Backend engineer', years: 7, focusAreas: ['caching', 'databases', 'messaging'], resumeText: RESUME });

    // Shown again privately: the resume as its length and first line, never the rest.
    const shown = await command(channel, 'U_JANE', 'profile show');
    expect(shown).toContain('Backend engineer');
    expect(shown).toContain(`${RESUME.length.toLocaleString('en-US')} characters, starting \\"Jane Doe\\"`);
    expect(shown).not.toContain(PHONE);

    // Opening the form again pre-fills it (the resume split over the three inputs).
    await postSlashCommand(url, SECRET, { text: 'profile', team_id: TEAM, channel_id: channel, user_id: 'U_JANE', response_url: slack.responseUrl('profile-open-2') });
    await until(() => slack.callsOf('views.open').length > opened + 1, 5_000, 'views.open again');
    const again = slack.callsOf('views.open').at(-1)!.args.view as { blocks: Array<{ element?: { initial_value?: string } }> };
    expect(again.blocks.slice(4).map((b) => b.element?.initial_value ?? '').join('')).toBe(RESUME);

    // The next interview carries the profile; its opening uses role and years only.
    await command(channel, 'U_JANE', 'start url shortener');
    const session = (await stack.sessions.getActiveSession({ platform: 'slack', workspaceId: TEAM, userId: 'U_JANE' }))!;
    expect(session.config.resumeData).toMatchObject({ role: 'Backend engineer', years: 7, focusAreas: ['caching', 'databases', 'messaging'], text: RESUME.slice(0, 1_500) });
    await until(() => slack.messagesInChannel(channel).some((m) => m.thread_ts && /backend engineer with 7 years/i.test(m.text ?? '')), 10_000, 'opening question');
    // `end` answers in the thread, not privately.
    await postSlashCommand(url, SECRET, { text: 'end', team_id: TEAM, channel_id: channel, user_id: 'U_JANE', response_url: slack.responseUrl('end') });
    await until(async () => (await stack.sessions.getSession(session.id, jane())).status === 'completed', 5_000, 'ended');

    const posted = JSON.stringify([...slack.callsOf('chat.postMessage'), ...slack.callsOf('chat.update'), ...slack.callsOf('chat.postEphemeral')].map((c) => c.args));
    expect(posted).not.toContain(PHONE);
    expect(posted).not.toContain('payments ledger');
    expect(log.raw()).not.toContain(PHONE);
    expect(log.raw()).not.toContain('payments ledger');
  });

  it('`forget-me` answers privately with a button bound to the asker; another person\'s press is refused; the owner\'s deletes everything', async () => {
    const channel = `CPF${process.pid}b`;
    const jane = { platform: 'slack' as const, workspaceId: TEAM, userId: 'U_JANE' };
    expect(await stack.store.profiles.get(jane)).not.toBeNull();
    expect((await stack.sessions.listSessions({ owner: jane })).items.length).toBeGreaterThan(0);

    const reply = JSON.parse(await command(channel, 'U_JANE', 'forget-me')) as { blocks: Array<{ type: string; elements?: Array<{ action_id: string; value: string; style?: string }> }> };
    const button = reply.blocks.find((b) => b.type === 'actions')!.elements![0]!;
    expect(button).toMatchObject({ action_id: 'privacy_forget', value: 'U_JANE', style: 'danger' });

    await postInteraction(url, SECRET, blockActionsPayload({ actionId: 'privacy_forget', value: 'U_JANE', userId: 'U_MAX', channelId: channel, teamId: TEAM, responseUrl: slack.responseUrl('max-press') }));
    await until(() => slack.responses.some((r) => r.id === 'max-press'), 5_000, 'refusal');
    expect(JSON.stringify(slack.responses.find((r) => r.id === 'max-press')!.body)).toContain('belongs to someone else');
    expect(await stack.store.profiles.get(jane)).not.toBeNull();

    await postInteraction(url, SECRET, blockActionsPayload({ actionId: 'privacy_forget', value: 'U_JANE', userId: 'U_JANE', channelId: channel, teamId: TEAM, responseUrl: slack.responseUrl('jane-press') }));
    await until(() => slack.responses.some((r) => r.id === 'jane-press'), 5_000, 'done');
    expect(JSON.stringify(slack.responses.find((r) => r.id === 'jane-press')!.body)).toContain('Done: your profile');
    expect(await stack.store.profiles.get(jane)).toBeNull();
    expect((await stack.sessions.listSessions({ owner: jane })).items).toEqual([]);
    expect(await command(channel, 'U_JANE', 'profile show')).toContain('You have no profile yet');
    slack.assertNoUnexpected();
  });
});
