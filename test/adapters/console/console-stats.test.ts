import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_SCOPE, runConsole } from '../../../adapters/console/console-adapter.js';
import { ConsoleChatPort } from '../../../adapters/console/console-chat-port.js';
import { composeApp, type App } from '../../../src/app/composition-root.js';
import { ChatPorts } from '../../../src/chat/chat-port.js';
import { loadConfig } from '../../../src/config/config.js';
import { memoryLogger } from '../../support/memory-log.js';
import { decodePng } from '../../support/png.js';
import { seedInterviews } from '../../support/seed-progress.js';

describe('console: /interview stats', () => {
  let app: App;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mib-console-stats-'));
  });
  afterAll(async () => {
    await app?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('prints the numbers of the terminal user', async () => {
    const output = new PassThrough();
    let printed = '';
    output.on('data', (c) => (printed += String(c)));
    // As `npm start` makes it (src/main.ts): pictures under DATA_DIR/charts.
    const port = new ConsoleChatPort(output, { filesDir: join(dir, 'charts') });
    app = await composeApp(loadConfig({ DATA_DIR: dir }), memoryLogger().logger, { chat: new ChatPorts().register('console', port) });
    await seedInterviews(app.infrastructure.database.db, { platform: 'console', workspaceId: CONSOLE_SCOPE.workspaceId }, [
      { userId: 'tester', endedAt: new Date(Date.now() - 60_000), score: 64, topic: 'Rate limiter', channelId: CONSOLE_SCOPE.channelId, dimensions: { requirements: 3 } },
      { userId: 'tester', endedAt: new Date(Date.now() - 120_000), score: 80, topic: 'URL shortener', channelId: CONSOLE_SCOPE.channelId, dimensions: { requirements: 2 } },
    ]);
    const input = new PassThrough();
    input.end('/interview stats\n/interview stats now\n/quit\n');
    await runConsole(app.router, port, app.sessions, { input, output, interactive: false, userId: 'tester', displayName: 'Tester' });
    expect(printed).toContain('=== Progress: Tester ===');
    expect(printed).toContain('Interviews completed: 2');
    expect(printed).toContain('Average score:        72/100');
    expect(printed).toContain('Best score:           80/100');
    expect(printed).toContain('1 week in a row, this week included.');
    expect(printed).toMatch(/Requirements\s+2\.5\/4\s+not enough yet to compare/);
    expect(printed).toContain('now is not a person.');

    // The chart of scores over time follows the numbers, written under the data folder, one line saying where.
    const file = join(dir, 'charts', `stats-tester-${new Date().toISOString().slice(0, 10)}.png`);
    const shown = relative(process.cwd(), file);
    const line = `[Scores over time: Tester] saved to ${shown.startsWith('..') || isAbsolute(shown) ? file : shown}`;
    expect(printed.split('\n').filter((l) => l === line)).toHaveLength(1);
    expect(printed.indexOf('Not tried yet')).toBeLessThan(printed.indexOf(line));
    const png = decodePng(readFileSync(file));
    expect([png.width, png.height]).toEqual([1200, 630]);
    expect(png.pixel(5, 315)[0]).toBeGreaterThan(200); // the opaque light card
  });

  it('no scored interview: the numbers without a picture', async () => {
    const output = new PassThrough();
    let printed = '';
    output.on('data', (c) => (printed += String(c)));
    const port = new ConsoleChatPort(output, { filesDir: join(dir, 'charts') });
    const input = new PassThrough();
    input.end('/interview stats\n/quit\n');
    await runConsole(app.router, port, app.sessions, { input, output, interactive: false, userId: 'newcomer', displayName: 'Newcomer' });
    expect(printed).toContain('=== Progress: Newcomer ===');
    expect(printed).not.toContain('saved to');
    expect(existsSync(join(dir, 'charts', `stats-newcomer-${new Date().toISOString().slice(0, 10)}.png`))).toBe(false);
  });
});
