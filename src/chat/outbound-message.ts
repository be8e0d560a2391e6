import type { EvaluationReport } from '../domain/types.js';

/**
 * What the core asks an adapter to show, platform-neutral. Adapters render each kind natively
 * (Block Kit, Discord embeds, terminal text); `text` kinds are markdown.
 */
export type OutboundMessage =
  | { kind: 'text'; text: string }
  | { kind: 'notice'; text: string; tone: 'info' | 'warning' | 'error' }
  | { kind: 'evaluation'; report: EvaluationReport; topic: string | null; candidate: string | null };
