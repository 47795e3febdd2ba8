import type { Job } from '../../../platform/jobs/types';
import type { OfferDeadlines } from '../use-cases/deadlines';

/** Offers past their deadline expire; the offering organization is reminded 3 days before (OfferDeadlines). Hourly. */
export function offerDeadlinesJob(deadlines: OfferDeadlines): Job {
  return { name: 'offer-deadlines', schedule: '5 * * * *', run: (now) => deadlines.run(now) };
}
