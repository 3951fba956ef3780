import { useCallback, useContext } from 'react';
import { formatInstant } from './time.ts';
import { TimeZoneContext } from './timezone-context.ts';

/** Format instants in the certification body's time zone (never the browser's). */
export function useFormatInstant(): (
  iso: string | null | undefined,
  options?: { withTime?: boolean },
) => string {
  const timeZone = useContext(TimeZoneContext);
  return useCallback(
    (iso: string | null | undefined, options?: { withTime?: boolean }) =>
      formatInstant(iso, timeZone, options),
    [timeZone],
  );
}
