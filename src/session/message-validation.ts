import { InterviewPlatformError } from '../domain/errors.js';

// Control characters other than tab, newline and carriage return mark binary, not text.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/g;

/** Returns the text to store, or refuses it with a message the user can act on. */
export function validateCandidateText(raw: string, maxChars: number): string {
  // A lone surrogate (half an emoji, from a client that split one) becomes U+FFFD: stored text
  // and the JSON built from it must be well-formed.
  const text = raw.trim().toWellFormed();
  if (text.length === 0) {
    throw new InterviewPlatformError('INVALID_INPUT', 'Empty message', {
      userMessage: 'Your message was empty; type your answer in the thread.',
    });
  }
  const controls = text.match(CONTROL)?.length ?? 0;
  if (text.includes('\u0000') || controls > Math.max(3, text.length * 0.01)) {
    throw new InterviewPlatformError('INVALID_INPUT', 'Binary content in message', {
      userMessage: 'That message looks like binary data, not text. Paste your answer as plain text.',
      context: { length: text.length, controls },
    });
  }
  if (text.length > maxChars) {
    throw new InterviewPlatformError('INVALID_INPUT', 'Message too long', {
      userMessage: `That message is ${text.length.toLocaleString('en-US')} characters; the limit is ${maxChars.toLocaleString('en-US')}. Split it into shorter messages.`,
      context: { length: text.length, maxChars },
    });
  }
  return text;
}
