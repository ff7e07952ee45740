export type { Bookmark, InstanceDetail, InstancePlace, InstanceSummary } from '../api/types';

export const finished = ['completed', 'cancelled'];
