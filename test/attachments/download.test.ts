import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Attachment } from '../../src/attachments/attachment.js';
import { downloadAttachment } from '../../src/attachments/download.js';

describe('downloading an attachment', () => {
  let server: Server;
  let origin: string;
  const seen: Array<{ path: string; authorization?: string }> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({ path: req.url ?? '', ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
      if (req.url === '/big') return void res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.alloc(2_000));
      if (req.url === '/html') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html>sign in</html>');
      if (req.url === '/redirect') return void res.writeHead(302, { location: 'http://example.invalid/steal' }).end();
      res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.from('png!'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const file = (path: string, size = 4): Attachment => ({ kind: 'image', url: `${origin}${path}`, name: 'x.png', contentType: 'image/png', size });

  it('sends the Slack token only to an allowed origin, and reads the bytes', async () => {
    const got = await downloadAttachment(file('/ok'), 'slack', 100, { slackBotToken: 'xoxb-secret', slackOrigins: [origin] });
    expect(got.bytes.toString()).toBe('png!');
    expect(seen.at(-1)).toEqual({ path: '/ok', authorization: 'Bearer xoxb-secret' });
    const before = seen.length;
    await expect(downloadAttachment(file('/ok'), 'slack', 100, { slackBotToken: 'xoxb-secret' })).rejects.toThrow(/not on Slack's file host/);
    expect(seen.length).toBe(before);
  });

  it('refuses a file over the limit (declared or read), a sign-in page and a redirect, never naming the token', async () => {
    const settings = { slackBotToken: 'xoxb-secret', slackOrigins: [origin] };
    await expect(downloadAttachment(file('/ok', 5_000), 'slack', 100, settings)).rejects.toThrow(/limit is 100/);
    await expect(downloadAttachment(file('/big', 10), 'slack', 100, settings)).rejects.toThrow(/larger than 100 bytes/);
    await expect(downloadAttachment(file('/html'), 'slack', 100, settings)).rejects.toThrow(/web page/);
    const redirected = await downloadAttachment(file('/redirect'), 'slack', 100, settings).catch((e: Error) => e);
    expect(redirected).toBeInstanceOf(Error);
    expect(String((redirected as Error).message)).not.toContain('xoxb');
    await expect(downloadAttachment(file('/ok'), 'discord', 100, {})).rejects.toThrow(/not on Discord's CDN/);
    expect((await downloadAttachment(file('/ok'), 'discord', 100, { discordOrigins: [origin] })).bytes.toString()).toBe('png!');
  });
});
