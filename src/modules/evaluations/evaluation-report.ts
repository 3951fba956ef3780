import { clientsRepository } from '../../db/repositories/clients.repository.ts';
import { organisationsRepository } from '../../db/repositories/organisations.repository.ts';
import {
  applicationsRepository,
  decisionsRepository,
  findingsRepository,
  programmesRepository,
  reviewsRepository,
} from '../../db/repositories/workflow.repository.ts';
import type { EvaluationResult } from '../../domain/scoring/index.ts';
import type { AppContext } from '../../http/context.ts';
import { requirePermission, type Actor } from '../auth/actor.ts';
import { sitesOf, teamOf } from './evaluation-records.ts';
import { liveResult } from './evaluation-execution.service.ts';
import { visibleEvaluation } from './evaluations.service.ts';
import { cbToday, schemeFor } from './workflow-support.ts';
import { createPdf, field, heading, INK, MUTED, table, toBuffer } from '../documents/pdf-kit.ts';
import { COMMON, labelOf, REASON, ROLE, STAGE, type Lang, type Text } from './evaluation-labels.ts';

/**
 * The evaluation report (《商品售后服务评价体系审查报告》) as an A4 PDF, Chinese by default or English:
 * client, scope, team, dates, sites and why each was sampled, the score table by indicator, special
 * items, findings and their status, the conclusion and level, and a signature block. A decided
 * evaluation shows its frozen result; otherwise the live result, marked as pending decision.
 */
const L = {
  ...COMMON,
  title: { 'zh-CN': '商品售后服务认证评价报告', en: 'After-sales Service Certification — Evaluation Report' },
  client: { 'zh-CN': '一、受评价组织', en: '1. Organisation evaluated' },
  team: { 'zh-CN': '二、评价组与日期', en: '2. Team and dates' },
  dates: { 'zh-CN': '评价日期', en: 'Dates' },
  sites: { 'zh-CN': '三、评价场所及抽样理由', en: '3. Sites and why they were sampled' },
  scores: { 'zh-CN': '四、评分（按指标）', en: '4. Score by indicator' },
  indicator: { 'zh-CN': '指标', en: 'Indicator' },
  applicable: { 'zh-CN': '涉及分值', en: 'Applicable' },
  achieved: { 'zh-CN': '得分', en: 'Achieved' },
  status: { 'zh-CN': '状态', en: 'Status' },
  specials: { 'zh-CN': '五、删减与特别项', en: '5. Exclusions and special items' },
  findings: { 'zh-CN': '六、不符合项及整改', en: '6. Findings and corrections' },
  conclusion: { 'zh-CN': '七、结论与等级', en: '7. Conclusion and level' },
  signatures: { 'zh-CN': '八、签字', en: '8. Signatures' },
  pending: {
    'zh-CN': '评价组结论，待技术评审与认证决定；分数为评价引擎的当前计算结果。',
    en: 'Team conclusion pending technical review and certification decision; the score is the engine’s current result.',
  },
} satisfies Record<string, Text>;

const SEVERITY = {
  specialDeduction: { 'zh-CN': '特别扣分项', en: 'Special deduction' },
  nonconformity: { 'zh-CN': '不符合项', en: 'Nonconformity' },
  observation: { 'zh-CN': '观察项', en: 'Observation' },
} as const;
const FINDING_STATE = {
  open: { 'zh-CN': '待整改', en: 'Open' },
  answered: { 'zh-CN': '已回复', en: 'Answered' },
  accepted: { 'zh-CN': '已关闭', en: 'Accepted' },
  reopened: { 'zh-CN': '重新整改', en: 'Reopened' },
} as const;
const NODE_STATUS = {
  scored: { 'zh-CN': '已评', en: 'Scored' },
  excluded: { 'zh-CN': '删减', en: 'Excluded' },
  unscorable: { 'zh-CN': '未评', en: 'Not scored' },
  partial: { 'zh-CN': '部分', en: 'Partial' },
} as const;
const fmt = (n: number | null | undefined) =>
  n === null || n === undefined ? '—' : String(Math.round(n * 100) / 100);

