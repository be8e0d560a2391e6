// `npm run cli -- <command>`: command-line tools. Exit status: 0 done, 1 the command failed
// (a bad transcript file, failing quality checks), 2 a usage error (unknown command, missing or
// extra arguments). Problems go to stderr as one line, without a stack trace.
// Each command imports what it needs when it runs, so help and usage errors answer at once.
import { stat } from 'node:fs/promises';
import { InterviewPlatformError, isPlatformError } from '../domain/errors.js';

interface Command {
  usage: string;
  describe: string;
  /** How many arguments the command takes, and what to say when one is missing. */
  args: { max: number; missing?: string };
  run: (args: string[]) => Promise<void>;
}

const commands: Record<string, Command> = {
  evaluate: {
    usage: 'evaluate FILE',
    describe: 'score a transcript file ({"topic", "durationMinutes", "messages": [{"role", "content"}]}) and print the evaluation as JSON',
    args: { max: 1, missing: 'evaluate needs a transcript FILE' },
    run: async ([file]) => {
      const [{ loadConfig }, { createLogger }, { evaluateFile }] = await Promise.all([
        import('../config/config.js'),
        import('../logging/logger.js'),
        import('./evaluate-command.js'),
      ]);
      const config = loadConfig(process.env);
      // Logs go to stderr so stdout is the JSON alone.
      console.log(await evaluateFile(file!, config, createLogger({ level: 'warn' }, process.stderr)));
    },
  },
  quality: {
    usage: 'quality [DIR]',
    describe: 'score the labeled transcripts (default test/fixtures/quality), run the simulated interviews, print the table and the checks',
    args: { max: 1 },
    run: async ([dir = 'test/fixtures/quality']) => {
      const kind = await kindOfPath(dir);
      if (kind !== 'directory') throw new InterviewPlatformError('INVALID_INPUT', `${dir} ${kind === 'missing' ? 'does not exist' : 'is not a directory'}`);
      const { qualityReport, formatQualityReport } = await import('../evaluation/quality/quality-report.js');
      const { TopicCatalog } = await import('../interviewer/catalog/topic-catalog.js');
      const report = await qualityReport(new TopicCatalog(), dir);
      console.log(formatQualityReport(report));
      if (report.checks.some((c) => !c.ok)) process.exitCode = 1;
    },
  },
  topics: {
    usage: 'topics',
    describe: 'list the interview topics',
    args: { max: 0 },
    run: async () => {
      const { listTopics } = await import('./evaluate-command.js');
      console.log(listTopics());
    },
  },
  migrate: {
    usage: 'migrate',
    describe: 'apply database migrations (same as npm run migrate)',
    args: { max: 0 },
    run: async () => {
      await import('./migrate.js');
    },
  },
  help: {
    usage: 'help [COMMAND]',
    describe: 'show this help (also --help, -h)',
    args: { max: 1 },
    run: async ([name]) => {
      if (name === undefined) console.log(help());
      else if (commands[name]) console.log(commandHelp(commands[name]));
      else usageError(`Unknown command: ${name}`, help());
    },
  },
};

const HELP_FLAGS = new Set(['--help', '-h']);

function help(): string {
  return [
    'Usage: npm run cli -- <command> [arguments]',
    '',
    'Commands:',
    ...Object.values(commands).map((c) => `  ${c.usage.padEnd(16)} ${c.describe}`),
    '',
    'Exit status: 0 done, 1 the command failed, 2 a usage error.',
  ].join('\n');
}

function commandHelp(command: Command): string {
  return `Usage: npm run cli -- ${command.usage}\n  ${command.describe}`;
}

/** A usage error: one line saying what is wrong, then the usage, on stderr; exit status 2. */
function usageError(message: string, usage: string): void {
  console.error(`${message}\n${usage}`);
  process.exitCode = 2;
}

async function kindOfPath(path: string): Promise<'directory' | 'other' | 'missing'> {
  return stat(path).then(
    (s) => (s.isDirectory() ? 'directory' : 'other'),
    () => 'missing',
  );
}

/** The error as one line: a platform error's user message, otherwise the message alone (no stack). */
function describeError(error: unknown): string {
  const text = isPlatformError(error) ? error.userMessage : error instanceof Error ? error.message : String(error);
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

async function main(argv: string[]): Promise<void> {
  const [name, ...args] = argv;
  if (name === undefined || HELP_FLAGS.has(name)) {
    console.log(help());
    return;
  }
  const command = commands[name];
  if (!command) return usageError(`Unknown command: ${name}`, help());
  if (args.some((a) => HELP_FLAGS.has(a))) {
    console.log(commandHelp(command));
    return;
  }
  const usage = `Usage: npm run cli -- ${command.usage}`;
  const option = args.find((a) => a.startsWith('-') && a !== '-');
  if (option) return usageError(`${name}: unknown option ${option}`, usage);
  if (args.length === 0 && command.args.missing) return usageError(command.args.missing, usage);
  if (args.length > command.args.max) return usageError(`${name}: too many arguments (${args.slice(command.args.max).join(' ')})`, usage);
  try {
    await command.run(args);
  } catch (error) {
    console.error(describeError(error));
    process.exitCode = 1;
  }
}

await main(process.argv.slice(2));
