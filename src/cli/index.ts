// `npm run cli -- <command>`: command-line tools.
import { loadConfig } from '../config/config.js';
import { isPlatformError } from '../domain/errors.js';
import { createLogger } from '../logging/logger.js';
import { evaluateFile, listTopics } from './evaluate-command.js';

const commands: Record<string, { usage: string; describe: string; run: (args: string[]) => Promise<void> }> = {
  evaluate: {
    usage: 'evaluate FILE',
    describe: 'score a transcript file ({"topic", "durationMinutes", "messages": [{"role", "content"}]}) and print the evaluation as JSON',
    run: async ([file]) => {
      if (!file) throw new Error('evaluate needs a transcript FILE');
      const config = loadConfig(process.env);
      // Logs go to stderr so stdout is the JSON alone.
      console.log(await evaluateFile(file, config, createLogger({ level: 'warn' }, process.stderr)));
    },
  },
  quality: {
    usage: 'quality [DIR]',
    describe: 'score the labeled transcripts (default test/fixtures/quality), run the simulated interviews, print the table and the checks',
    run: async ([dir]) => {
      const { qualityReport, formatQualityReport } = await import('../evaluation/quality/quality-report.js');
      const { TopicCatalog } = await import('../interviewer/catalog/topic-catalog.js');
      const report = await qualityReport(new TopicCatalog(), dir ?? 'test/fixtures/quality');
      console.log(formatQualityReport(report));
      if (report.checks.some((c) => !c.ok)) process.exitCode = 1;
    },
  },
  topics: {
    usage: 'topics',
    describe: 'list the interview topics',
    run: async () => console.log(listTopics()),
  },
  migrate: {
    usage: 'migrate',
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
  for (const value of Object.values(commands)) console.log(`  ${value.usage.padEnd(16)} ${value.describe}`);
  process.exitCode = name ? 1 : 0;
} else {
  try {
    await command.run(args);
  } catch (error) {
    console.error(isPlatformError(error) ? error.userMessage : error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
