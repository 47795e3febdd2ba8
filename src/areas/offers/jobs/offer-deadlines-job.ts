import { translator } from '../../../platform/i18n';
import { runExactlyOnce } from '../../../platform/jobs/exactly-once';
import { reminderMessage } from '../slack/views';
import type { JobDeps } from '../../../app/jobs';
import type { Job } from '../../../platform/jobs/types';

export const REMINDER_DAYS = 3;

/**
 * Offers past their deadline become "scaduta" (announcement updated); the offering organization's
 * members are reminded when the deadline is 3 days away or less. Each effect is claimed in
 * job_runs: per offer for the expiry, per offer and per recipient for the reminder, so reruns,
 * restarts and replicas do it once, and a run after downtime catches up.
 */
export function offerDeadlinesJob(deps: JobDeps): Job {
  const { services, db, logger } = deps;
  const offers = services.offers;
  return {
    name: 'offer-deadlines',
    schedule: '5 * * * *',
    async run(now) {
      let expired = 0;
      let reminded = 0;
      for (const id of await offers.offersToExpire(now)) {
        const outcome = await runExactlyOnce({ db, logger }, { job: 'offer-expiry', period: `offer:${id}`, now }, () => offers.expireOffer(id, now));
        if (outcome.ran && outcome.result) expired++;
      }
      for (const { offer, recipients } of await offers.offersToRemind(now, REMINDER_DAYS)) {
        await runExactlyOnce({ db, logger }, { job: 'offer-reminder', period: `offer:${offer.id}`, now }, async () => {
          let failed = 0;
          for (const recipient of recipients) {
            const sent = await runExactlyOnce({ db, logger }, { job: 'offer-reminder', period: `offer:${offer.id}:${recipient.userId}`, now }, (run) =>
              services.directMessages.sendOnce(recipient.userId, reminderMessage(offer, translator(recipient.locale), offers.timezone, now), run),
            );
            if (sent.ran) reminded++;
            else if (sent.reason === 'failed') failed++;
          }
          // A failed DM leaves the offer's claim open, so the next run retries that recipient only.
          if (failed > 0) throw new Error(`${failed} reminder(s) not delivered`);
        });
      }
      return { expired, reminded };
    },
  };
}
