import { SlashCommandBuilder, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { MAX_MINUTES, MAX_PAGE, MIN_MINUTES } from '../../src/chat/command-grammar.js';

/**
 * `/interview` as a Discord application command: subcommands with typed options (topic with
 * autocomplete, minutes as a bounded integer, template as choices). The same grammar as the
 * core's text form, which the adapter rebuilds from these options.
 */
export function interviewCommand(): RESTPostAPIChatInputApplicationCommandsJSONBody {
  return new SlashCommandBuilder()
    .setName('interview')
    .setDescription('Mock system-design interviews')
    .setDMPermission(false)
    .addSubcommand((c) =>
      c
        .setName('start')
        .setDescription('Start an interview in a new thread')
        .addStringOption((o) => o.setName('topic').setDescription('What to design, e.g. url shortener').setAutocomplete(true).setMaxLength(100))
        .addIntegerOption((o) => o.setName('minutes').setDescription('How long').setMinValue(MIN_MINUTES).setMaxValue(MAX_MINUTES))
        // Autocompleted (not fixed choices): the built-in templates and this server's own.
        .addStringOption((o) => o.setName('template').setDescription('Interview style: standard, quick, deep-dive or one of this server\'s').setAutocomplete(true).setMaxLength(32)),
    )
    .addSubcommand((c) => c.setName('pause').setDescription('Pause your interview (stops the clock)'))
    .addSubcommand((c) => c.setName('resume').setDescription('Resume your paused interview'))
    .addSubcommand((c) => c.setName('end').setDescription('End your interview and get the evaluation'))
    .addSubcommand((c) => c.setName('status').setDescription('Time used and left, current phase'))
    .addSubcommand((c) => c.setName('history').setDescription('Your past interviews').addIntegerOption((o) => o.setName('page').setDescription('Page').setMinValue(1).setMaxValue(MAX_PAGE)))
    .addSubcommand((c) =>
      c
        .setName('show')
        .setDescription('Show an evaluation again, privately')
        .addStringOption((o) => o.setName('which').setDescription('Its number in your history (1 = most recent) or an interview id').setMaxLength(64)),
    )
    .addSubcommand((c) =>
      c
        .setName('export')
        .setDescription('Your interview as a Markdown file (transcript, evaluation, chart), privately')
        .addStringOption((o) => o.setName('which').setDescription('Its number in your history (1 = most recent) or an interview id').setMaxLength(64)),
    )
    .addSubcommand((c) =>
      c
        .setName('replay')
        .setDescription('A condensed timeline of your interview, in its thread')
        .addStringOption((o) => o.setName('which').setDescription('Its number in your history (1 = most recent) or an interview id').setMaxLength(64)),
    )
    .addSubcommand((c) =>
      c
        .setName('share')
        .setDescription('Post your score, band and top strengths in the channel')
        .addStringOption((o) => o.setName('which').setDescription('Its number in your history (1 = most recent) or an interview id').setMaxLength(64)),
    )
    .addSubcommand((c) => c.setName('topics').setDescription('Topics you can practise'))
    .addSubcommand((c) =>
      c
        .setName('stats')
        .setDescription('Your progress, or a teammate\'s, privately')
        .addUserOption((o) => o.setName('user').setDescription('Whose progress (default: yours)')),
    )
    .addSubcommand((c) =>
      c
        .setName('leaderboard')
        .setDescription("This channel's leaderboard, privately; or leave or rejoin leaderboards")
        .addStringOption((o) =>
          o
            .setName('period')
            .setDescription('Which period (default: this week), or opt out / in')
            .addChoices(
              { name: 'This week', value: 'week' },
              { name: 'This month', value: 'month' },
              { name: 'All time', value: 'all' },
              { name: 'Opt out of leaderboards', value: 'opt-out' },
              { name: 'Opt back in', value: 'opt-in' },
            ),
        ),
    )
    .addSubcommand((c) => c.setName('help').setDescription('How to use the bot'))
    .addSubcommand((c) => c.setName('retry-evaluation').setDescription('Try your failed evaluation again'))
    .addSubcommand((c) => c.setName('redeliver').setDescription('Post again what the bot could not post in your interview thread'))
    .addSubcommand((c) =>
      c
        .setName('profile')
        .setDescription('Your role, experience, focus areas and resume (private) for the interviewer')
        .addBooleanOption((o) => o.setName('show').setDescription('Show your saved profile instead of editing it')),
    )
    .addSubcommand((c) => c.setName('forget-me').setDescription('Delete your profile, interviews and stats in this server (asks first)'))
    .addSubcommand((c) =>
      c
        .setName('channel')
        .setDescription("This channel's practice settings (admins change them)")
        .addStringOption((o) => o.setName('args').setDescription('e.g. template quick, topics rotate url-shortener,rate-limiter, starters @a @b').setMaxLength(500)),
    )
    .addSubcommand((c) =>
      c
        .setName('template')
        .setDescription("This server's interview templates (admins add and remove)")
        .addStringOption((o) => o.setName('args').setDescription('e.g. list, remove backend-senior, add backend-senior duration=50 phases=requirements:20,...').setMaxLength(1000)),
    )
    .addSubcommand((c) =>
      c
        .setName('schedule')
        .setDescription('Scheduled practice prompts in this channel')
        .addStringOption((o) => o.setName('args').setDescription('e.g. weekdays 10:00 Europe/Berlin, list, cancel 1').setMaxLength(500)),
    )
    .toJSON();
}

/** The core's `/interview` text for the options Discord parsed. */
export function commandText(
  subcommand: string,
  options: { topic?: string | null; minutes?: number | null; template?: string | null; page?: number | null; which?: string | null; args?: string | null; user?: string | null; period?: string | null },
): string {
  const parts = [subcommand];
  if (subcommand === 'start') parts.push(options.topic ?? '', options.minutes ? String(options.minutes) : '', options.template ?? '');
  if (subcommand === 'history' && options.page) parts.push(String(options.page));
  if (['show', 'export', 'replay', 'share'].includes(subcommand) && options.which) parts.push(options.which);
  if (subcommand === 'stats' && options.user) parts.push(`<@${options.user}>`);
  if (subcommand === 'leaderboard' && options.period) parts.push(options.period);
  if ((subcommand === 'channel' || subcommand === 'schedule' || subcommand === 'template') && options.args) parts.push(options.args);
  return parts.filter(Boolean).join(' ');
}
