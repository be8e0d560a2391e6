// The WebSocket half of the Discord fake: speaks just enough of gateway v10 (JSON encoding, no
// compression) for the real `@discordjs/ws` shard used by discord.js — HELLO, heartbeats,
// IDENTIFY → READY, RESUME with replay of missed dispatches, INVALID_SESSION, RECONNECT.
import type { IncomingMessage, Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { WebSocketServer, WebSocket, type RawData } from 'ws';

/** Gateway opcodes used here (https://discord.com/developers/docs/topics/opcodes-and-status-codes). */
export const GatewayOp = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  PresenceUpdate: 3,
  VoiceStateUpdate: 4,
  Resume: 6,
  Reconnect: 7,
  RequestGuildMembers: 8,
  InvalidSession: 9,
  Hello: 10,
  HeartbeatAck: 11,
} as const;

export interface GatewayPayload {
  op: number;
  d: unknown;
  s?: number | null;
  t?: string | null;
}

export interface IdentifyRecord {
  token: string;
  intents: number;
  shard: unknown;
  properties: unknown;
  /** `compress` flag the client asked for (discord.js sends false when zlib-sync is absent). */
  compress: unknown;
  sessionId: string;
  at: number;
}

export interface ResumeRecord {
  sessionId: string;
  seq: number | null;
  /** False when the session was unknown/invalidated and INVALID_SESSION was sent instead. */
  accepted: boolean;
  /** How many missed dispatches were replayed before RESUMED. */
  replayed: number;
  at: number;
}

/** One payload received from a client, in arrival order (heartbeats included). */
export interface ReceivedPayload {
  op: number;
  d: unknown;
  sessionId: string | null;
  at: number;
}

interface Dispatch {
  s: number;
  t: string;
  d: unknown;
}

export interface GatewaySession {
  readonly id: string;
  readonly token: string;
  readonly intents: number;
  /** Last sequence number assigned to a dispatch of this session. */
  seq: number;
  /** Every dispatch of the session, kept for RESUME replay. */
  readonly history: Dispatch[];
  socket: WebSocket | null;
  /** Still resumable (false after the client closed with 1000/1001 or `invalidateSessions`). */
  resumable: boolean;
  /** `[shard_id, num_shards]` from IDENTIFY; null for an unsharded connection. */
  readonly shard: [number, number] | null;
}

/** Discord's routing: a guild's events go to shard `(guild_id >> 22) % num_shards`; DMs to shard 0. */
export function shardOwns(shard: [number, number] | null, guildId: string | undefined): boolean {
  if (!shard || shard[1] <= 1) return true;
  const id = guildId ? Number((BigInt(guildId) >> 22n) % BigInt(shard[1])) : 0;
  return id === shard[0];
}

export interface GatewayHooks {
  /** Token check for IDENTIFY / RESUME; return false to close with 4004. */
  acceptToken(token: string): boolean;
  /** False for intents the application may not use: closes with 4014, as for an unapproved privileged intent. */
  acceptIntents(intents: number): boolean;
  /** The dispatches to send after IDENTIFY: READY first, then e.g. GUILD_CREATE per guild. */
  onIdentify(session: { id: string; resumeUrl: string; intents: number; shard: [number, number] | null }): Array<{ t: string; d: unknown }>;
  /** Reply to op 8; return the GUILD_MEMBERS_CHUNK payloads. */
  onRequestGuildMembers(d: Record<string, unknown>): Array<Record<string, unknown>>;
  unexpected(message: string): void;
}

export interface FakeGatewayOptions {
  heartbeatIntervalMs: number;
  wsUrl: string;
}

interface Connection {
  socket: WebSocket;
  session: GatewaySession | null;
}

/** Close codes the client uses when it does not want to resume (the session ends). */
const SESSION_ENDING_CLIENT_CLOSE_CODES = new Set([1000, 1001]);

export class FakeGateway {
  readonly identifies: IdentifyRecord[] = [];
  readonly resumes: ResumeRecord[] = [];
  readonly received: ReceivedPayload[] = [];
  readonly sessions: GatewaySession[] = [];
  /** WebSocket connections accepted so far (reconnects included). */
  connectionCount = 0;
  /** Set to false to stop answering heartbeats (the client then treats the connection as a zombie). */
  ackHeartbeats = true;
  /** While true, every new gateway connection is cut at once (Discord's gateway unreachable). */
  refuseConnections = false;

  private readonly wss: WebSocketServer;
  private readonly connections = new Set<Connection>();

  constructor(
    server: Server,
    private readonly options: FakeGatewayOptions,
    private readonly hooks: GatewayHooks,
  ) {
    this.wss = new WebSocketServer({ server });
    this.wss.on('connection', (socket, req) => this.onConnection(socket, req));
  }

