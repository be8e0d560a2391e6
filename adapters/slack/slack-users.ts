import type { WebClient } from '@slack/web-api';
import type { ChatUser } from '../../src/chat/inbound.js';

const TTL_MS = 10 * 60_000;

/**
 * Who a Slack user is (display name, admin or owner), from `users.info`, remembered for a few
 * minutes so a busy thread does not look the candidate up on every message. A lookup failure
 * degrades to a plain, non-admin user rather than failing the event.
 */
export class SlackUsers {
  private readonly cache = new Map<string, { user: ChatUser; at: number }>();

  constructor(private readonly client: WebClient) {}

  async get(teamId: string, userId: string): Promise<ChatUser> {
    const key = `${teamId}:${userId}`;
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.user;
    let user: ChatUser = { userId };
    try {
      const info = await this.client.users.info({ user: userId });
      const u = info.user;
      user = { userId, displayName: u?.profile?.display_name || u?.real_name || u?.name || userId, isAdmin: Boolean(u?.is_admin || u?.is_owner) };
    } catch {
      return user;
    }
    this.cache.set(key, { user, at: Date.now() });
    return user;
  }
}
