/** The help lines for channel settings and scheduled practice (Slack and Discord). */
export const TEAM_HELP_LINES = [
  '- `/interview channel`: this channel\'s settings; admins change them with `channel template|duration|topics|starters|observers ...`',
  '- `/interview schedule weekdays 10:00 Europe/Berlin` (admins): post a practice prompt on a schedule; `schedule list`, `schedule cancel N`',
];
