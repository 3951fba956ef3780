/**
 * The CNCA monthly workbook's default layout (certification.md §8): sheet names and headers as the
 * 上报规范 names them as far as they are known. The full current field lists must be taken from the
 * platform's current specification, so a certification body configures its exact headers and column
 * order in its certificate settings (`cncaReport`); the export writes them exactly as configured. Each
 * column names a field from CNCA_FIELDS.
 */
export const DEFAULT_CNCA_REPORT = {
  sheets: [
    {
      name: '审核计划信息表',
      columns: [
        { header: '审核计划编号', field: 'auditPlanNumber' },
        { header: '组织名称', field: 'entityName' },
        { header: '统一社会信用代码', field: 'creditCode' },
        { header: '认证项目', field: 'projectCode' },
        { header: '审核类型', field: 'auditType' },
        { header: '审核方式', field: 'auditMode' },
        { header: '评价编号', field: 'evaluationId' },
      ],
    },
    {
      name: '证书信息表',
      columns: [
        { header: '证书编号', field: 'certificateNumber' },
        { header: '组织名称', field: 'entityName' },
        { header: '统一社会信用代码', field: 'creditCode' },
        { header: '组织地址', field: 'address' },
        { header: '认证项目', field: 'projectCode' },
        { header: '认证依据', field: 'standards' },
        { header: '认证范围', field: 'scope' },
        { header: '认证等级', field: 'level' },
        { header: '覆盖场所数', field: 'siteCount' },
        { header: '颁证日期', field: 'issueDate' },
        { header: '证书到期日期', field: 'expiryDate' },
        { header: '证书状态', field: 'statusCode' },
        { header: '证书状态名称', field: 'statusLabel' },
        { header: '状态变化日期', field: 'statusDate' },
        { header: '变化原因', field: 'reason' },
        { header: '认可标志', field: 'accreditationMark' },
      ],
    },
    {
      name: '审核结果信息表',
      columns: [
        { header: '证书编号', field: 'certificateNumber' },
        { header: '组织名称', field: 'entityName' },
        { header: '评价得分', field: 'score' },
        { header: '评价结论', field: 'level' },
        { header: '认证决定日期', field: 'decisionDate' },
        { header: '方案版本', field: 'schemeVersion' },
      ],
    },
  ],
};

export const CNCA_FIELDS = [
  'auditPlanNumber',
  'entityName',
  'creditCode',
  'address',
  'projectCode',
  'auditType',
  'auditMode',
  'evaluationId',
  'certificateNumber',
  'standards',
  'scope',
  'level',
  'siteCount',
  'issueDate',
  'expiryDate',
  'statusCode',
  'statusLabel',
  'statusDate',
  'reason',
  'accreditationMark',
  'score',
  'decisionDate',
  'schemeVersion',
  'changeType',
] as const;