  /** Sessions that can still receive dispatches (connected, or dropped but resumable). */
  liveSessions(): GatewaySession[] {
    return this.sessions.filter((s) => s.resumable);
  }

  /** Sessions with an open, identified/resumed socket right now. */
  connectedSessions(): GatewaySession[] {
    return this.sessions.filter((s) => s.resumable && s.socket?.readyState === WebSocket.OPEN);
  }

  /**
   * Assigns a sequence number in every live session and sends it where connected; sessions whose
   * socket is down keep it for replay on RESUME. `d` may be a function of the session (e.g. to
   * apply intents); returning undefined skips that session. Returns how many sessions got it.
   */
  dispatch(t: string, d: unknown | ((session: GatewaySession) => unknown)): number {
    let count = 0;
    for (const session of this.liveSessions()) {
      const data = typeof d === 'function' ? (d as (s: GatewaySession) => unknown)(session) : d;
      if (data === undefined) continue;
      // Sharded connections get only their guilds' events, as from Discord.
      const guildId = (data as { guild_id?: unknown; id?: unknown } | null)?.guild_id ?? (t === 'GUILD_CREATE' ? (data as { id?: unknown }).id : undefined);
      if (!shardOwns(session.shard, typeof guildId === 'string' ? guildId : undefined)) continue;
      this.dispatchTo(session, t, data);
      count++;
    }
    return count;
  }

  /** Closes every client socket; sessions stay resumable so discord.js resumes. */
  dropConnections(opts: { code?: number; abrupt?: boolean } = {}): number {
    let dropped = 0;
    for (const conn of this.connections) {
      if (conn.socket.readyState !== WebSocket.OPEN) continue;
      dropped++;
      if (conn.session && conn.session.socket === conn.socket) conn.session.socket = null;
      if (opts.abrupt) conn.socket.terminate();
      else conn.socket.close(opts.code ?? 4000, 'fake: connection dropped');
    }
    return dropped;
  }

  /** Makes every existing session non-resumable: the next RESUME gets INVALID_SESSION (d: false). */
  invalidateSessions(): void {
    for (const s of this.sessions) s.resumable = false;
  }

  /** Sends op 7 RECONNECT; discord.js closes and resumes. */
  requestReconnect(): void {
    for (const conn of this.connections) {
      if (conn.socket.readyState === WebSocket.OPEN) this.send(conn.socket, { op: GatewayOp.Reconnect, d: null });
    }
  }

