/** Instants are stored as ISO-8601 UTC text; this is the one place they are written. */
export const toInstant = (d: Date): string => d.toISOString();

export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
