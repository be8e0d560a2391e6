import type { Topic } from '../catalog/catalog-schema.js';
import { contentWords, lowerFirst, sentencesOf } from '../../substance/sentences.js';

const SCOPE_QUESTION = /\b(in scope|scope|need|needs|matter|should (?:we|it|the system|users|i)|do (?:we|users|i) need|need to support|is it|are (?:we|there|users)|can users|will users|does it need|assume|required|requirements?|how (?:many|much|long|big|often)|what (?:is|are) the|do we (?:keep|store|support))\b/i;
const GENERIC = new Set(['scope', 'support', 'need', 'assume', 'fair', 'requirement', 'system', 'service', 'user', 'want', 'also']);

/**
 * Answers to the candidate's scoping questions, from the topic's data: in scope when a listed
 * requirement matches, the number when a scale fact matches, otherwise out of scope. An
 * interviewer who leaves "is custom alias in scope?" unanswered is not listening.
 */
export function answerScopeQuestions(topic: Topic, text: string): string | null {
  const questions = sentencesOf(text).filter((s) => s.endsWith('?')).slice(0, 3);
  const answers = questions.map((q) => answerOne(topic, q)).filter((a): a is string => a !== null);
  return answers.length ? [...new Set(answers)].join(' ') : null;
}

function answerOne(topic: Topic, question: string): string | null {
  if (/\b(scale|numbers|how (many|much|long|big|often)|traffic|volume|ratio|per (day|second))\b/i.test(question)) return `Here are the numbers: ${topic.scaleHints.join(' ')}`;
  const asked = new Set([...contentWords(question)].filter((w) => !GENERIC.has(w)));
  const best = (lines: readonly string[]) =>
    lines
      .map((line) => ({ line, shared: [...contentWords(line)].filter((w) => asked.has(w)).length }))
      .filter((m) => m.shared > 0)
      .sort((a, b) => b.shared - a.shared)[0]?.line;
  const requirement = best(topic.requirements);
  if (requirement) {
    const optional = /^optional\b/i.test(requirement);
    const rest = requirement.replace(/^optional\s+/i, '');
    return optional ? `To your question: yes, ${lowerFirst(rest)} are in scope, as options.` : `To your question: yes, that's in scope (${lowerFirst(rest)}).`;
  }
  const fact = best(topic.scaleHints);
  if (fact) return `On your question: ${fact}`;
  if (!SCOPE_QUESTION.test(question)) return null;
  return `To your question: that's out of scope for today. The core is: ${topic.requirements.slice(0, 2).map(lowerFirst).join('; ')}.`;
}

