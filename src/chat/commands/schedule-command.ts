import { InterviewPlatformError } from '../../domain/errors.js';
import type { Actor } from '../../domain/types.js';
import type { ScheduleService } from '../../schedules/schedule-service.js';
import { describeRun, parseScheduleSpec, SCHEDULE_EXAMPLES, type ScheduleSpec } from '../../schedules/schedule-spec.js';
import type { ChannelRef } from '../../storage/channel-settings-repository.js';
import type { OutboundMessage } from '../outbound-message.js';
import { notice } from '../views.js';
import type { Refusal } from './refusal.js';

// `/interview schedule <when> <HH:MM> <zone>`, `schedule list`, `schedule cancel N`.

export type ScheduleCommand =
  | { name: 'schedule'; action: 'create'; spec: ScheduleSpec }
  | { name: 'schedule'; action: 'list' }
  | { name: 'schedule'; action: 'cancel'; position: number };


export function parseSchedule(words: string[]): ScheduleCommand | Refusal {
  const first = words[0]?.toLowerCase();
  if (first === undefined) return { name: 'schedule', action: 'list' };
  if (first === 'list') return words.length === 1 ? { name: 'schedule', action: 'list' } : { name: 'help', problem: '`schedule list` takes no arguments.' };
  if (first === 'cancel') {
    const n = words.length === 2 && /^\d{1,4}$/.test(words[1]!) ? Number(words[1]) : 0;
    return n >= 1 ? { name: 'schedule', action: 'cancel', position: n } : { name: 'help', problem: '`schedule cancel` takes the number `/interview schedule list` gives a schedule, like `schedule cancel 1`.' };
  }
  const parsed = parseScheduleSpec(words.join(' '));
  return parsed.ok ? { name: 'schedule', action: 'create', spec: parsed.spec } : { name: 'help', problem: parsed.problem };
}

function adminsOnly(actor: Actor, what: string): void {
  if (actor.kind === 'admin') return;
  throw new InterviewPlatformError('FORBIDDEN', `${actor.userId} may not ${what}`, {
    userMessage: `Only workspace admins can ${what}. \`/interview schedule list\` shows this channel's schedules.`,
    context: { actor: actor.userId },
  });
}

/** Creating and cancelling are for workspace admins; anyone may list. Answers privately. */
export async function handleScheduleCommand(schedules: ScheduleService, channel: ChannelRef, actor: Actor, command: ScheduleCommand): Promise<OutboundMessage> {
  switch (command.action) {
    case 'create': {
      adminsOnly(actor, 'schedule practice');
      const { next } = await schedules.create(channel, command.spec, actor.userId);
      return notice(`Scheduled practice in this channel: **${command.spec.text}**. Next prompt: ${describeRun(next, command.spec.tz)}. \`/interview schedule list\` shows the schedules, \`/interview schedule cancel N\` stops one.`);
    }
    case 'list': {
      const list = await schedules.list(channel);
      if (list.length === 0) return notice(`No practice is scheduled in this channel. Admins schedule it with ${SCHEDULE_EXAMPLES}.`);
      const lines = list.map(({ schedule, next }, i) => `${i + 1}. ${schedule.spec}: next ${describeRun(next, schedule.tz)}`);
      return notice(['**Scheduled practice in this channel**', ...lines, 'Admins stop one with `/interview schedule cancel N`.'].join('\n'));
    }
    case 'cancel': {
      adminsOnly(actor, 'cancel scheduled practice');
      const cancelled = await schedules.cancel(channel, command.position);
      if (!cancelled) return notice(`This channel has no schedule number ${command.position}; \`/interview schedule list\` numbers them.`, 'warning');
      return notice(`Cancelled schedule ${command.position}: ${cancelled.spec}. No more prompts from it.`);
    }
  }
}
