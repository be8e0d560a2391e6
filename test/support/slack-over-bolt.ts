import { createSlackPort, startSlackAdapter, type SlackAdapter } from '../../adapters/slack/slack-app.js';
import { ChatPorts } from '../../src/chat/chat-port.js';
import type { Logger } from '../../src/logging/logger.js';
import { AppMetrics } from '../../src/observability/metrics.js';
import type { DatabaseHandle } from '../../src/storage/database.js';
import { startSlackFake, type SlackFake } from '../fakes/slack-web-api-fake.js';
import { buildChatStack } from './chat-stack.js';

export interface SlackOverBolt {
  slack: SlackFake;
  stack: Awaited<ReturnType<typeof buildChatStack>>;
  adapter: SlackAdapter;
  /** Where signed requests go: `http://127.0.0.1:<port>/slack/events`. */
  url: string;
  close(): Promise<void>;
}

/** The Slack adapter (Bolt behind the gate) on the real core, talking to a Slack Web API fake. */
export async function startSlackOverBolt(
  handle: DatabaseHandle,
  options: {
    teamId: string;
    secret: string;
    logger: Logger;
    botToken?: string;
    /** The WebClient's timeout (10 s when not given). */
    timeoutMs?: number;
    /** Settings of the chat stack (retry backoff and the like). */
    stack?: Parameters<typeof buildChatStack>[4];
  },
): Promise<SlackOverBolt> {
  const slack = await startSlackFake({ teamId: options.teamId });
  const settings = { botToken: options.botToken ?? 'xoxb-test', signingSecret: options.secret, apiUrl: slack.apiUrl, timeoutMs: options.timeoutMs };
  const port = createSlackPort(settings, options.logger);
  const metrics = new AppMetrics();
  const stack = await buildChatStack(handle, new ChatPorts().register('slack', port), options.logger, metrics, options.stack);
  const adapter = await startSlackAdapter(settings, { router: stack.router, port, metrics, logger: options.logger, readiness: { ready: true }, httpPort: 0 });
  return {
    slack,
    stack,
    adapter,
    url: `http://127.0.0.1:${adapter.boundPort}/slack/events`,
    async close() {
      await adapter.stop();
      await stack.close();
      await slack.close();
    },
  };
}
