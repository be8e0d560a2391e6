import { createServer, type Server } from 'node:http';

export interface SinkPost {
  threadId: string;
  kind: string;
  idempotencyKey?: string;
}

/**
 * Where a worker in another process posts its chat messages during a test: a loopback HTTP
 * endpoint that records them. `GET /posts?key=K` finds an earlier post by its idempotency key
 * (what a worker reconciling an unknown outcome asks, as it would search a Slack thread).
 * Anything else is refused loudly.
 */
export interface ChatSink {
  url: string;
  posts: SinkPost[];
  unexpected: string[];
  close(): Promise<void>;
}

export async function startChatSink(): Promise<ChatSink> {
  const posts: SinkPost[] = [];
  const unexpected: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://sink');
      if (req.method === 'GET' && url.pathname === '/posts' && url.searchParams.has('key')) {
        const index = posts.findIndex((p) => p.idempotencyKey === url.searchParams.get('key'));
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(index >= 0 ? { messageId: `sink-${index + 1}` } : {}));
        return;
      }
      let parsed: SinkPost | undefined;
      try {
        parsed = JSON.parse(body) as SinkPost;
      } catch {
        parsed = undefined;
      }
      if (req.method !== 'POST' || req.url !== '/posts' || !parsed?.threadId || !parsed.kind) {
        unexpected.push(`${req.method} ${req.url} ${body.slice(0, 200)}`);
        res.writeHead(400).end('unexpected request');
        return;
      }
      posts.push(parsed);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ messageId: `sink-${posts.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    posts,
    unexpected,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
