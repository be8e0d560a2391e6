import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppMetrics } from '../../src/observability/metrics.js';

export interface Readiness {
  /** True once everything has started, false again while stopping. */
  ready: boolean;
  /** What `/readyz` asks each time (Postgres, Redis, platform connections): each rejects when down. */
  checks?: Record<string, () => Promise<void>>;
}

const CHECK_TIMEOUT_MS = 2_000;

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** `GET /healthz`: liveness. 200 whenever the process can answer at all (restart it when not). */
export function healthHandler(_readiness: Readiness) {
  return (_req: IncomingMessage, res: ServerResponse): void => json(res, 200, { status: 'ok' });
}

/**
 * `GET /readyz`: readiness. 503 while starting or stopping, and while Postgres, Redis or a
 * platform connection does not answer (each check within 2 s), naming which.
 */
export function readyHandler(readiness: Readiness) {
  return (_req: IncomingMessage, res: ServerResponse): void => {
    if (!readiness.ready) return json(res, 503, { status: 'starting' });
    const checks = Object.entries(readiness.checks ?? {});
    void Promise.all(
      checks.map(async ([name, check]) => {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('no answer within 2 s')), CHECK_TIMEOUT_MS)));
        try {
          await Promise.race([check(), timeout]);
          return [name, 'ok'] as const;
        } catch (error) {
          return [name, `down: ${(error as Error)?.message ?? error}`] as const;
        } finally {
          clearTimeout(timer);
        }
      }),
    ).then((results) => {
      const down = results.some(([, state]) => state !== 'ok');
      json(res, down ? 503 : 200, { status: down ? 'unavailable' : 'ready', checks: Object.fromEntries(results) });
    });
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
