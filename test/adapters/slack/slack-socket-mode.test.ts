import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackPort, startSlackAdapter, type SlackAdapter } from '../../../adapters/slack/slack-app.js';
import { ChatPorts } from '../../../src/chat/chat-port.js';
import { AppMetrics } from '../../../src/observability/metrics.js';
import { startSocketModeFake, type SocketModeFake } from '../../fakes/slack-socket-mode-fake.js';
import { startSlackFake, type SlackFake } from '../../fakes/slack-web-api-fake.js';
import { buildChatStack } from '../../support/chat-stack.js';
import { memoryLogger } from '../../support/memory-log.js';
import { until } from '../../support/queue-backends.js';
import { openDatabase, type DatabaseHandle } from '../../../src/storage/database.js';
import { migrateToLatest } from '../../../src/storage/migrate.js';

describe('Slack adapter in Socket Mode (SLACK_APP_TOKEN)', () => {
  let handle: DatabaseHandle;
  let slack: SlackFake;
  let socket: SocketModeFake;
  let adapter: SlackAdapter;
  let stack: Awaited<ReturnType<typeof buildChatStack>>;

  beforeAll(async () => {
    handle = await openDatabase({ dataDir: 'memory://' });
    await migrateToLatest(handle.db);
    slack = await startSlackFake();
    socket = await startSocketModeFake(slack);
    const logger = memoryLogger().logger;
    const settings = { botToken: 'xoxb-test', appToken: 'xapp-test', apiUrl: slack.apiUrl };
    const port = createSlackPort(settings, logger);
    stack = await buildChatStack(handle, new ChatPorts().register('slack', port), logger);
    adapter = await startSlackAdapter(settings, { router: stack.router, port, metrics: new AppMetrics(), logger, readiness: { ready: true }, httpPort: 0 });
  });
  afterAll(async () => {
    await adapter.stop();
    await stack.close();
    await socket.close();
    await slack.close();
    await handle.close();
  });

  it('connects through apps.connections.open on SLACK_API_URL and runs commands and thread replies', async () => {
    expect(adapter.servesHttp).toBe(false);
    await until(() => socket.connections() === 1, 5_000, 'socket connected');
    // What /readyz asks of the Slack connection in Socket Mode.
    await until(() => adapter.connected(), 5_000, 'the adapter to see its socket open');
    expect(slack.callsOf('apps.connections.open')[0]?.token).toBe('xapp-test');
    await socket.send('slash_commands', { command: '/interview', text: 'start url shortener', team_id: 'T_FAKE', channel_id: 'C_SOCK', user_id: 'U_SOCK', response_url: slack.responseUrl('sock') });
    await until(() => slack.messagesInChannel('C_SOCK').length >= 2, 5_000, 'root and opening question');
    const root = slack.messagesInChannel('C_SOCK')[0]!;
    await socket.send('events_api', {
      type: 'event_callback',
      team_id: 'T_FAKE',
      event_id: 'Ev-sock-1',
      event: { type: 'message', channel: 'C_SOCK', user: 'U_SOCK', text: 'Shorten links and redirect them quickly.', ts: `${Math.floor(Date.now() / 1000)}.000900`, thread_ts: root.ts },
    });
    await until(() => slack.messagesInThread('C_SOCK', root.ts).filter((m) => m.bot_id && !String(m.text).includes('Thinking')).length >= 2, 5_000, 'reply in thread');
    expect(socket.unexpected).toEqual([]);
    slack.assertNoUnexpected();
  });
});
