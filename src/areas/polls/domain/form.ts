/** The create form's fields (errors are shown on them). */
export type PollField = 'kind' | 'question' | 'options' | 'slots' | 'settings' | 'scope' | 'organizations' | 'deadlineDate' | 'deadlineTime' | 'channel';

/** The create form as submitted. */
export interface RawPollInput {
  kind?: string;
  question?: string;
  options?: string;
  slots?: string;
  settings?: string[];
  scope?: string;
  organizationIds?: string[];
  deadlineDate?: string;
  deadlineTime?: string;
  channelId?: string;
}

/** A candidate slot of a date poll: wall-clock values in APP_TIMEZONE. */
export interface PollSlot {
  date: string;
  start: string;
  end: string;
}

/** An option as the create form gives it, before it is stored. */
export interface NewPollOption {
  label: string;
  slot?: PollSlot & { startsAt: Date };
}
