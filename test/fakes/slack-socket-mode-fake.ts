import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { SlackFake } from './slack-web-api-fake.js';

/**
 * Slack's Socket Mode, locally: `apps.connections.open` on the Web API fake hands out this
 * WebSocket server's address; the server says hello, pushes envelopes (slash commands, events,
 * interactive payloads) and records the client's acknowledgements. A message it cannot parse
 * or an ack for an unknown envelope is recorded in `unexpected`.
 */
export interface SocketModeFake {
  connections(): number;
  /** Sends an envelope and resolves with the client's ack payload. */
  send(type: 'slash_commands' | 'events_api' | 'interactive', payload: Record<string, unknown>, timeoutMs?: number): Promise<unknown>;
  unexpected: string[];
  close(): Promise<void>;
}

export async function startSocketModeFake(slack: SlackFake): Promise<SocketModeFake> {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/link`;
  const sockets = new Set<WebSocket>();
  const pending = new Map<string, (payload: unknown) => void>();
  const unexpected: string[] = [];
  slack.setHandler('apps.connections.open', () => ({ ok: true, url }));

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('message', (raw) => {
      let message: { envelope_id?: string; payload?: unknown };
      try {
        message = JSON.parse(String(raw)) as typeof message;
      } catch {
        unexpected.push(`not JSON: ${String(raw).slice(0, 200)}`);
        return;
      }
      const resolve = message.envelope_id ? pending.get(message.envelope_id) : undefined;
      if (!resolve) {
        unexpected.push(`ack for unknown envelope: ${String(raw).slice(0, 200)}`);
        return;
      }
      pending.delete(message.envelope_id!);
      resolve(message.payload);
    });
    socket.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake' }, connection_info: { app_id: 'A_FAKE' } }));
  });

  return {
    connections: () => sockets.size,
    unexpected,
    send(type, payload, timeoutMs = 3_000) {
      const id = randomUUID();
      const socket = [...sockets][0];
      if (!socket) return Promise.reject(new Error('no Socket Mode client connected'));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ack for ${type} within ${timeoutMs}ms`)), timeoutMs);
        pending.set(id, (ack) => {
          clearTimeout(timer);
          resolve(ack);
        });
        socket.send(JSON.stringify({ envelope_id: id, type, payload, accepts_response_payload: type !== 'events_api', retry_attempt: 0, retry_reason: '' }));
      });
    },
    async close() {
      for (const socket of sockets) socket.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
