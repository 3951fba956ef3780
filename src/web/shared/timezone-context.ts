import { createContext } from 'react';
import { DEFAULT_TIME_ZONE } from './time.ts';

/** The certification body's time zone, provided by the signed-in shell. */
export const TimeZoneContext = createContext<string>(DEFAULT_TIME_ZONE);
