export type { Bookmark, InstanceDetail, InstancePlace, InstanceSummary } from '../api/types';
import { namesOf, type InstanceStatus } from '../api/types';

export const instanceStatuses = namesOf<InstanceStatus>({
  running: 1,
  waiting: 1,
  completed: 1,
  faulted: 1,
  cancelled: 1,
});
export const finished: InstanceStatus[] = ['completed', 'cancelled'];
