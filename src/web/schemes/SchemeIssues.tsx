import { Alert, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TFunction, i18n as I18n } from 'i18next';
import type { SchemePackage } from '../../domain/schemes/package-schema.ts';
import type { SchemeIssue } from './api.ts';
import { nodeAtPath, pointsMismatch } from './scheme-tree.ts';

/**
 * The text of a validation issue in the interface language: `schemes.issue.<code>` naming the node (the
 * server's message where the code has no translation). With the package at hand, a points mismatch also
 * says what the children add up to.
 */
export function issueText(t: TFunction, i18n: I18n, issue: SchemeIssue, pkg?: SchemePackage): string {
  const key = `schemes.issue.${issue.code}`;
  if (!i18n.exists(key)) return issue.message;
  const node = pkg ? nodeAtPath(pkg, issue.path) : undefined;
  const text = t(key, { node: node?.code ?? (issue.path || '—'), message: issue.message });
  const mismatch = issue.code === 'children_points_mismatch' && node ? pointsMismatch(node) : null;
  return mismatch ? `${text}${t('schemes.issue_detail.points_sum', mismatch)}` : text;
}

/**
 * Validation issues of a package: errors block publishing, warnings do not. Each names its line (YAML
 * import) or its node (a draft; clicking it selects the node).
 */
export function SchemeIssues({
  issues,
  pkg,
  onSelectNode,
  source,
  testId = 'scheme-issues',
}: {
  issues: readonly SchemeIssue[];
  pkg?: SchemePackage | undefined;
  onSelectNode?: ((urn: string) => void) | undefined;
  /** The imported text: the line an issue points at is quoted from it. */
  source?: string | undefined;
  testId?: string;
}) {
  const { t, i18n } = useTranslation();
  const lines = source?.split(/\r?\n/);
  const errors = issues.filter((i) => i.severity === 'error').length;
  const warnings = issues.length - errors;
  if (issues.length === 0) {
    return <Alert type="success" showIcon title={t('schemes.issues.none')} data-testid={`${testId}-none`} />;
  }
  return (
    <Alert
      type={errors > 0 ? 'error' : 'warning'}
      showIcon
      data-testid={testId}
      title={t('schemes.issues.summary', { errors, warnings })}
      description={
        <Flex vertical gap={8} style={{ marginTop: 4 }}>
          {issues.map((issue, i) => {
            const node = pkg ? nodeAtPath(pkg, issue.path) : undefined;
            const quoted = issue.line !== null ? lines?.[issue.line - 1]?.trim() : undefined;
            return (
              <div key={i} data-testid={`${testId}-item`}>
                <div>
                  <Tag color={issue.severity === 'error' ? 'error' : 'warning'} variant="filled">
                    {t(`schemes.issues.severity.${issue.severity}`)}
                  </Tag>
                  {issue.line !== null ? (
                    <Tag data-testid={`${testId}-line`}>
                      {issue.column !== null
                        ? t('schemes.issues.line_column', { line: issue.line, column: issue.column })
                        : t('schemes.issues.line', { line: issue.line })}
                    </Tag>
                  ) : null}
                  {node && onSelectNode ? (
                    <Typography.Link onClick={() => onSelectNode(node.urn)} style={{ marginInlineEnd: 8 }}>
                      {node.code}
                    </Typography.Link>
                  ) : null}
                  <Typography.Text>{issueText(t, i18n, issue, pkg)}</Typography.Text>
                </div>
                {quoted || (issue.path && node) ? (
                  <Flex gap={8} wrap style={{ marginTop: 2 }}>
                    {quoted ? (
                      <Typography.Text code style={{ fontSize: 12 }}>
                        {issue.line}: {quoted}
                      </Typography.Text>
                    ) : null}
                    {issue.path && node ? (
                      <Typography.Text type="secondary" code style={{ fontSize: 12 }}>
                        {issue.path}
                      </Typography.Text>
                    ) : null}
                  </Flex>
                ) : null}
              </div>
            );
          })}
        </Flex>
      }
    />
  );
}
