import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppMetrics } from '../../src/observability/metrics.js';

export interface Readiness {
  ready: boolean;
}

/** `GET /healthz`: 200 once the bot has started everything, 503 before and while stopping. */
export function healthHandler(readiness: Readiness) {
  return (_req: IncomingMessage, res: ServerResponse): void => {
    res.writeHead(readiness.ready ? 200 : 503, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: readiness.ready ? 'ok' : 'starting' }));
  };
}

/** `GET /metrics`: Prometheus text format. */
export function metricsHandler(metrics: AppMetrics) {
  return (_req: IncomingMessage, res: ServerResponse): void => {
    metrics.registry
      .metrics()
      .then((body) => {
        res.writeHead(200, { 'content-type': metrics.registry.contentType });
        res.end(body);
      })
      .catch(() => {
        res.writeHead(500).end();
      });
  };
}
