import { REST, Routes } from 'discord.js';
import { interviewCommand } from './interview-command.js';

/**
 * Installs /interview, globally or in one guild (instant, good for trying it out). A bulk
 * overwrite, so running it again changes nothing.
 */
export async function registerCommands(settings: { token: string; applicationId: string; guildId?: string; apiUrl?: string }): Promise<number> {
  const rest = new REST({ version: '10', ...(settings.apiUrl ? { api: settings.apiUrl.replace(/\/$/, '') } : {}) }).setToken(settings.token);
  const route = settings.guildId ? Routes.applicationGuildCommands(settings.applicationId, settings.guildId) : Routes.applicationCommands(settings.applicationId);
  const saved = (await rest.put(route, { body: [interviewCommand()] })) as unknown[];
  return saved.length;
}
