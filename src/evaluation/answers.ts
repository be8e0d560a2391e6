import { PHASES, type PhaseId, type Topic } from '../interviewer/catalog/catalog-schema.js';
import { matchedKeywords } from '../interviewer/concept-coverage.js';
import { topicWords } from '../interviewer/topic-vocabulary.js';
import { arithmeticIn, type ArithmeticStep } from '../substance/arithmetic.js';
import { flagOf, isInjection, isOffTopic, type MessageFlag } from '../substance/message-flags.js';
import { analyzedPart } from '../substance/limits.js';
import { quantitiesIn } from '../substance/numbers.js';
import { addresses } from '../substance/questions.js';
import { HEDGE, reasoningIn, type Reasoning } from '../substance/reasoning.js';
import { implausibleRates, impliedRates, offScaleInputs, type OffScaleInput } from '../substance/scale-check.js';
import { sentencesOf } from '../substance/sentences.js';
import { listedTerms, techTermsIn } from '../substance/tech-terms.js';

/** A transcript line as the scorers read it; the interviewer's metadata says its phase. */
export interface TranscriptLine {
  role: string;
  content: string;
  metadata?: Record<string, unknown>;
}

/** One candidate answer and what it shows, judged against the question it answers. */
export interface Answer {
  index: number;
  question: string;
  phase: PhaseId;
  text: string;
  /** Injection, off-topic or a copy of the question: never scored, never quoted. */
  flag: MessageFlag | null;
  sentences: string[];
  /** The sentences that commit to something (not hedged): only these earn credit. */
  firm: string[];
  words: number;
  reasoning: Reasoning;
  arithmetic: ArithmeticStep[];
  /** Per-second figures with no input of the candidate's own, far from the topic's numbers. */
  implausible: number;
  /** Inputs of the candidate's own orders of magnitude off the topic's scale ("1,000 links a day" for 100 million). */
  offScale: OffScaleInput[];
  quantities: number;
  techTerms: number;
  listedTerms: number;
  /** 0-1: did it do what the question asked. */
  addressed: number;
  /** Concept id -> 1 when discussed in a sentence that does something, 0.3 when only named. */
  concepts: Map<string, number>;
}

// For a transcript without the interviewer's notes (a file given to `cli evaluate`): the phase
// a question belongs to, from its words; a question that says nothing keeps the phase before it.
const PHASE_WORDS: [PhaseId, RegExp][] = [
  ['wrap-up', /\b(wrap up|wrap-up|anything else|another hour|more time|least sure|we're near the end)\b/i],
  ['deep-dive', /\b(fails?|goes down|bottleneck|hot (?:key|spot)|deeper|consisten\w+|what happens (?:when|if)|10x|tenfold|region)\b/i],
  ['estimation', /\b(estimate|estimation|how many|how much|per second|qps|storage|bandwidth|back-of-the-envelope|numbers)\b/i],
  ['api-data-model', /\b(api|endpoints?|schema|data model|tables?|fields?|keyed)\b/i],
  ['high-level-design', /\b(architecture|high-level|components?|sketch|walk me through|end to end)\b/i],
];

function phaseOf(line: TranscriptLine, previous: PhaseId): PhaseId {
  const phase = line.metadata?.phase;
  if (typeof phase === 'string' && (PHASES as readonly string[]).includes(phase)) return phase as PhaseId;
  return PHASE_WORDS.find(([, words]) => words.test(line.content))?.[0] ?? previous;
}

/** Every candidate answer of a transcript, in order, with its question, phase and signals. */
export function analyzeAnswers(topic: Topic, transcript: readonly TranscriptLine[]): Answer[] {
  const reader = answerReader(topic);
  return transcript.flatMap((line) => reader(line) ?? []);
}

/**
 * The same, handing the event loop back between answers: each answer of the largest size costs
 * a few tens of milliseconds to read, and the bot's acks share the loop with the evaluation.
 */
export async function analyzeAnswersPolitely(topic: Topic, transcript: readonly TranscriptLine[]): Promise<Answer[]> {
  const reader = answerReader(topic);
  const answers: Answer[] = [];
  for (const line of transcript) {
    const answer = reader(line);
    if (!answer) continue;
    answers.push(answer);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return answers;
}

/** Reads lines in order: interviewer lines set the question and phase, candidate lines become answers. */
function answerReader(topic: Topic): (line: TranscriptLine) => Answer | null {
  const vocabulary = topicWords(topic);
  const implied = impliedRates(topic.scaleHints);
  let phase: PhaseId = 'requirements';
  let question = '';
  let index = 0;
  return (line) => {
    if (line.role === 'interviewer') {
      phase = phaseOf(line, phase);
      question = line.content;
      return null;
    }
    if (line.role !== 'candidate') return null;
    const text = analyzedPart(line.content);
    const sentences = sentencesOf(text);
    const reasoning = reasoningIn(sentences);
    const firm = sentences.filter((s) => !HEDGE.test(s));
    const concepts = new Map<string, number>();
    for (const sentence of firm) {
      const substantive = listedTerms(sentence) === 0 || reasoningIn([sentence]).decisions.length > 0;
      for (const concept of topic.concepts) {
        if (matchedKeywords(concept, sentence).length === 0) continue;
        concepts.set(concept.id, Math.max(concepts.get(concept.id) ?? 0, substantive ? 1 : 0.3));
      }
    }
    return {
      index: index++,
      question,
      phase,
      text,
      flag: flagOf(text, question, vocabulary),
      sentences,
      firm,
      words: text.split(/\s+/).filter(Boolean).length,
      reasoning,
      arithmetic: arithmeticIn(text),
      implausible: implausibleRates(text, implied).length,
      offScale: offScaleInputs(text, topic.scaleHints),
      quantities: quantitiesIn(text).length,
      techTerms: techTermsIn(text).length,
      listedTerms: sentences.reduce((sum, s) => sum + listedTerms(s), 0),
      addressed: addresses(question, text, reasoning),
      concepts,
    };
  };
}

/**
 * The transcript without the candidate's asides (injection attempts, small talk): what is scored,
 * by either scorer, so those lines neither earn nor cost anything and are never quoted.
 */
export function withoutAsides(topic: Topic, transcript: readonly TranscriptLine[]): TranscriptLine[] {
  const vocabulary = topicWords(topic);
  return transcript.filter((line) => line.role !== 'candidate' || !(isInjection(line.content) || isOffTopic(line.content, vocabulary)));
}
