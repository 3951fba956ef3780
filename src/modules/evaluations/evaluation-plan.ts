import { clientsRepository } from '../../db/repositories/clients.repository.ts';
import { organisationsRepository } from '../../db/repositories/organisations.repository.ts';
import {
  applicationsRepository,
  evaluationsRepository,
  programmesRepository,
} from '../../db/repositories/workflow.repository.ts';
import type { AppContext } from '../../http/context.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { organisationScope, requirePermission, type Actor } from '../auth/actor.ts';
import { sitesOf, teamOf, techniquesOf } from './evaluation-records.ts';
import { cbToday, schemeFor } from './workflow-support.ts';
import { ACCENT, createPdf, field, heading, INK, MUTED, table, toBuffer } from '../documents/pdf-kit.ts';
import { COMMON, labelOf, REASON, ROLE, STAGE, type Lang, type Text } from './evaluation-labels.ts';

/**
 * The evaluation plan sent to the client (issue 5 item 4) as an A4 PDF, Chinese by default or English:
 * the organisation and scope, the scheme version, the team with each member's role, the dates, the sites
 * (headquarters and the sampled outlets) with why each was sampled, and the evaluation techniques per
 * indicator. A client sees it once the plan has been sent.
 */
const L = {
  ...COMMON,
  title: { 'zh-CN': '商品售后服务认证评价计划', en: 'After-sales Service Certification — Evaluation Plan' },
  client: { 'zh-CN': '一、受评价组织', en: '1. Organisation to be evaluated' },
  team: { 'zh-CN': '二、评价组', en: '2. Evaluation team' },
  dates: { 'zh-CN': '三、评价日期', en: '3. Dates' },
  from: { 'zh-CN': '开始', en: 'From' },
  to: { 'zh-CN': '结束', en: 'To' },
  sites: { 'zh-CN': '四、评价场所及抽样理由', en: '4. Sites and why each was sampled' },
  techniques: { 'zh-CN': '五、评价方法（按指标）', en: '5. Evaluation techniques by indicator' },
  notes: { 'zh-CN': '六、说明', en: '6. Notes' },
  notesText: {
    'zh-CN':
      '评价在营业时间内进行，包括文件审查、现场观察、人员访谈、记录抽查及顾客访谈。如对评价组成员存在公正性异议，或需调整日期，请在评价开始前与认证机构联系。',
    en: 'The evaluation takes place during business hours: document review, on-site observation, staff interviews, record sampling and customer interviews. Tell the certification body before the evaluation starts if you object to a team member on impartiality grounds or need other dates.',
  },
  draft: {
    'zh-CN': '草稿：计划尚未发送给受评价组织',
    en: 'Draft: the plan has not been sent to the client yet',
  },
} satisfies Record<string, Text>;
const TECHNIQUE: Record<string, Text> = {
  documentReview: { 'zh-CN': '文件审查', en: 'Document review' },
  onSiteHQ: { 'zh-CN': '总部现场评价', en: 'On site at headquarters' },
  onSiteOutlet: { 'zh-CN': '网点现场评价', en: 'On site at outlets' },
  mysteryVisit: { 'zh-CN': '暗访（神秘顾客）', en: 'Mystery visit' },
  customerSurvey: { 'zh-CN': '顾客调查', en: 'Customer survey' },
  recordSample: { 'zh-CN': '记录抽查', en: 'Record sampling' },
};

/**
 * The plan PDF. CB readers of the evaluation may fetch it at any time (a draft is marked as such); the
 * client (programmes.read, its own) only once the plan was sent (409 `plan_not_sent` before).
 */
