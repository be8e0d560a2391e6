import { namesOf } from '../../channels/channel-policy.js';
import { DEFAULT_CHANNEL_SETTINGS, topicOfTheDay, type ChannelSettings } from '../../channels/channel-settings.js';
import { InterviewPlatformError } from '../../domain/errors.js';
import type { Actor, InterviewTemplate } from '../../domain/types.js';
import type { TopicCatalog } from '../../interviewer/catalog/topic-catalog.js';
import type { ChannelRef } from '../../storage/channel-settings-repository.js';
import type { OutboundMessage } from '../outbound-message.js';
import { notice } from '../views.js';
import type { Refusal } from './refusal.js';

// `/interview channel ...`: show (anyone) or change (workspace admins) the channel's settings.

export type ChannelChange =
  /** `customTemplate`: a workspace template's name (then `template` is null). */
  | { field: 'template'; template: InterviewTemplate | null; customTemplate?: string }
  | { field: 'duration'; minutes: number | null }
  | { field: 'topics'; mode: 'any' }
  | { field: 'topics'; mode: 'rotate' | 'fixed'; topics: string[] }
  | { field: 'starters'; mode: 'everyone' }
  | { field: 'starters'; mode: 'list'; userIds: string[] }
  | { field: 'observers'; observers: 'keep' | 'drop' };

export type ChannelCommand = { name: 'channel'; change: ChannelChange | null };

const USAGE =
  'I read `channel` (shows the settings), `channel template quick|standard|deep-dive|default`, `channel duration 30|default`, `channel topics rotate url-shortener,rate-limiter`, `channel topics fixed a,b`, `channel topics any`, `channel starters everyone`, `channel starters @someone @someone-else`, `channel observers keep|drop`.';
const TEMPLATES: Record<string, InterviewTemplate> = { quick: 'quick', standard: 'standard', 'deep-dive': 'deep-dive', deepdive: 'deep-dive' };
/** `<@U123>`, `<@U123|name>` (Slack), `<@123>`, `<@!123>` (Discord), or a bare id. */
const MENTION = /^<@!?([A-Za-z0-9_]{2,32})(?:\|[^>]{0,80})?>$/;
const BARE_ID = /^(?:[UW][A-Z0-9_]{2,31}|\d{5,20})$/;

const refuse = (problem: string): Refusal => ({ name: 'help', problem: `${problem} ${USAGE}` });

/** `customTemplates`: the workspace's own template names, which `channel template` takes too. */
export function parseChannel(words: string[], customTemplates: ReadonlySet<string> = new Set()): ChannelCommand | Refusal {
  if (words.length === 0) return { name: 'channel', change: null };
  const field = words[0]!.toLowerCase();
  const rest = words.slice(1);
  const one = (): string | null => (rest.length === 1 ? rest[0]!.toLowerCase() : null);
  switch (field) {
    case 'template': {
      const word = one();
      if (word === 'default') return { name: 'channel', change: { field: 'template', template: null } };
      if (word !== null && customTemplates.has(word)) return { name: 'channel', change: { field: 'template', template: null, customTemplate: word } };
      if (word === null || !Object.hasOwn(TEMPLATES, word)) return refuse('`channel template` takes one of `quick`, `standard`, `deep-dive` or `default`.');
      return { name: 'channel', change: { field: 'template', template: TEMPLATES[word]! } };
    }
    case 'duration': {
      const word = one();
      if (word === 'default') return { name: 'channel', change: { field: 'duration', minutes: null } };
      const minutes = word !== null && /^\d{1,3}(?:m|min|mins|minutes)?$/.test(word) ? parseInt(word, 10) : NaN;
      if (!(minutes >= 5 && minutes <= 180)) return refuse('`channel duration` takes whole minutes from 5 to 180 (or `default`).');
      return { name: 'channel', change: { field: 'duration', minutes } };
    }
    case 'topics': {
      const mode = rest[0]?.toLowerCase();
      if (mode === 'any' && rest.length === 1) return { name: 'channel', change: { field: 'topics', mode: 'any' } };
      if (mode !== 'rotate' && mode !== 'fixed') return refuse('`channel topics` is followed by `rotate`, `fixed` or `any`.');
      const topics = rest.slice(1).join(' ').split(',').map((t) => t.trim()).filter(Boolean);
      if (topics.length === 0) return refuse(`\`channel topics ${mode}\` needs topics, separated by commas (\`/interview topics\` lists them).`);
      if (topics.length > 50) return refuse('At most 50 topics.');
      return { name: 'channel', change: { field: 'topics', mode, topics } };
    }
    case 'starters': {
      if (rest.length === 1 && rest[0]!.toLowerCase() === 'everyone') return { name: 'channel', change: { field: 'starters', mode: 'everyone' } };
      if (rest.length === 0) return refuse('`channel starters` is followed by `everyone` or the people who may start, as mentions.');
      if (rest.length > 100) return refuse('At most 100 people.');
      const userIds: string[] = [];
      for (const word of rest) {
        const id = MENTION.exec(word)?.[1] ?? (BARE_ID.test(word) ? word : null);
        if (id === null) return refuse(`\`${word.slice(0, 40)}\` is not a mention of someone.`);
        if (!userIds.includes(id)) userIds.push(id);
      }
      return { name: 'channel', change: { field: 'starters', mode: 'list', userIds } };
    }
    case 'observers': {
      const word = one();
      if (word !== 'keep' && word !== 'drop') return refuse('`channel observers` takes `keep` or `drop`.');
      return { name: 'channel', change: { field: 'observers', observers: word } };
    }
    default:
      return refuse(`\`channel ${field.slice(0, 40)}\` is not a setting.`);
  }
}

