import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';

export interface BareBolt {
  /** POST endpoint, e.g. http://127.0.0.1:54321/slack/events */
  url: string;
  stop(): Promise<void>;
}

/**
 * The yardstick for a slash command's ack: a Bolt app with nothing in it but an HTTP receiver
 * configured like ours (same signing secret, same endpoint, processBeforeResponse) and a
 * `/interview` listener that only acks. Started in the same process as our app, so both answer
 * under the same load.
 */
export async function startBareBolt(options: { signingSecret: string; botToken: string; apiUrl: string }): Promise<BareBolt> {
  const receiver = new HTTPReceiver({ signingSecret: options.signingSecret, endpoints: '/slack/events', processBeforeResponse: true, logLevel: LogLevel.ERROR });
  const app = new App({
    token: options.botToken,
    receiver,
    clientOptions: { slackApiUrl: options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/` },
    logLevel: LogLevel.ERROR,
    deferInitialization: true,
  });
  await app.init();
  app.command('/interview', async ({ ack }) => {
    await ack();
  });
  const server = (await app.start(0)) as Server;
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/slack/events`, stop: () => app.stop() as Promise<void> };
}
