import { useCallback } from 'react';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client.ts';
import { useErrorMessage } from '../shared/errors.ts';
import { CHANNEL_KEY, STATE_COLOUR, STATE_KEY, type Visit } from './api.ts';

export function StateTag({ state }: { state: Visit['state'] }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLOUR[state]} data-testid="visit-state" data-state={state}>
      {t(`mystery_visits.state.${STATE_KEY[state]}`)}
    </Tag>
  );
}

export function ChannelTag({ channel }: { channel: Visit['channel'] }) {
  const { t } = useTranslation();
  return <Tag color="blue">{t(`mystery_visits.channel.${CHANNEL_KEY[channel]}`)}</Tag>;
}

/** A text in the current language: English when asked for and present, else Chinese. */
export function useLocalText() {
  const { i18n } = useTranslation();
  return useCallback(
    (text: { zh: string; en?: string | null | undefined }) =>
      i18n.language === 'en' && text.en ? text.en : text.zh,
    [i18n.language],
  );
}

/** Mystery-visit error codes have their own texts; everything else goes through the shared errors. */
export function useMysteryError() {
  const { t, i18n } = useTranslation();
  const fallback = useErrorMessage();
  return useCallback(
    (error: unknown) => {
      if (isApiError(error) && i18n.exists(`mystery_visits.errors.${error.code}`)) {
        return t(`mystery_visits.errors.${error.code}`);
      }
      return fallback(error);
    },
    [t, i18n, fallback],
  );
}

/** A question group's label: the known groups are translated, a body's own groups shown as written. */
export function useGroupLabel() {
  const { t, i18n } = useTranslation();
  return useCallback(
    (group: string) =>
      i18n.exists(`mystery_visits.groups.${group}`) ? t(`mystery_visits.groups.${group}`) : group,
    [t, i18n],
  );
}

export function FlagList({ flags }: { flags: Visit['flags'] }) {
  const { t } = useTranslation();
  if (!flags.length) return null;
  return (
    <>
      {flags.map((f) => (
        <Tag key={f.code} color="volcano" data-testid="visit-flag">
          {t(`mystery_visits.flags.${f.code}`, f.params)}
        </Tag>
      ))}
    </>
  );
}
