import { Space, Tag, Typography } from 'antd';
import { StarFilled } from '@ant-design/icons';
import type { TFunction } from 'i18next';
import type { Certificate, CertificateStatus } from './api.ts';

export const STATUS_COLOURS: Record<CertificateStatus, string> = {
  active: 'success',
  suspended: 'warning',
  withdrawn: 'error',
  cancelled: 'default',
  expired: 'default',
  superseded: 'processing',
};

export function StatusTag({ status, t }: { status: CertificateStatus; t: TFunction }) {
  return (
    <Tag color={STATUS_COLOURS[status]} data-testid="certificate-status">
      {t(`certificates.status.${status}`)}
    </Tag>
  );
}

/** The level as stars (达标 has none), with its title in the current language. */
export function LevelStars({ level, lang }: { level: Certificate['level']; lang: string }) {
  const title = lang === 'en' ? level.title.en : level.title.zh;
  return (
    <Space size={4} data-testid="certificate-level">
      {level.stars > 0 ? (
        <span aria-label={`${level.stars}`} style={{ color: '#d4a106', whiteSpace: 'nowrap' }}>
          {Array.from({ length: level.stars }, (_, i) => (
            <StarFilled key={i} />
          ))}
        </span>
      ) : null}
      <Typography.Text>{title}</Typography.Text>
    </Space>
  );
}

export const DASH = '—';
export const certificatePath = (id: string) => `/certificates/${id}`;
