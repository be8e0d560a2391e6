import { networkReason } from '../../src/app/startup-checks.js';
import { InterviewPlatformError } from '../../src/domain/errors.js';
import { App, HTTPReceiver, SocketModeReceiver } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { ChatRouter } from '../../src/chat/chat-router.js';
import type { Logger } from '../../src/logging/logger.js';
import type { AppMetrics } from '../../src/observability/metrics.js';
import { healthHandler, metricsHandler, readyHandler, type Readiness } from '../http/ops-routes.js';
import { BackgroundTasks } from '../background-tasks.js';
import { boltLogger } from './bolt-logger.js';
import { SlackChatPort } from './slack-chat-port.js';
import { ReplayGuard, SignedRequestReplays } from './replay-guard.js';
import { slackHttpGate, startSlackHttpServer, stopHttpServer } from './slack-http-gate.js';
import { registerSlackListeners, tellUnreadable } from './slack-listeners.js';
import { SlackUsers } from './slack-users.js';
import type { ProcessedEventRepository } from '../../src/storage/processed-event-repository.js';
import type { Server } from 'node:http';

const SLACK_EVENTS_PATH = '/slack/events';

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
  /** Socket Mode: whether the WebSocket to Slack is open (`/readyz`); HTTP mode holds no connection. */
  connected(): boolean;
  stop(): Promise<void>;
}

/**
 * Bolt's first call (auth.test, with the bot token) or Socket Mode's (apps.connections.open,
 * with the app token) failed: say which setting to fix.
 */
function explainSlackStartup(error: unknown, settings: SlackSettings, token: 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN' = 'SLACK_BOT_TOKEN'): unknown {
  const code = (error as { data?: { error?: string }; code?: string }).data?.error;
  if (code === 'invalid_auth' || code === 'not_authed' || code === 'account_inactive' || code === 'token_revoked' || code === 'not_allowed_token_type') {
    const where =
      token === 'SLACK_APP_TOKEN'
        ? "copy an App-Level Token (xapp-...) with the connections:write scope again from the app's Basic Information page."
        : "copy the Bot User OAuth Token (xoxb-...) again from the app's OAuth & Permissions page.";
    return new InterviewPlatformError('CONFIG_INVALID', `${token} was rejected by Slack (${code}): ${where}`, { cause: error });
  }
  const unreachable = networkReason(error) ?? networkReason((error as { original?: unknown }).original);
  if (unreachable) {
    return new InterviewPlatformError('CONFIG_INVALID', `Cannot reach Slack (${settings.apiUrl ?? 'slack.com'}): ${unreachable}. Check the network${settings.apiUrl ? ' and SLACK_API_URL' : ''}.`, { cause: error });
  }
  return error;
}

/**
 * The Bolt app: an HTTP receiver at POST /slack/events (with /healthz and /metrics) behind the
 * request gate of `slack-http-gate.ts`, or Socket Mode.
 */
export async function startSlackAdapter(
  settings: SlackSettings,
  deps: {
    router: ChatRouter;
    port: SlackChatPort;
    metrics: AppMetrics;
    logger: Logger;
    readiness: Readiness;
    httpPort: number;
    /**
     * The `processed_events` repository (`store.processedEvents`): replayed slash commands and
     * button presses are then refused across every bot process on the database. Without it the
     * replay check is per process (see `SignedRequestReplays`).
     */
    sharedReplays?: Pick<ProcessedEventRepository, 'markProcessed'>;
  },
): Promise<SlackAdapter> {
  const clientOptions = slackClientOptions(settings, deps.logger);
  const logger = boltLogger(deps.logger);
  let app: App;
  let receiver: HTTPReceiver | undefined;
  let socketReceiver: SocketModeReceiver | undefined;
  if (settings.appToken) {
    // The Socket Mode client takes its Web API options (apps.connections.open) from installerOptions.
    socketReceiver = new SocketModeReceiver({ appToken: settings.appToken, installerOptions: { clientOptions }, logger });
    app = new App({ token: settings.botToken, receiver: socketReceiver, clientOptions, logger, deferInitialization: true, convoStore: false });
  } else {
    receiver = new HTTPReceiver({
      signingSecret: settings.signingSecret!,
      endpoints: SLACK_EVENTS_PATH,
      // Slack hears 200 only after the listener returns, and the listeners return as soon as
      // the event is recorded: an acknowledged message is a stored message.
      processBeforeResponse: true,
      // The gate in front (slack-http-gate.ts) has verified the signature and the timestamp of
      // every request that reaches Bolt on this path; checking again costs each ack a second HMAC.
      signatureVerification: false,
      logger,
      // Served through the same gate (see startSlackHttpServer below), which passes these through.
      customRoutes: [
        { path: '/healthz', method: ['GET'], handler: healthHandler(deps.readiness) },
        { path: '/readyz', method: ['GET'], handler: readyHandler(deps.readiness) },
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
  let server: Server | undefined;
  if (settings.appToken) {
    try {
      await app.start();
    } catch (error) {
      throw explainSlackStartup(error, settings, 'SLACK_APP_TOKEN');
    }
  } else {
    // Not `app.start()`: Bolt's own server would read any body whole before checking it. Our
    // server puts the gate (size, time, signature, shape, replay) in front of Bolt's listener.
    const gate = slackHttpGate({
      receiver: receiver!,
      signingSecret: settings.signingSecret!,
      endpoint: SLACK_EVENTS_PATH,
      logger: deps.logger,
      boltLogger: logger,
      metrics: deps.metrics,
      replays: new SignedRequestReplays(new ReplayGuard(), deps.sharedReplays, deps.logger),
      onUnreadable: (target) => tellUnreadable({ router: deps.router, port: deps.port, background }, target),
    });
    server = await startSlackHttpServer(deps.httpPort, gate);
    const address = server.address();
    boundPort = address && typeof address === 'object' ? address.port : deps.httpPort;
  }
  deps.logger.info({ component: 'SlackAdapter', operation: 'startup', metadata: { mode: settings.appToken ? 'socket' : 'http', port: deps.httpPort } }, 'Slack adapter started');
  return {
    port: deps.port,
    servesHttp: !settings.appToken,
    boundPort,
    connected: () => (socketReceiver ? Boolean(socketReceiver.client.websocket?.isActive()) : true),
    stop: async () => {
      if (server) await stopHttpServer(server);
      else await app.stop();
      await background.drain();
    },
  };
}
