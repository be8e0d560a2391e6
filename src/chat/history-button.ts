import { InterviewPlatformError } from '../domain/errors.js';
import { parsePositiveNumber } from './command-grammar.js';

/**
 * What an Older/Newer button asks for: a page number (for the numbers its rows are shown with)
 * and the keyset cursor that fetches it. Without a cursor it is `history <page>`: buttons posted
 * before cursors existed carry only the number. The numbers are those of the page the button was
 * on: an interview started since shifts the positions by one until history is opened again.
 */
export interface HistoryRequest {
  page: number;
  cursor?: string;
}

/**
 * A button value: `<page>` or `<page>.<cursor>` (the storage cursor is 31 base64url characters;
 * up to 64 admitted here, storage checks it exactly). At most 71 characters: within Slack's
 * 2,000 and Discord's 100 for the whole custom_id (`history.page:` included).
 */
const BUTTON_VALUE = /^(\d{1,6})(?:\.([A-Za-z0-9_-]{1,64}))?$/;

export function historyButtonValue(request: HistoryRequest): string {
  return request.cursor ? `${request.page}.${request.cursor}` : String(request.page);
}

/** The request a button value stands for; null for a value of another shape (the bot did not write it). */
export function parseHistoryButton(value: string): HistoryRequest | null {
  const match = BUTTON_VALUE.exec(value);
  const page = match ? parsePositiveNumber(match[1]!) : null;
  if (!match || page === null) return null;
  return match[2] ? { page, cursor: match[2] } : { page };
}

/** As parseHistoryButton, but a value of another shape is refused with a private notice. */
export function readHistoryButton(value: string): HistoryRequest {
  const request = parseHistoryButton(value);
  if (!request) {
    throw new InterviewPlatformError('INVALID_INPUT', 'Malformed history button value', {
      userMessage: 'That history page link is not valid any more; open history again.',
    });
  }
  return request;
}
