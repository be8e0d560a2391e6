import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics for `GET /metrics`: process defaults plus what the bot does. */
export class AppMetrics {
  readonly registry = new Registry();
  readonly chatEvents = new Counter({ name: 'mib_chat_events_total', help: 'Chat events handled, by kind and outcome', labelNames: ['kind', 'outcome'] as const, registers: [this.registry] });
  readonly turnSeconds = new Histogram({
    name: 'mib_interviewer_turn_seconds',
    help: 'Time from a candidate message being recorded to the interviewer reply being stored',
    buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60],
    registers: [this.registry],
  });
  readonly deliveries = new Counter({ name: 'mib_deliveries_total', help: 'Post attempts in threads, by outcome', labelNames: ['outcome'] as const, registers: [this.registry] });
  readonly evaluations = new Counter({ name: 'mib_evaluations_total', help: 'Evaluation jobs by outcome', labelNames: ['outcome'] as const, registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
