import { $api } from '../api/client';
import { when } from './time';

/** When the service runs on a sped-up clock (the sandbox), every time shown is on it: say so, with its "now". */
export function ClockBadge() {
  const { data: clock } = $api.useQuery('get', '/api/clock', {}, { refetchInterval: 5000 });
  if (!clock || clock.speed === 1) return null;
  return (
    <span
      className="badge clock-badge"
      data-testid="simulated-clock"
      title={`Every time on these pages is on the service's simulated clock, ${clock.speed.toLocaleString('en-US')} times faster than the wall clock.`}
    >
      Simulated clock ({clock.speed.toLocaleString('en-US')}×): {when(clock.now)}
    </span>
  );
}
