import { useEffect, useState } from 'react';
import { api } from '../api';
import { when } from './time';

interface Clock {
  now: string;
  speed: number;
}

/** When the service runs on a sped-up clock (the sandbox), every time shown is on it: say so, with its "now". */
export function ClockBadge() {
  const [clock, setClock] = useState<Clock | null>(null);
  useEffect(() => {
    const load = () => api<Clock>('GET', '/api/clock').then(setClock, () => setClock(null));
    load();
    const timer = setInterval(load, 5000);
    return () => clearInterval(timer);
  }, []);
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
