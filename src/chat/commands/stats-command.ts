import type { Actor } from '../../domain/types.js';
import type { ProgressService } from '../../progress/progress-service.js';
import type { OutboundMessage } from '../outbound-message.js';
import { notice } from '../views.js';

/**
 * `/interview stats [@user]`, answered privately. Anyone in the workspace may see a teammate's
 * progress (the leaderboard shows as much to the channel), except of someone who opted out of
 * leaderboards: theirs are shown only to them. Everything is scoped to the asker's platform and
 * workspace, so a mention of someone elsewhere finds nothing.
 */
export async function statsCommand(progress: ProgressService, actor: Actor, userId: string | null): Promise<OutboundMessage> {
  const self = userId === null || userId === actor.userId;
  const target = { platform: actor.platform, workspaceId: actor.workspaceId, userId: self ? actor.userId : userId };
  const { view, optedOut } = await progress.stats(target, self ? actor.displayName : undefined);
  if (!self && optedOut) return notice(`${view.displayName} opted out of leaderboards, so their stats are shown only to them.`);
  return { kind: 'stats', stats: view };
}