  async close(): Promise<void> {
    for (const conn of this.connections) conn.socket.terminate();
    this.connections.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private onConnection(socket: WebSocket, req: IncomingMessage): void {
    this.connectionCount++;
    if (this.refuseConnections) {
      socket.terminate();
      return;
    }
    const conn: Connection = { socket, session: null };
    this.connections.add(conn);
    const url = new URL(req.url ?? '/', 'ws://fake');
    if (url.searchParams.get('v') !== '10' || url.searchParams.get('encoding') !== 'json') {
      this.hooks.unexpected(`gateway: connected with query ${url.search} (want v=10&encoding=json)`);
      socket.close(4012, 'Invalid API version');
      return;
    }
    if (url.searchParams.has('compress')) {
      this.hooks.unexpected(`gateway: transport compression ${url.searchParams.get('compress')} is not supported`);
      socket.close(4000, 'fake: compression unsupported');
      return;
    }
    socket.on('message', (data, isBinary) => this.onMessage(conn, data, isBinary));
    socket.on('close', (code) => {
      this.connections.delete(conn);
      const session = conn.session;
      if (!session || session.socket !== socket) return;
      session.socket = null;
      if (SESSION_ENDING_CLIENT_CLOSE_CODES.has(code)) session.resumable = false;
    });
    socket.on('error', () => undefined);
    this.send(socket, { op: GatewayOp.Hello, d: { heartbeat_interval: this.options.heartbeatIntervalMs }, s: null, t: null });
  }

  private onMessage(conn: Connection, data: RawData, isBinary: boolean): void {
    let payload: GatewayPayload;
    try {
      if (isBinary) throw new Error('binary frame');
      payload = JSON.parse(rawToString(data)) as GatewayPayload;
    } catch {
      this.hooks.unexpected(`gateway: undecodable frame ${rawToString(data).slice(0, 200)}`);
      conn.socket.close(4002, 'Decode error');
      return;
    }
    this.received.push({ op: payload.op, d: payload.d, sessionId: conn.session?.id ?? null, at: Date.now() });
    switch (payload.op) {
      case GatewayOp.Heartbeat:
        if (this.ackHeartbeats) this.send(conn.socket, { op: GatewayOp.HeartbeatAck, d: null });
        return;
      case GatewayOp.Identify:
        this.onIdentify(conn, (payload.d ?? {}) as Record<string, unknown>);
        return;
      case GatewayOp.Resume:
        this.onResume(conn, (payload.d ?? {}) as Record<string, unknown>);
        return;
      case GatewayOp.PresenceUpdate:
      case GatewayOp.VoiceStateUpdate:
        return;
      case GatewayOp.RequestGuildMembers: {
        if (!conn.session) return;
        for (const chunk of this.hooks.onRequestGuildMembers((payload.d ?? {}) as Record<string, unknown>)) {
          this.dispatchTo(conn.session, 'GUILD_MEMBERS_CHUNK', chunk);
        }
        return;
      }
      default:
        this.hooks.unexpected(`gateway: unknown opcode ${payload.op} ${JSON.stringify(payload.d).slice(0, 200)}`);
        conn.socket.close(4001, 'Unknown opcode');
    }
  }

  private onIdentify(conn: Connection, d: Record<string, unknown>): void {
    if (conn.session) {
      this.hooks.unexpected('gateway: IDENTIFY sent twice on one connection');
      conn.socket.close(4005, 'Already authenticated');
      return;
    }
    const token = typeof d.token === 'string' ? d.token : '';
    if (!this.hooks.acceptToken(token)) {
      this.hooks.unexpected('gateway: IDENTIFY with a wrong token');
      conn.socket.close(4004, 'Authentication failed');
      return;
    }
    const intents = typeof d.intents === 'number' ? d.intents : 0;
    if (!this.hooks.acceptIntents(intents)) {
      conn.socket.close(4014, 'Disallowed intent(s).');
      return;
    }
    const session: GatewaySession = {
      id: randomBytes(16).toString('hex'),
      token,
      intents,
      seq: 0,
      history: [],
      socket: conn.socket,
      resumable: true,
      shard: Array.isArray(d.shard) && d.shard.length === 2 ? [Number(d.shard[0]), Number(d.shard[1])] : null,
    };
    this.sessions.push(session);
    conn.session = session;
    this.identifies.push({
      token,
      intents,
      shard: d.shard,
      properties: d.properties,
      compress: d.compress,
      sessionId: session.id,
      at: Date.now(),
    });
    for (const { t, d: data } of this.hooks.onIdentify({ id: session.id, resumeUrl: this.options.wsUrl, intents, shard: session.shard })) {
      this.dispatchTo(session, t, data);
    }
  }

  private onResume(conn: Connection, d: Record<string, unknown>): void {
    const sessionId = typeof d.session_id === 'string' ? d.session_id : '';
    const seq = typeof d.seq === 'number' ? d.seq : null;
    const token = typeof d.token === 'string' ? d.token : '';
    const session = this.sessions.find((s) => s.id === sessionId);
    if (!this.hooks.acceptToken(token)) {
      this.hooks.unexpected('gateway: RESUME with a wrong token');
      conn.socket.close(4004, 'Authentication failed');
      return;
    }
    if (!session || !session.resumable || session.token !== token) {
      this.resumes.push({ sessionId, seq, accepted: false, replayed: 0, at: Date.now() });
      this.send(conn.socket, { op: GatewayOp.InvalidSession, d: false });
      return;
    }
    // A stale socket still attached to the session (e.g. half-open) is replaced.
    if (session.socket && session.socket !== conn.socket && session.socket.readyState === WebSocket.OPEN) {
      session.socket.close(4000, 'fake: session resumed elsewhere');
    }
    session.socket = conn.socket;
    conn.session = session;
    const missed = session.history.filter((e) => e.s > (seq ?? 0));
    for (const e of missed) this.send(conn.socket, { op: GatewayOp.Dispatch, s: e.s, t: e.t, d: e.d });
    this.resumes.push({ sessionId, seq, accepted: true, replayed: missed.length, at: Date.now() });
    this.dispatchTo(session, 'RESUMED', null);
  }

  private dispatchTo(session: GatewaySession, t: string, d: unknown): void {
    const entry: Dispatch = { s: ++session.seq, t, d };
    session.history.push(entry);
    if (session.socket?.readyState === WebSocket.OPEN) {
      this.send(session.socket, { op: GatewayOp.Dispatch, s: entry.s, t, d });
    }
  }

  private send(socket: WebSocket, payload: GatewayPayload): void {
    if (socket.readyState !== WebSocket.OPEN) return;
    socket.send(JSON.stringify({ s: null, t: null, ...payload }));
  }
}

function rawToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

/** Random hex, used for session ids and interaction tokens. */
export function randomToken(bytes = 24): string {
  return randomBytes(bytes).toString('hex');
}