export interface ChannelCommandDeps {
  catalog: TopicCatalog;
  settings: { get(channel: ChannelRef): Promise<ChannelSettings>; save(channel: ChannelRef, settings: ChannelSettings, at: Date): Promise<void> };
  activeSchedules(channel: ChannelRef): Promise<number>;
  now(): Date;
}

/** Shows the settings, or (admins only) changes one and shows the result. Private either way. */
export async function handleChannelCommand(deps: ChannelCommandDeps, channel: ChannelRef, actor: Actor, command: ChannelCommand): Promise<OutboundMessage> {
  const current = await deps.settings.get(channel);
  if (command.change === null) return notice(await describe(deps, channel, current));
  if (actor.kind !== 'admin') {
    throw new InterviewPlatformError('FORBIDDEN', `${actor.userId} may not change channel settings`, {
      userMessage: 'Only workspace admins can change channel settings. `/interview channel` shows them.',
      context: { actor: actor.userId },
    });
  }
  const next = apply(deps.catalog, current, command.change);
  await deps.settings.save(channel, next, deps.now());
  return notice(`Saved.\n\n${await describe(deps, channel, next)}`);
}

function apply(catalog: TopicCatalog, current: ChannelSettings, change: ChannelChange): ChannelSettings {
  switch (change.field) {
    case 'template': {
      const { customTemplate: _previous, ...rest } = current;
      return change.customTemplate ? { ...rest, template: null, customTemplate: change.customTemplate } : { ...rest, template: change.template };
    }
    case 'duration':
      return { ...current, durationMinutes: change.minutes };
    case 'observers':
      return { ...current, observers: change.observers };
    case 'starters':
      return { ...current, starters: change.mode === 'everyone' ? { mode: 'everyone' } : { mode: 'list', userIds: change.userIds } };
    case 'topics': {
      if (change.mode === 'any') return { ...current, topics: { mode: 'any' } };
      const topicIds: string[] = [];
      for (const text of change.topics) {
        const match = catalog.match(text);
        if (match.kind !== 'found') {
          throw new InterviewPlatformError('INVALID_INPUT', `Unknown topic "${text}"`, {
            userMessage: `I don't have a topic called "${text.slice(0, 100)}"${match.suggestions.length ? `; did you mean ${match.suggestions.slice(0, 3).map((t) => `\`${t.id}\``).join(', ')}?` : '.'} Nothing was changed. (\`/interview topics\` lists them all.)`,
          });
        }
        if (!topicIds.includes(match.topic.id)) topicIds.push(match.topic.id);
      }
      return { ...current, topics: { mode: change.mode, topicIds } };
    }
  }
}

async function describe(deps: ChannelCommandDeps, channel: ChannelRef, s: ChannelSettings): Promise<string> {
  const topics =
    s.topics.mode === 'any'
      ? 'any topic'
      : s.topics.mode === 'rotate'
        ? `a rotation of ${namesOf(deps.catalog, s.topics.topicIds)} (any other may still be named); today's topic: ${namesOf(deps.catalog, [topicOfTheDay(s.topics.topicIds, deps.now())])}`
        : `only ${namesOf(deps.catalog, s.topics.topicIds)}; today's topic: ${namesOf(deps.catalog, [topicOfTheDay(s.topics.topicIds, deps.now())])}`;
  const schedules = await deps.activeSchedules(channel);
  const unchanged = JSON.stringify(s) === JSON.stringify(DEFAULT_CHANNEL_SETTINGS) ? ' (nothing set: the defaults)' : '';
  return [
    `**Channel settings**${unchanged}`,
    `- Template: ${s.customTemplate ?? s.template ?? 'not set (the command\'s, else standard)'}`,
    `- Duration: ${s.durationMinutes === null ? "not set (the template's length)" : `${s.durationMinutes} min`}`,
    `- Topics: ${topics}`,
    `- Who may start interviews: ${s.starters.mode === 'everyone' ? 'everyone' : `admins and ${s.starters.userIds.map((id) => `\`${id}\``).join(', ')}`}`,
    `- Observers' messages in interview threads: ${s.observers === 'keep' ? 'kept in the transcript as notes' : 'not recorded'}`,
    `- Scheduled practice: ${schedules === 0 ? 'none' : `${schedules} active (\`/interview schedule list\`)`}`,
    'Workspace admins change these with `/interview channel template|duration|topics|starters|observers ...`.',
  ].join('\n');
}