export async function evaluationReportPdf(
  ctx: AppContext,
  actor: Actor,
  id: string,
  lang: Lang,
): Promise<{ file: Buffer; name: string }> {
  requirePermission(actor, 'evaluations.read');
  const row = await visibleEvaluation(ctx.db, actor, id);
  const decisions = await decisionsRepository.ofEvaluation(ctx.db, row.cbId, row.id);
  const decision = row.state === 'decided' ? decisions.at(-1) : undefined;
  const result: EvaluationResult = decision
    ? (JSON.parse(decision.resultJson) as EvaluationResult)
    : (await liveResult(ctx, ctx.db, row)).result;
  const scheme = await schemeFor(ctx.db, row.cbId, row.schemeUrn, row.schemeVersion);
  const cb = await organisationsRepository.get(ctx.db, row.cbId, row.cbId);
  const client = await organisationsRepository.get(ctx.db, row.cbId, row.clientId);
  const registry = await clientsRepository.get(ctx.db, row.cbId, row.clientId);
  const programme = await programmesRepository.get(ctx.db, row.cbId, row.programmeId);
  const app = programme
    ? await applicationsRepository.get(ctx.db, row.cbId, programme.applicationId)
    : undefined;
  const findings = await findingsRepository.ofEvaluation(ctx.db, row.cbId, row.id);
  const reviews = await reviewsRepository.ofEvaluation(ctx.db, row.cbId, row.id);
  const approval = reviews.filter((r) => r.outcome === 'approved').at(-1);
  const today = await cbToday(ctx, ctx.db, row.cbId);
  const zh = lang === 'zh-CN';
  const t = (x: Text) => x[lang];
  const title = (x: { zh: string; en?: string | undefined }) => (zh ? x.zh : (x.en ?? x.zh));

  const doc = createPdf({
    size: 'A4',
    margins: { top: 56, bottom: 56, left: 50, right: 50 },
    bufferPages: true,
    info: { Title: `${t(L.title)} ${client?.name ?? ''}`, Author: cb?.name ?? '' },
  });
  const done = toBuffer(doc);
  const inner = doc.page.width - 100;

  // Title block.
  doc
    .font('bold')
    .fontSize(11)
    .fillColor(MUTED)
    .text(cb?.name ?? '', { align: 'center' });
  doc.moveDown(0.3);
  doc.font('bold').fontSize(18).fillColor(INK).text(t(L.title), { align: 'center' });
  doc.moveDown(0.2);
  doc
    .font('regular')
    .fontSize(9)
    .fillColor(MUTED)
    .text(
      `${zh ? '报告编号' : 'Report'} ${row.id.slice(0, 8).toUpperCase()}  ·  ${zh ? '出具日期' : 'Date'} ${today}`,
      {
        align: 'center',
      },
    );
  doc.moveDown(0.8);

  heading(doc, t(L.client));
  field(
    doc,
    t(L.name),
    registry
      ? zh
        ? registry.legalNameZh
        : (registry.legalNameEn ?? registry.legalNameZh)
      : (client?.name ?? ''),
  );
  field(doc, t(L.creditCode), registry?.creditCode ?? '—');
  field(doc, t(L.address), registry?.operatingAddress ?? registry?.registeredAddress ?? '—');
  field(doc, t(L.scope), (zh ? app?.scopeZh : (app?.scopeEn ?? app?.scopeZh)) ?? '—');
  field(
    doc,
    t(L.scheme),
    `${title(scheme.package.title)}  ${row.schemeVersion}  (SHA-256 ${row.schemeContentHash.slice(0, 16)}…)`,
  );
  field(doc, t(L.stage), labelOf(STAGE, row.stage, lang));

  heading(doc, t(L.team));
  const team = teamOf(row);
  table(
    doc,
    [
      { title: zh ? '姓名' : 'Name', width: inner * 0.4 },
      { title: zh ? '角色' : 'Role', width: inner * 0.6 },
    ],
    team.length ? team.map((m) => [m.name, labelOf(ROLE, m.role, lang)]) : [[t(L.none), '']],
  );
  field(doc, t(L.dates), row.plannedStart ? `${row.plannedStart} — ${row.plannedEnd ?? ''}` : '—');

  heading(doc, t(L.sites));
  table(
    doc,
    [
      { title: zh ? '编码' : 'Code', width: inner * 0.12 },
      { title: zh ? '名称' : 'Name', width: inner * 0.22 },
      { title: t(L.address), width: inner * 0.28 },
      { title: zh ? '抽样理由' : 'Why sampled', width: inner * 0.38 },
    ],
    sitesOf(row).map((s) => [
      s.code,
      s.name,
      s.address ?? '',
      `${labelOf(REASON, s.reason, lang)} — ${zh ? s.why.zh : s.why.en}`,
    ]),
  );

  heading(doc, t(L.scores));
  const nodes = result.trace.nodes.filter((n) => n.level >= 1);
  table(
    doc,
    [
      { title: zh ? '条款' : 'Clause', width: inner * 0.12 },
      { title: t(L.indicator), width: inner * 0.46 },
      { title: t(L.applicable), width: inner * 0.14, align: 'right' },
      { title: t(L.achieved), width: inner * 0.14, align: 'right' },
      { title: t(L.status), width: inner * 0.14, align: 'center' },
    ],
    nodes.map((n) => [
      n.code,
      `${'  '.repeat(Math.max(0, n.level - 1))}${title(n.title)}`,
      fmt(n.applicablePoints),
      fmt(n.achievedPoints),
      t(NODE_STATUS[n.status]),
    ]),
    { bold: (i) => nodes[i]!.level === 1 },
  );
  const tt = result.totals;
  table(
    doc,
    [
      { title: zh ? '项目' : 'Item', width: inner * 0.7 },
      { title: zh ? '数值' : 'Value', width: inner * 0.3, align: 'right' },
    ],
    [
      [zh ? '涉及项分值' : 'Applicable points', fmt(tt.applicablePoints)],
      [zh ? '实得分' : 'Points achieved', fmt(tt.achievedPoints)],
      [
        zh ? '归一化得分（实得分 ÷ 涉及项分值 × 100）' : 'Normalised (achieved ÷ applicable × 100)',
        fmt(tt.normalisedScore),
      ],
      [
        zh ? '特别扣分项' : 'Special deductions',
        `−${fmt(tt.specialDeductions.total)} (${tt.specialDeductions.count})`,
      ],
      [zh ? '特别加分项' : 'Special bonus', `+${fmt(tt.specialBonus.total)} (${tt.specialBonus.count})`],
      [zh ? '最终得分' : 'Final score', tt.scoreText ?? '—'],
    ],
    { bold: (i) => i === 5 },
  );

  heading(doc, t(L.specials));
  const specials = [
    ...result.exclusions.map((x) => [zh ? '删减' : 'Exclusion', x.node, x.justification]),
    ...result.specialDeductions.map((d) => [
      t(SEVERITY.specialDeduction),
      d.node ?? '',
      `${title(d.categoryTitle)}：${d.description ?? d.finding}（${d.finding}）`,
    ]),
    ...result.specialBonuses.map((b) => [zh ? '特别加分项' : 'Special bonus', b.node ?? '', b.justification]),
  ];
  table(
    doc,
    [
      { title: zh ? '类型' : 'Kind', width: inner * 0.18 },
      { title: zh ? '条款' : 'Clause', width: inner * 0.12 },
      { title: zh ? '说明' : 'Detail', width: inner * 0.7 },
    ],
    specials.length ? specials : [[t(L.none), '', '']],
  );

  heading(doc, t(L.findings));
  table(
    doc,
    [
      { title: zh ? '编号' : 'Ref', width: inner * 0.08 },
      { title: zh ? '条款' : 'Clause', width: inner * 0.1 },
      { title: zh ? '类别' : 'Severity', width: inner * 0.15 },
      { title: zh ? '描述' : 'Description', width: inner * 0.4 },
      { title: zh ? '期限' : 'Due', width: inner * 0.13 },
      { title: t(L.status), width: inner * 0.14 },
    ],
    findings.length
      ? findings.map((f) => [
          `F-${f.number}`,
          f.node,
          t(SEVERITY[f.severity]),
          f.description,
          f.dueDate,
          t(FINDING_STATE[f.state]),
        ])
      : [[t(L.none), '', '', '', '', '']],
  );

  heading(doc, t(L.conclusion));
  const level = result.outcome.level;
  const outcome =
    decision?.decision === 'grant'
      ? zh
        ? `认证决定：批准认证，等级 ${decision.levelTitleZh}（得分 ${decision.scoreText}），决定日期 ${decision.decisionDate}。`
        : `Decision: certification granted at ${decision.levelTitleEn} (score ${decision.scoreText}) on ${decision.decisionDate}.`
      : decision?.decision === 'refuse'
        ? zh
          ? `认证决定：不予认证（${decision.reasons ?? ''}），决定日期 ${decision.decisionDate}。`
          : `Decision: certification refused (${decision.reasons ?? ''}) on ${decision.decisionDate}.`
        : `${t(L.pending)} ${
            level
              ? zh
                ? `得分 ${tt.scoreText}，可评为 ${level.title.zh}。`
                : `Score ${tt.scoreText}: ${level.title.en ?? level.title.zh}.`
              : zh
                ? `得分 ${tt.scoreText ?? '—'}，未达到等级。`
                : `Score ${tt.scoreText ?? '—'}: no level reached.`
          }`;
  doc.font('bold').fontSize(10.5).fillColor(INK).text(outcome, { width: inner });
  doc.moveDown(0.3);
  for (const r of result.outcome.reasons)
    doc
      .font('regular')
      .fontSize(9)
      .fillColor(MUTED)
      .text(`· ${zh ? r.zh : r.en}`, { width: inner });
  doc
    .font('regular')
    .fontSize(8)
    .fillColor(MUTED)
    .text(
      `${zh ? '评分引擎' : 'Engine'} ${result.engineVersion} · ${zh ? '方案内容哈希' : 'scheme content hash'} ${row.schemeContentHash}`,
      { width: inner },
    );

  heading(doc, t(L.signatures));
  const lead = team.find((m) => m.role === 'lead');
  const sign = [
    [zh ? '评价组长' : 'Lead evaluator', lead?.name ?? '', row.submittedAt?.slice(0, 10) ?? ''],
    [
      zh ? '技术评审' : 'Technical reviewer',
      approval?.reviewerName ?? '',
      approval?.createdAt.slice(0, 10) ?? '',
    ],
    [zh ? '认证决定' : 'Decision maker', decision?.decidedByName ?? '', decision?.decisionDate ?? ''],
  ];
  table(
    doc,
    [
      { title: zh ? '职责' : 'Function', width: inner * 0.25 },
      { title: zh ? '姓名' : 'Name', width: inner * 0.25 },
      { title: zh ? '签字' : 'Signature', width: inner * 0.3 },
      { title: zh ? '日期' : 'Date', width: inner * 0.2 },
    ],
    sign.map(([fn, name, date]) => [fn!, name!, '\n\n', date!]),
  );

  // Page numbers.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing in the bottom margin must not start a new page.
    doc.page.margins.bottom = 0;
    doc
      .font('regular')
      .fontSize(8)
      .fillColor(MUTED)
      .text(
        `${registry?.legalNameZh ?? client?.name ?? ''} · ${i + 1} / ${range.count}`,
        50,
        doc.page.height - 40,
        {
          width: inner,
          align: 'center',
          lineBreak: false,
        },
      );
  }
  doc.end();
  const file = await done;
  return { file, name: `${zh ? '评价报告' : 'evaluation-report'}-${client?.name ?? row.id}.pdf` };
}
