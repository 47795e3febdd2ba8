import type { Job } from '../../../platform/jobs/types';
import type { NetworkMaps } from '../use-cases/network-map';

/**
 * Redraws the coordinators' network map every Monday at 06:00 (APP_TIMEZONE). Running it twice,
 * or on two replicas, uploads once: the same figures keep the file already uploaded.
 */
export function networkMapJob(maps: Pick<NetworkMaps, 'refresh'>): Job {
  return {
    name: 'network-map',
    schedule: '0 6 * * 1',
    run: async (now) => {
      const { uploaded } = await maps.refresh(now);
      return { uploaded: uploaded ? 1 : 0 };
    },
  };
}
