import type { QuestionnaireContent } from './questionnaire.ts';

/**
 * The built-in after-sales service questionnaire (GB/T 27922 顾客服务): five CSI dimensions rated 1–5 with
 * weights, overall satisfaction, NPS, a follow-up for detractors, the channel and a free comment. A body
 * copies it and changes wording, weights or questions; every change is a new version.
 */
export const AFTER_SALES_TEMPLATE: QuestionnaireContent = {
  title: { zh: '售后服务顾客满意度调查', en: 'After-sales service customer satisfaction survey' },
  intro: {
    zh: '感谢您抽出约两分钟评价本网点最近一次为您提供的售后服务。',
    en: 'Thank you for taking about two minutes to rate the after-sales service this outlet last gave you.',
  },
  dimensions: [
    { id: 'speed', title: { zh: '响应速度', en: 'Response speed' }, weight: 0.2 },
    { id: 'attitude', title: { zh: '服务态度', en: 'Staff attitude' }, weight: 0.2 },
    { id: 'competence', title: { zh: '专业能力', en: 'Professional competence' }, weight: 0.2 },
    { id: 'quality', title: { zh: '维修质量', en: 'Repair quality' }, weight: 0.25 },
    { id: 'complaints', title: { zh: '投诉处理', en: 'Complaint handling' }, weight: 0.15 },
  ],
  questions: [
    {
      id: 'speed',
      kind: 'rating',
      scale: 5,
      dimension: 'speed',
      required: true,
      text: { zh: '服务人员响应您的需求是否及时？', en: 'How quickly did the service staff respond to you?' },
      lowLabel: { zh: '很不满意', en: 'Very dissatisfied' },
      highLabel: { zh: '非常满意', en: 'Very satisfied' },
    },
    {
      id: 'attitude',
      kind: 'rating',
      scale: 5,
      dimension: 'attitude',
      required: true,
      text: { zh: '服务人员的态度如何？', en: 'How was the staff’s attitude?' },
      lowLabel: { zh: '很不满意', en: 'Very dissatisfied' },
      highLabel: { zh: '非常满意', en: 'Very satisfied' },
    },
    {
      id: 'competence',
      kind: 'rating',
      scale: 5,
      dimension: 'competence',
      required: true,
      text: { zh: '服务人员的专业能力如何？', en: 'How competent were the staff?' },
      lowLabel: { zh: '很不满意', en: 'Very dissatisfied' },
      highLabel: { zh: '非常满意', en: 'Very satisfied' },
    },
    {
      id: 'quality',
      kind: 'rating',
      scale: 5,
      dimension: 'quality',
      required: true,
      text: { zh: '维修（安装）质量如何？', en: 'How good was the repair (or installation)?' },
      lowLabel: { zh: '很不满意', en: 'Very dissatisfied' },
      highLabel: { zh: '非常满意', en: 'Very satisfied' },
    },
    {
      id: 'complained',
      kind: 'single',
      required: true,
      text: { zh: '这次服务中您是否提出过投诉？', en: 'Did you make a complaint during this service?' },
      options: [
        { value: 'yes', text: { zh: '是', en: 'Yes' } },
        { value: 'no', text: { zh: '否', en: 'No' } },
      ],
    },
    {
      id: 'complaints',
      kind: 'rating',
      scale: 5,
      dimension: 'complaints',
      required: true,
      showIf: { question: 'complained', anyOf: ['yes'] },
      text: {
        zh: '您对投诉的处理是否满意？',
        en: 'How satisfied are you with how your complaint was handled?',
      },
      lowLabel: { zh: '很不满意', en: 'Very dissatisfied' },
      highLabel: { zh: '非常满意', en: 'Very satisfied' },
    },
    {
      id: 'overall',
      kind: 'rating',
      scale: 5,
      required: true,
      text: {
        zh: '总体而言，您对本次售后服务是否满意？',
        en: 'Overall, how satisfied are you with this service?',
      },
      lowLabel: { zh: '很不满意', en: 'Very dissatisfied' },
      highLabel: { zh: '非常满意', en: 'Very satisfied' },
    },
    {
      id: 'recommend',
      kind: 'nps',
      required: true,
      text: {
        zh: '您有多大可能向亲友推荐本品牌的售后服务？（0 = 完全不可能，10 = 非常可能）',
        en: 'How likely are you to recommend this brand’s after-sales service to friends? (0 = not at all, 10 = extremely)',
      },
    },
    {
      id: 'channel',
      kind: 'multiple',
      required: false,
      text: { zh: '您通过哪些渠道联系了售后服务？', en: 'How did you contact after-sales service?' },
      options: [
        { value: 'phone', text: { zh: '电话', en: 'Phone' } },
        { value: 'app', text: { zh: '微信 / App', en: 'WeChat / app' } },
        { value: 'store', text: { zh: '到店', en: 'In the outlet' } },
        { value: 'other', text: { zh: '其他', en: 'Other' } },
      ],
    },
    {
      id: 'comment',
      kind: 'text',
      required: false,
      maxLength: 1000,
      text: { zh: '还有什么想告诉我们的吗？', en: 'Anything else you would like to tell us?' },
    },
  ],
};
