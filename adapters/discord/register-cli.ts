// `npm run discord:register`: DISCORD_TOKEN and DISCORD_APPLICATION_ID, plus DISCORD_GUILD_ID for one server.
import { loadConfig } from '../../src/config/config.js';
import { registerCommands } from './register-commands.js';

const config = loadConfig(process.env);
if (!config.discord.token || !config.discord.applicationId) {
  console.error('Set DISCORD_TOKEN and DISCORD_APPLICATION_ID (and DISCORD_GUILD_ID to register in one server).');
  process.exit(1);
}
const count = await registerCommands({ token: config.discord.token, applicationId: config.discord.applicationId, guildId: config.discord.guildId, apiUrl: config.discord.apiUrl });
console.log(`Registered ${count} command(s) ${config.discord.guildId ? `in guild ${config.discord.guildId}` : 'globally (new commands can take up to an hour to appear)'}.`);
