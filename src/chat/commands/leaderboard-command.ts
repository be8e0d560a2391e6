import type { Actor } from '../../domain/types.js';
import type { ProgressService } from '../../progress/progress-service.js';
import type { LeaderboardPeriod } from '../../progress/progress-types.js';
import type { OutboundMessage } from '../outbound-message.js';
import { notice } from '../views.js';

/**
 * `/interview leaderboard [week|month|all]`: the rankings of the channel it is asked in (its
 * interviews' channel), answered privately so a channel is not flooded and nobody is ranked in
 * public by someone else's command; people who opted out are left out.
 */
export async function leaderboardCommand(progress: ProgressService, actor: Actor, channelId: string, period: LeaderboardPeriod): Promise<OutboundMessage> {
  const leaderboard = await progress.leaderboard({ platform: actor.platform, workspaceId: actor.workspaceId, channelId, viewerUserId: actor.userId }, period);
  return { kind: 'leaderboard', leaderboard };
}

/** `/interview leaderboard opt-out` / `opt-in`: for this person in this workspace, every channel. */
export async function leaderboardOptCommand(progress: ProgressService, actor: Actor, optOut: boolean): Promise<OutboundMessage> {
  await progress.setLeaderboardOptOut({ platform: actor.platform, workspaceId: actor.workspaceId, userId: actor.userId, displayName: actor.displayName }, optOut);
  return optOut
    ? notice('You are now left out of leaderboards in this workspace, and your stats are shown only to you. `/interview leaderboard opt-in` undoes it.')
    : notice('You are on leaderboards again in this workspace, and teammates can see your stats. `/interview leaderboard opt-out` leaves again.');
}
