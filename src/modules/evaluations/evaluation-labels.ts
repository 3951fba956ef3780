import type { TeamRole } from '../../domain/workflow/index.ts';
import type { EvaluationSite } from './evaluation-records.ts';

/** Labels the evaluation plan and the evaluation report PDFs share, Chinese and English. */
export type Lang = 'zh-CN' | 'en';
export type Text = Record<Lang, string>;

/** Field labels of the organisation block both documents open with, and `none` for an empty table. */
export const COMMON = {
  name: { 'zh-CN': '组织名称', en: 'Name' },
  creditCode: { 'zh-CN': '统一社会信用代码', en: 'Credit code' },
  address: { 'zh-CN': '地址', en: 'Address' },
  scope: { 'zh-CN': '认证范围', en: 'Scope' },
  scheme: { 'zh-CN': '认证依据', en: 'Criteria' },
  stage: { 'zh-CN': '评价类型', en: 'Evaluation' },
  none: { 'zh-CN': '无', en: 'None' },
} satisfies Record<string, Text>;

export const ROLE: Record<TeamRole, Text> = {
  lead: { 'zh-CN': '评价组长', en: 'Lead evaluator' },
  evaluator: { 'zh-CN': '评价员', en: 'Evaluator' },
  expert: { 'zh-CN': '技术专家', en: 'Technical expert' },
};

export const REASON: Record<EvaluationSite['reason'], Text> = {
  headquarters: { 'zh-CN': '总部', en: 'Headquarters' },
  risk: { 'zh-CN': '按风险', en: 'By risk' },
  random: { 'zh-CN': '随机', en: 'Random' },
  manual: { 'zh-CN': '人工增加', en: 'Added by hand' },
};

export const STAGE: Record<string, Text> = {
  initial: { 'zh-CN': '初次认证评价', en: 'Initial evaluation' },
  surveillance1: { 'zh-CN': '第一次监督评价', en: 'Surveillance 1' },
  surveillance2: { 'zh-CN': '第二次监督评价', en: 'Surveillance 2' },
  recertification: { 'zh-CN': '再认证评价', en: 'Recertification' },
  special: { 'zh-CN': '特殊评价', en: 'Special evaluation' },
};

/** The label of `key`, or the key itself for a stored value no map knows (yet). */
export function labelOf(map: Record<string, Text>, key: string, lang: Lang): string {
  return map[key]?.[lang] ?? key;
}