export async function evaluationPlanPdf(
  ctx: AppContext,
  actor: Actor,
  id: string,
  lang: Lang,
): Promise<{ file: Buffer; name: string }> {
  // The client reads plans through its programme (programmes.read), as the programme page shows them.
  requirePermission(actor, 'programmes.read');
  const row = await evaluationsRepository.get(ctx.db, actor.cbId, id);
  const scope = organisationScope(actor);
  if (!row || (scope && row.clientId !== scope)) throw notFound('Evaluation');
  if (scope && !row.planSentAt) {
    throw new AppError(409, 'plan_not_sent', 'The evaluation plan has not been sent yet.');
  }
  const scheme = await schemeFor(ctx.db, row.cbId, row.schemeUrn, row.schemeVersion);
  const cb = await organisationsRepository.get(ctx.db, row.cbId, row.cbId);
  const client = await organisationsRepository.get(ctx.db, row.cbId, row.clientId);
  const registry = await clientsRepository.get(ctx.db, row.cbId, row.clientId);
  const programme = await programmesRepository.get(ctx.db, row.cbId, row.programmeId);
  const app = programme
    ? await applicationsRepository.get(ctx.db, row.cbId, programme.applicationId)
    : undefined;
  const today = await cbToday(ctx, ctx.db, row.cbId);
  const zh = lang === 'zh-CN';
  const t = (x: Text) => x[lang];
  const title = (x: { zh: string; en?: string | undefined }) => (zh ? x.zh : (x.en ?? x.zh));

  const doc = createPdf({
    size: 'A4',
    margins: { top: 56, bottom: 56, left: 50, right: 50 },
    info: { Title: `${t(L.title)} ${client?.name ?? ''}`, Author: cb?.name ?? '' },
  });
  const done = toBuffer(doc);
  const inner = doc.page.width - 100;

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
      `${zh ? '计划编号' : 'Plan'} ${row.id.slice(0, 8).toUpperCase()}  ·  ${
        row.planSentAt
          ? `${zh ? '发送日期' : 'Sent'} ${row.planSentAt.slice(0, 10)}`
          : `${zh ? '日期' : 'Date'} ${today}`
      }`,
      { align: 'center' },
    );
  if (!row.planSentAt) {
    doc.moveDown(0.3);
    doc.font('bold').fontSize(10).fillColor(ACCENT).text(t(L.draft), { align: 'center' });
  }
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
  field(doc, t(L.scheme), `${title(scheme.package.title)}  ${row.schemeVersion}`);
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

  heading(doc, t(L.dates));
  field(doc, t(L.from), row.plannedStart ?? '—');
  field(doc, t(L.to), row.plannedEnd ?? '—');

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

  heading(doc, t(L.techniques));
  const techniques = techniquesOf(row) as Record<string, string[]>;
  const titles = new Map<string, string>();
  const walk = (n: {
    code?: string;
    id?: string;
    title?: { zh: string; en?: string };
    children?: unknown[];
  }) => {
    const code = n.code ?? n.id;
    if (code && n.title) titles.set(code, title(n.title));
    for (const c of (n.children ?? []) as (typeof n)[]) walk(c);
  };
  walk(scheme.package.tree as never);
  const nodes = Object.keys(techniques).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  table(
    doc,
    [
      { title: zh ? '条款' : 'Clause', width: inner * 0.12 },
      { title: zh ? '指标' : 'Indicator', width: inner * 0.48 },
      { title: zh ? '评价方法' : 'Techniques', width: inner * 0.4 },
    ],
    nodes.length
      ? nodes.map((n) => [
          n,
          titles.get(n) ?? '',
          (techniques[n] ?? []).map((x) => labelOf(TECHNIQUE, x, lang)).join(zh ? '、' : ', '),
        ])
      : [['', t(L.none), '']],
  );

  heading(doc, t(L.notes));
  doc.font('regular').fontSize(9.5).fillColor(INK).text(t(L.notesText), { width: inner });

  doc.end();
  const file = await done;
  const who = registry?.legalNameZh ?? client?.name ?? 'client';
  return { file, name: `${zh ? '评价计划' : 'evaluation-plan'}-${who}-${row.stage}.pdf` };
}
