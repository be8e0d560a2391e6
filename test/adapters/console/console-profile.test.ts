import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_SCOPE, runConsole } from '../../../adapters/console/console-adapter.js';
import { ConsoleChatPort } from '../../../adapters/console/console-chat-port.js';
import { composeApp, type App } from '../../../src/app/composition-root.js';
import { ChatPorts } from '../../../src/chat/chat-port.js';
import { loadConfig } from '../../../src/config/config.js';
import { DataStore } from '../../../src/storage/data-store.js';
import { memoryLogger } from '../../support/memory-log.js';
import { seedInterviews } from '../../support/seed-progress.js';

const RESUME = 'Grace Hopper, +1 555 0142. Compilers at Remington Rand; COBOL; distributed batch systems.';

describe('console: /interview profile and forget-me', () => {
  let app: App;
  let dir: string;
  const log = memoryLogger();
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mib-console-profile-'));
  });
  afterAll(async () => {
    await app?.close();
    await rm(dir, { recursive: true, force: true });
  });

  // One terminal for the whole file: the app posts (the opening question, the evaluation) to the port it was built with.
  const output = new PassThrough();
  let printed = '';
  output.on('data', (c) => (printed += String(c)));
  let port: ConsoleChatPort;

  async function run(lines: string[], userId = 'tester'): Promise<string> {
    if (!app) {
      port = new ConsoleChatPort(output, { filesDir: join(dir, 'charts') });
      app = await composeApp(loadConfig({ DATA_DIR: dir }), log.logger, { chat: new ChatPorts().register('console', port) });
    }
    const from = printed.length;
    const input = new PassThrough();
    input.end(`${lines.join('\n')}\n`);
    await runConsole(app.router, port, app.sessions, { input, output, interactive: false, userId, displayName: 'Tester', evaluationTimeoutMs: 10_000 });
    return printed.slice(from);
  }
  const me = { platform: 'console' as const, workspaceId: CONSOLE_SCOPE.workspaceId, userId: 'tester' };
  const store = () => new DataStore(app.infrastructure.database.db);

  it('asks one line per field, saves, keeps a field on an empty line, clears it on `-`, and never prints the resume', async () => {
    const first = await run(['/interview profile', 'Data engineer', '9', 'streaming, storage', RESUME, '/interview profile show', '/quit']);
    expect(first).toContain('Role (e.g. backend engineer) [not set]:');
    expect(first).toContain('Profile saved: Data engineer · 9 years · focus: streaming, storage.');
    expect(first).toContain(`You: (${RESUME.length} characters)`);
    expect(first).toContain(`- Resume: ${RESUME.length} characters, starting "${RESUME}"`.slice(0, 40));
    expect(await store().profiles.get(me)).toMatchObject({ role: 'Data engineer', years: 9, focusAreas: ['streaming', 'storage'], resumeText: RESUME });

    // Enter keeps, `-` clears; a bad value is refused with the reason and nothing changes.
    const second = await run(['/interview profile', '', '-', '', '', '/interview profile', 'Data engineer', '61', '', '', '/quit']);
    expect(second).toContain('Years of experience (0-60) [9]:');
    expect(second).toContain(`Resume text (private, up to 8,000 characters) [${RESUME.length} characters saved]:`);
    expect(second).toContain('Your profile was not saved: Years of experience is a whole number from 0 to 60.');
    expect(await store().profiles.get(me)).toMatchObject({ role: 'Data engineer', years: null, focusAreas: ['streaming', 'storage'], resumeText: RESUME });
    // Input that ends mid-form saves nothing.
    expect(await run(['/interview profile', 'Manager'])).toContain('Profile not changed.');
    expect((await store().profiles.get(me))?.role).toBe('Data engineer');

    // Typed answers are echoed in a piped run: the resume only as its length.
    expect((first + second).split('\n').filter((l) => l.startsWith('You:')).join('\n')).not.toContain('555 0142');
    expect(first + second).not.toContain(RESUME);
    expect(log.raw()).not.toContain('555 0142');
  });

  it('the next interview uses the profile: the opening names the role and years', async () => {
    await run(['/interview profile', '', '9', '', '', '/quit']);
    const printed = await run(['/interview start url shortener', '/interview end', '/quit']);
    expect(printed).toMatch(/data engineer with 9 years of experience/i);
    expect(printed).not.toContain('555 0142');
  });

  it('`forget-me` asks; `forget-me confirm` deletes the profile, the interviews and the stats charts of this user only', async () => {
    await seedInterviews(app.infrastructure.database.db, { platform: 'console', workspaceId: CONSOLE_SCOPE.workspaceId }, [
      { userId: 'tester', endedAt: new Date(Date.now() - 60_000), score: 70, channelId: CONSOLE_SCOPE.channelId, dimensions: { requirements: 3 } },
      { userId: 'someone', endedAt: new Date(Date.now() - 60_000), score: 60, channelId: CONSOLE_SCOPE.channelId, dimensions: { requirements: 2 } },
    ]);
    await run(['/interview stats', '/quit']);
    await run(['/interview stats', '/quit'], 'someone');
    const day = new Date().toISOString().slice(0, 10);
    const mine = join(dir, 'charts', `stats-tester-${day}.png`);
    const theirs = join(dir, 'charts', `stats-someone-${day}.png`);
    expect(existsSync(mine) && existsSync(theirs)).toBe(true);

    const asked = await run(['/interview forget-me', '/quit']);
    expect(asked).toContain('Type /interview forget-me confirm to go ahead.');
    expect(await store().profiles.get(me)).not.toBeNull();
    const done = await run(['/interview forget-me confirm', '/interview history', '/quit']);
    expect(done).toMatch(/Done: your profile, 2 interviews and 1 saved chart and your stats are deleted/);
    expect(done).toContain('no interviews yet');
    expect(await store().profiles.get(me)).toBeNull();
    expect(existsSync(mine)).toBe(false);
    expect(existsSync(theirs)).toBe(true);
    expect((await app.sessions.listSessions({ owner: { ...me, userId: 'someone' } })).items).toHaveLength(1);
  });
});
