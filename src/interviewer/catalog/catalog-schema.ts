import { z } from 'zod';

// The shape of a topic file in catalog/topics/*.json. Topics are data: adding one is adding a file.
export const PHASES = ['requirements', 'estimation', 'api-data-model', 'high-level-design', 'deep-dive', 'wrap-up'] as const;
export type PhaseId = (typeof PHASES)[number];

export const ConceptSchema = z.object({
  /** Stable id, kebab-case: 'short-code-generation'. */
  id: z.string().regex(/^[a-z0-9-]+$/),
  /** How a report names it: 'Short code generation (base62, hashing, counters)'. */
  label: z.string().min(3),
  /** The phase where a good candidate usually brings it up. */
  phase: z.enum(PHASES),
  /**
   * Lower-case words or phrases whose presence in the candidate's text shows the concept was
   * covered. Matched on word boundaries, so include plural or alternative spellings you expect.
   */
  keywords: z.array(z.string().min(2)).min(3),
  /** The interviewer's question when the candidate has not covered it. One question, no answer in it. */
  probe: z.string().min(10),
  /** 1 = nice to have, 2 = expected, 3 = essential. */
  weight: z.number().int().min(1).max(3),
});

/**
 * `coveredBy`: groups of alternative words; one candidate message with a word from every group
 * has already answered the question, so the interviewer does not ask it.
 */
export const DeepDiveProbeSchema = z.object({
  question: z.string().min(10),
  coveredBy: z.array(z.array(z.string().min(2)).min(1)).min(1),
});

export const TopicSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(3),
  /** Other names users type: 'tinyurl', 'bitly', 'link shortener'. */
  aliases: z.array(z.string()).default([]),
  /** The opening problem statement, as an interviewer says it. */
  prompt: z.string().min(20),
  /** Numbers the interviewer shares when the candidate asks about scale. */
  scaleHints: z.array(z.string()).min(2),
  /** Functional and non-functional requirements a complete answer pins down. */
  requirements: z.array(z.string()).min(3),
  concepts: z.array(ConceptSchema).min(8),
  /** Harder follow-ups for the deep-dive phase, each with what shows it was already answered. */
  deepDiveProbes: z.array(DeepDiveProbeSchema).min(3),
});

export type Concept = z.infer<typeof ConceptSchema>;
export type Topic = z.infer<typeof TopicSchema>;
export type DeepDiveProbe = z.infer<typeof DeepDiveProbeSchema>;
