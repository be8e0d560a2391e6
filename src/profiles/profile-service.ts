import { InterviewPlatformError } from '../domain/errors.js';
import type { Clock } from '../domain/ports.js';
import type { DataStore } from '../storage/data-store.js';
import type { PersonRef } from '../storage/privacy-repository.js';
import { parseProfileForm, type Profile, type ProfileForm } from './profile.js';

/** Reads and saves `/interview profile`; a form that does not validate is refused field by field. */
export class ProfileService {
  constructor(
    private readonly store: DataStore,
    private readonly clock: Clock,
  ) {}

  get(person: PersonRef): Promise<Profile | null> {
    return this.store.profiles.get(person);
  }

  async save(person: PersonRef & { displayName?: string }, form: ProfileForm): Promise<Profile> {
    const parsed = parseProfileForm(form);
    if (!parsed.ok) {
      // Field names only: the values (the resume above all) are never put in an error.
      throw new InterviewPlatformError('INVALID_INPUT', `Profile form refused: ${Object.keys(parsed.errors).join(', ')}`, {
        userMessage: `Your profile was not saved: ${Object.values(parsed.errors).join(' ')}`,
      });
    }
    await this.store.profiles.save(person, parsed.profile, this.clock.now());
    return parsed.profile;
  }
}
