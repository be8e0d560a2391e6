import type { CommunicationManagerPort } from '../domain/ports.js';
import type { CommunicationMode } from '../domain/types.js';

/**
 * The spec's Communication Manager: which modes (text, whiteboard, audio) are switched on for
 * each running session in this process. The database stays the source of truth for whether a
 * session accepts input; this tracks what the process has opened for it.
 */
export class CommunicationManager implements CommunicationManagerPort {
  private readonly modes = new Map<string, Set<CommunicationMode>>();

  enableMode(sessionId: string, mode: CommunicationMode): void {
    const set = this.modes.get(sessionId) ?? new Set<CommunicationMode>();
    set.add(mode);
    this.modes.set(sessionId, set);
  }

  disableAll(sessionId: string): void {
    this.modes.delete(sessionId);
  }

  activeModes(sessionId: string): CommunicationMode[] {
    return [...(this.modes.get(sessionId) ?? [])];
  }
}
