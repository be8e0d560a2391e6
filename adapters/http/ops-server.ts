import { createServer, type Server } from 'node:http';
import type { AppMetrics } from '../../src/observability/metrics.js';
import { healthHandler, metricsHandler, readyHandler, type Readiness } from './ops-routes.js';

/**
 * The HTTP port when no Bolt HTTP receiver owns it (Socket Mode, Discord only, worker only):
 * just `/healthz`, `/readyz` and `/metrics`; anything else is 404.
 */
export async function startOpsServer(port: number, readiness: Readiness, metrics: AppMetrics): Promise<Server> {
  const health = healthHandler(readiness);
  const scrape = metricsHandler(metrics);
  const ready = readyHandler(readiness);
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/healthz') return health(req, res);
    if (req.method === 'GET' && path === '/readyz') return ready(req, res);
    if (req.method === 'GET' && path === '/metrics') return scrape(req, res);
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, resolve);
  });
  return server;
}
