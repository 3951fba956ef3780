import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../modules/common/common.contract.ts';
import { isLocale } from '../i18n/index.ts';
import { useSwitchLocale } from '../auth/session.tsx';

/** Each language is named in its own language, so either can be found whatever is shown. */
const LANGUAGE_NAMES: Record<Locale, string> = { 'zh-CN': '中文', en: 'English' };

export function LanguageSwitch({ size = 'middle' }: { size?: 'small' | 'middle' | 'large' }) {
  const { i18n, t } = useTranslation();
  const switchLocale = useSwitchLocale();
  return (
    <div data-testid="language-switch" title={t('common.language')}>
      <Segmented<Locale>
        size={size}
        value={isLocale(i18n.language) ? i18n.language : 'zh-CN'}
        onChange={(value) => void switchLocale(value)}
        options={(Object.keys(LANGUAGE_NAMES) as Locale[]).map((locale) => ({
          value: locale,
          label: (
            <span data-testid={`language-option-${locale}`} lang={locale}>
              {LANGUAGE_NAMES[locale]}
            </span>
          ),
        }))}
      />
    </div>
  );
}
