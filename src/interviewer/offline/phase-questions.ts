import type { PhaseId } from '../catalog/catalog-schema.js';

// Questions any topic can use when its own probes for a phase are spent. Each is asked once.
export const PHASE_QUESTIONS: Record<PhaseId, string[]> = {
  requirements: [
    'Who are the main users, and what is the single most important thing they need from it?',
    'Which requirements would you explicitly leave out of scope for this interview?',
  ],
  estimation: [
    'What does your estimate imply for the number of servers or the size of the cache?',
    'Which of these numbers worries you most when you design the system?',
  ],
  'api-data-model': [
    'How would a client page through or filter results in your API?',
    'Which fields need an index, and why?',
  ],
  'high-level-design': [
    'Walk me through one request end to end, naming every component it touches.',
    'Where would you put a queue in this design, if anywhere, and why?',
    'Which component becomes the bottleneck first as traffic grows?',
  ],
  'deep-dive': [
    'What is the hardest failure mode in your design, and how do you detect and recover from it?',
    'Where does your design choose consistency over availability, or the other way around?',
    'How would you monitor this system, and which alerts would page someone?',
  ],
  'wrap-up': [
    'If you had another hour, what would you change or add first?',
    'Which trade-off in your design are you least sure about?',
  ],
};

export const PHASE_INTROS: Record<PhaseId, string> = {
  requirements: "Let's pin down the requirements.",
  estimation: "Let's do some quick back-of-the-envelope estimation.",
  'api-data-model': "Let's define the API and the data model.",
  'high-level-design': "Now let's sketch the high-level design.",
  'deep-dive': "Let's go deeper into the hard parts.",
  'wrap-up': "We're near the end, so let's wrap up.",
};

/** Follow-ups on something the candidate just said; {k} is the words they used. */
export const FOLLOW_UPS = [
  'You mentioned {k}. Why that choice here, and what does it cost you?',
  'You brought up {k}. How exactly would that work in your design?',
  'Tell me more about {k}: what breaks first under heavy load?',
  'On {k}: what alternative did you consider, and why not that one?',
];
