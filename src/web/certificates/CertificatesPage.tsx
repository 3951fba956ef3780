import { useState } from 'react';
import { Link } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Checkbox, DatePicker, Flex, Input, Select, Table, Tabs, Typography } from 'antd';
import type { TableProps } from 'antd';
import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useCan, useCurrentUser } from '../auth/session.tsx';
import { useErrorMessage } from '../shared/errors.ts';
import { PageHeader } from '../shared/PageHeader.tsx';
import {
  CERTIFICATE_CATEGORIES,
  CERTIFICATE_STATUSES,
  IAF_EXPORT_URL,
  certificateKeys,
  cncaExportUrl,
  listCertificates,
  markUrl,
  pdfUrl,
  type Certificate,
  type CertificateCategory,
  type CertificateListParams,
  type CertificateStatus,
} from './api.ts';
import { certificatePath, LevelStars, StatusTag } from './labels.tsx';

/**
 * Certificates of the body (or, in the client portal, of the client): service, management-system and
 * product certificates on separate tabs — never mixed — with number, entity, level, status and dates;
 * search, status filter, superseded versions on request. Registry exports for those allowed.
 */
const CATEGORY_KEY: Record<CertificateCategory, string> = {
  service: 'service',
  managementSystem: 'management_system',
  product: 'product',
};

export default function CertificatesPage() {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const me = useCurrentUser();
  const portal = me.organisation.kind === 'client';
  const errorMessage = useErrorMessage();
  const [search, setSearch] = useState('');
  const [params, setParams] = useState<CertificateListParams>({
    category: 'service',
    page: 1,
    pageSize: 20,
  });
  const setFilter = (patch: Partial<CertificateListParams>) =>
    setParams((p) => ({ ...p, page: 1, ...patch }));

  const list = useQuery({
    queryKey: certificateKeys.list(params),
    queryFn: ({ signal }) => listCertificates(params, signal),
    placeholderData: keepPreviousData,
  });

  const columns: TableProps<Certificate>['columns'] = [
    {
      title: t('certificates.field.number'),
      key: 'number',
      width: 190,
      render: (_, c) => (
        <Link to={certificatePath(c.id)} data-testid={`certificate-link-${c.certificateNumber}`}>
          <Typography.Text strong>{c.certificateNumber}</Typography.Text>
          {c.revision > 1 ? <Typography.Text type="secondary"> · v{c.revision}</Typography.Text> : null}
        </Link>
      ),
    },
    {
      title: t('certificates.field.entity'),
      key: 'entity',
      ellipsis: true,
      render: (_, c) => (i18n.language === 'en' && c.entity.nameEn ? c.entity.nameEn : c.entity.nameZh),
    },
    {
      title: t('certificates.field.level'),
      key: 'level',
      width: 200,
      render: (_, c) => <LevelStars level={c.level} lang={i18n.language} />,
    },
    {
      title: t('certificates.field.status'),
      key: 'status',
      width: 110,
      render: (_, c) => <StatusTag status={c.status} t={t} />,
    },
    { title: t('certificates.field.issue'), dataIndex: 'issueDate', width: 115 },
    { title: t('certificates.field.expiry'), dataIndex: 'expiryDate', width: 115 },
    ...(portal
      ? [
          {
            title: t('certificates.download.title'),
            key: 'downloads',
            width: 230,
            render: (_: unknown, c: Certificate) => (
              <Flex gap={4} wrap>
                <Button size="small" icon={<DownloadOutlined />} href={pdfUrl(c.id)} download>
                  PDF
                </Button>
                {c.status === 'active' ? (
                  <Button size="small" icon={<DownloadOutlined />} href={markUrl(c.id, 'svg')} download>
                    {t('certificates.download.mark_svg')}
                  </Button>
                ) : null}
              </Flex>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <PageHeader
        title={t('certificates.title')}
        subtitle={portal ? t('certificates.portal_subtitle') : t('certificates.subtitle')}
      />
      <Card>
        <Tabs
          activeKey={params.category}
          onChange={(key) => setFilter({ category: key as CertificateCategory })}
          items={CERTIFICATE_CATEGORIES.map((c) => ({
            key: c,
            label: (
              <span data-testid={`certificates-tab-${c}`}>
                {t(`certificates.category.${CATEGORY_KEY[c]}`)}
              </span>
            ),
          }))}
        />
        <Flex gap="small" wrap style={{ marginBottom: 16 }}>
          <Input.Search
            allowClear
            placeholder={t('certificates.search_placeholder')}
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              if (!e.target.value) setFilter({ q: undefined });
            }}
            onSearch={(value) => setFilter({ q: value.trim() || undefined })}
            style={{ width: 300, maxWidth: '100%' }}
            data-testid="certificates-search"
          />
          <Select<CertificateStatus>
            allowClear
            placeholder={t('certificates.field.status')}
            value={params.status}
            onChange={(status) => setFilter({ status })}
            options={CERTIFICATE_STATUSES.map((s) => ({ value: s, label: t(`certificates.status.${s}`) }))}
            style={{ width: 140 }}
            data-testid="certificates-status-filter"
          />
          <Checkbox
            checked={params.allRevisions === 'true'}
            onChange={(e) => setFilter({ allRevisions: e.target.checked ? 'true' : undefined })}
          >
            {t('certificates.all_versions')}
          </Checkbox>
          <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} title={t('common.refresh')} />
        </Flex>
        <Table<Certificate>
          rowKey="id"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          locale={{ emptyText: list.isError ? errorMessage(list.error) : t('certificates.empty') }}
          scroll={{ x: 900 }}
          pagination={{
            current: params.page,
            pageSize: params.pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: false,
            onChange: (page) => setParams((p) => ({ ...p, page })),
          }}
          data-testid="certificates-table"
        />
      </Card>
      {can('certificates.export') ? <RegistryExports /> : null}
    </>
  );
}

function RegistryExports() {
  const { t } = useTranslation();
  const [month, setMonth] = useState<Dayjs>(dayjs().subtract(1, 'month'));
  return (
    <Card title={t('certificates.export.title')} style={{ marginTop: 16 }} data-testid="certificates-exports">
      <Flex gap="large" wrap align="center">
        <Flex vertical gap={4}>
          <Button icon={<DownloadOutlined />} href={IAF_EXPORT_URL} download data-testid="export-iaf">
            {t('certificates.export.iaf')}
          </Button>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('certificates.export.iaf_hint')}
          </Typography.Text>
        </Flex>
        <Flex gap="small" align="center">
          <DatePicker
            picker="month"
            value={month}
            allowClear={false}
            onChange={(m) => m && setMonth(m)}
            aria-label={t('certificates.export.month')}
          />
          <Button
            icon={<DownloadOutlined />}
            href={cncaExportUrl(month.format('YYYY-MM'))}
            download
            data-testid="export-cnca"
          >
            {t('certificates.export.cnca')}
          </Button>
        </Flex>
      </Flex>
    </Card>
  );
}
