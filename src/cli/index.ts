// `npm run cli -- <command>`: command-line tools. Each command lives in its own module.
const commands: Record<string, { describe: string; run: (args: string[]) => Promise<void> }> = {
  migrate: {
    describe: 'apply database migrations (same as npm run migrate)',
    run: async () => {
      await import('./migrate.js');
    },
  },
};

const [name, ...args] = process.argv.slice(2);
const command = name ? commands[name] : undefined;
if (!command) {
  if (name) console.error(`Unknown command: ${name}\n`);
  console.log('Usage: npm run cli -- <command>\n\nCommands:');
  for (const [key, value] of Object.entries(commands)) console.log(`  ${key.padEnd(12)} ${value.describe}`);
  process.exitCode = name ? 1 : 0;
} else {
  await command.run(args);
}
