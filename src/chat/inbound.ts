import type { Attachment } from '../attachments/attachment.js';
import type { Platform } from '../domain/types.js';
import type { ProfileForm } from '../profiles/profile.js';

// What adapters turn platform events into. The core sees only these.

/** Who did something, as the platform says. `isAdmin`: a workspace admin or owner. */
export interface ChatUser {
  userId: string;
  displayName?: string;
  isAdmin?: boolean;
}

interface InboundBase {
  platform: Platform;
  workspaceId: string;
  channelId: string;
  /** Set when the event happened inside a thread. */
  threadId?: string;
  user: ChatUser;
  /** The platform's id for this delivery, for deduplication of retried events. */
  eventId?: string;
}

/** `/interview <text>`; text is everything after the command name. */
export interface InboundCommand extends InboundBase {
  text: string;
}

/** A message posted in a thread. */
export interface InboundMessage extends InboundBase {
  threadId: string;
  text: string;
  messageId: string;
  /** Files posted with the message (images, audio), by reference: nothing is downloaded yet. */
  attachments?: Attachment[];
}

export type ActionId = 'session.pause' | 'session.resume' | 'session.end' | 'history.page' | 'evaluation.retry' | 'practice.start'
  /** `/interview forget-me`'s confirmation; the value is the user id it was shown to. */
  | 'privacy.forget';

/** A button press. `value` carries what the button was rendered with (session id, page). */
export interface InboundAction extends InboundBase {
  actionId: ActionId;
  value: string;
}

/** The profile form submitted (a Slack view submission, a Discord modal, the console's prompts). */
export interface InboundProfileSubmit extends InboundBase {
  form: ProfileForm;
}
