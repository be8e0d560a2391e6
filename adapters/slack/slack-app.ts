import { networkReason } from '../../src/app/startup-checks.js';
import { InterviewPlatformError } from '../../src/domain/errors.js';
import { App, HTTPReceiver } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { ChatRouter } from '../../src/chat/chat-router.js';
import type { Logger } from '../../src/logging/logger.js';
import type { AppMetrics } from '../../src/observability/metrics.js';
import { healthHandler, metricsHandler, type Readiness } from '../http/ops-routes.js';
import { BackgroundTasks } from '../background-tasks.js';
import { boltLogger } from './bolt-logger.js';
import { SlackChatPort } from './slack-chat-port.js';
import { registerSlackListeners } from './slack-listeners.js';
import { SlackUsers } from './slack-users.js';

export interface SlackSettings {
  botToken: string;
  signingSecret?: string;
  /** Set: Socket Mode, no public URL needed. */
  appToken?: string;
  /** Web API base for GovSlack, proxies and tests. */
  apiUrl?: string;
  /** Web API request timeout (default 10 s). */
  timeoutMs?: number;
}

/**
 * No retries inside the client, and rate-limited calls rejected at once with their Retry-After:
 * the delivery job owns retrying, so that it can wait without holding anything, count attempts,
 * and look for a post whose outcome is unknown (a timed-out chat.postMessage may have posted)
 * before it sends it again.
 */
export function slackClientOptions(settings: SlackSettings, logger: Logger) {
  const apiUrl = settings.apiUrl ? (settings.apiUrl.endsWith('/') ? settings.apiUrl : `${settings.apiUrl}/`) : undefined;
  return { slackApiUrl: apiUrl, retryConfig: { retries: 0 }, timeout: settings.timeoutMs ?? 10_000, rejectRateLimitedCalls: true, logger: boltLogger(logger) };
}

/** For processes that only post (workers): the Web API client and chat port, no receiver. */
export function createSlackPort(settings: SlackSettings, logger: Logger): SlackChatPort {
  return new SlackChatPort(new WebClient(settings.botToken, slackClientOptions(settings, logger)));
}

export interface SlackAdapter {
  port: SlackChatPort;
  /** True when Bolt's HTTP receiver serves /healthz and /metrics on the port. */
  servesHttp: boolean;
  /** The HTTP port actually bound (useful with port 0); null in Socket Mode. */
  boundPort: number | null;
  stop(): Promise<void>;
}

/** The Bolt app: HTTP receiver at POST /slack/events (with /healthz and /metrics), or Socket Mode. */
/** Bolt's first call (auth.test) failed: say which setting to fix. */
function explainSlackStartup(error: unknown, settings: SlackSettings): unknown {
  const code = (error as { data?: { error?: string }; code?: string }).data?.error;
  if (code === 'invalid_auth' || code === 'not_authed' || code === 'account_inactive' || code === 'token_revoked') {
    return new InterviewPlatformError('CONFIG_INVALID', `SLACK_BOT_TOKEN was rejected by Slack (${code}): copy the Bot User OAuth Token (xoxb-...) again from the app's OAuth & Permissions page.`, { cause: error });
  }
  const unreachable = networkReason(error) ?? networkReason((error as { original?: unknown }).original);
  if (unreachable) {
    return new InterviewPlatformError('CONFIG_INVALID', `Cannot reach Slack (${settings.apiUrl ?? 'slack.com'}): ${unreachable}. Check the network${settings.apiUrl ? ' and SLACK_API_URL' : ''}.`, { cause: error });
  }
  return error;
}

export async function startSlackAdapter(
  settings: SlackSettings,
  deps: { router: ChatRouter; port: SlackChatPort; metrics: AppMetrics; logger: Logger; readiness: Readiness; httpPort: number },
): Promise<SlackAdapter> {
  const clientOptions = slackClientOptions(settings, deps.logger);
  const logger = boltLogger(deps.logger);
  let app: App;
  if (settings.appToken) {
    // The Socket Mode client takes its Web API options (apps.connections.open) from installerOptions.
    app = new App({ token: settings.botToken, appToken: settings.appToken, socketMode: true, clientOptions, installerOptions: { clientOptions }, logger, deferInitialization: true, convoStore: false });
  } else {
    const receiver = new HTTPReceiver({
      signingSecret: settings.signingSecret!,
      endpoints: '/slack/events',
      // Slack hears 200 only after the listener returns, and the listeners return as soon as
      // the event is recorded: an acknowledged message is a stored message.
      processBeforeResponse: true,
      logger,
      customRoutes: [
        { path: '/healthz', method: ['GET'], handler: healthHandler(deps.readiness) },
        { path: '/metrics', method: ['GET'], handler: metricsHandler(deps.metrics) },
      ],
    });
    // No conversation store: the bot keeps its state in the database, not in Bolt's middleware.
    app = new App({ token: settings.botToken, receiver, clientOptions, logger, deferInitialization: true, convoStore: false });
  }
  try {
    await app.init();
  } catch (error) {
    throw explainSlackStartup(error, settings);
  }
  const background = new BackgroundTasks(deps.logger);
  registerSlackListeners(app, { router: deps.router, port: deps.port, users: new SlackUsers(app.client), metrics: deps.metrics, logger: deps.logger, background });
  let boundPort: number | null = null;
  if (settings.appToken) await app.start();
  else {
    const server = (await app.start(deps.httpPort)) as { address(): { port: number } | string | null };
    const address = server.address();
    boundPort = address && typeof address === 'object' ? address.port : deps.httpPort;
  }
  deps.logger.info({ component: 'SlackAdapter', operation: 'startup', metadata: { mode: settings.appToken ? 'socket' : 'http', port: deps.httpPort } }, 'Slack adapter started');
  return {
    port: deps.port,
    servesHttp: !settings.appToken,
    boundPort,
    stop: async () => {
      await app.stop();
      await background.drain();
    },
  };
}
