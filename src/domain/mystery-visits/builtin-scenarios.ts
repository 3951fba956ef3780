import type { ScenarioContent } from './scenario.ts';

/**
 * Built-in scenarios for GB/T 27922-2011 (after-sales service): an in-store visit to the service counter
 * and a call to the service hotline. Every question samples a sampled item that admits mystery visits
 * (5.2.2 technical support, 5.2.4 repair, 5.2.5 quality assurance, 5.3.1 customer relations, 5.3.2
 * complaint handling). A body copies and adapts them; they are published as version 1 in each body.
 */
export const BUILTIN_SCENARIOS: readonly { code: string; schemeUrn: string; content: ScenarioContent }[] = [
  {
    code: 'GBT27922-STORE',
    schemeUrn: 'urn:starmark:scheme:gbt27922:2011',
    content: {
      channel: 'inStore',
      title: { zh: '门店售后服务台暗访', en: 'In-store visit to the after-sales counter' },
      script: {
        zh: '以顾客身份到店，称家中空调（购买 8 个月）制冷效果差，询问保修政策、维修流程与上门时间；随后表示对上次维修不满意，观察投诉受理过程。不透露暗访身份。',
        en: 'Visit as a customer: your air conditioner (bought 8 months ago) cools poorly; ask about the warranty, the repair process and when a technician can come; then say you were unhappy with an earlier repair and watch how the complaint is taken. Never reveal the visit.',
      },
      consentNotice: null,
      expectedMinutes: { min: 5, max: 90 },
      evidence: [
        {
          key: 'storefront',
          kind: 'photo',
          label: { zh: '门店门头照片', en: 'Photo of the storefront' },
          required: true,
        },
        {
          key: 'receipt',
          kind: 'photo',
          label: { zh: '服务单据或名片', en: 'Service slip or business card' },
          required: false,
        },
      ],
      questions: [
        {
          id: 'greet',
          group: 'reception',
          text: { zh: '进店 1 分钟内有员工主动接待', en: 'A member of staff greeted you within 1 minute' },
          node: '5.3.1',
          answer: { type: 'yesNo', conformingWhen: 'yes' },
          required: true,
          naAllowed: false,
        },
        {
          id: 'badge',
          group: 'reception',
          text: { zh: '接待员工佩戴工牌、着装规范', en: 'The staff member wore a name badge and uniform' },
          node: '5.3.1',
          answer: { type: 'yesNo', conformingWhen: 'yes' },
          required: true,
          naAllowed: false,
        },
        {
          id: 'warranty',
          group: 'policy',
          text: {
            zh: '员工准确说明三包及保修期政策',
            en: 'The staff member explained the warranty (三包) correctly',
          },
          node: '5.2.5',
          answer: { type: 'yesNo', conformingWhen: 'yes' },
          required: true,
          naAllowed: false,
        },
        {
          id: 'repairProcess',
          group: 'repair',
          text: {
            zh: '说明维修流程、收费标准与预计上门时间',
            en: 'The repair process, charges and visit time were explained',
          },
          node: '5.2.4',
          answer: { type: 'yesNo', conformingWhen: 'yes' },
          required: true,
          naAllowed: false,
        },
        {
          id: 'complaint',
          group: 'complaint',
          text: {
            zh: '投诉被登记并告知处理时限',
            en: 'The complaint was recorded and a response time given',
          },
          node: '5.3.2',
          answer: { type: 'yesNo', conformingWhen: 'yes' },
          required: true,
          naAllowed: true,
        },
        {
          id: 'attitude',
          group: 'complaint',
          text: {
            zh: '整体服务态度（1–5 分，4 分及以上为符合）',
            en: 'Overall attitude (1–5; 4 or more conforms)',
          },
          node: '5.3.1',
          answer: { type: 'rating', scale: 5, conformingMin: 4 },
          required: true,
          naAllowed: false,
        },
      ],
    },
  },
  {
    code: 'GBT27922-HOTLINE',
    schemeUrn: 'urn:starmark:scheme:gbt27922:2011',
    content: {
      channel: 'hotline',
      title: { zh: '服务热线暗访', en: 'Service hotline call' },
      script: {
        zh: '拨打企业公布的服务热线，称冰箱不制冷，询问是否可远程指导排查、保修范围与上门维修预约；通话结束前提出对等待时间的投诉。',
        en: 'Call the published service hotline: your fridge is not cooling; ask for remote troubleshooting, the warranty cover and a repair appointment; before hanging up, complain about the waiting time.',
      },
      consentNotice: {
        zh: '通话将被录音，仅用于认证评价；录音文件仅认证机构评价人员可见。',
        en: 'The call is recorded for the certification evaluation only; only the certification body’s evaluators can hear it.',
      },
      expectedMinutes: { min: 2, max: 45 },
      evidence: [
        { key: 'recording', kind: 'audio', label: { zh: '通话录音', en: 'Call recording' }, required: true },
        {
          key: 'callLog',
          kind: 'photo',
          label: { zh: '通话记录截图', en: 'Screenshot of the call log' },
          required: false,
        },
      ],
      questions: [
        {
          id: 'answered',
          group: 'reception',
          text: { zh: '30 秒内接通人工服务', en: 'A person answered within 30 seconds' },
          node: '5.3.1',
          answer: { type: 'yesNo', conformingWhen: 'yes' },
          required: true,
          naAllowed: false,
        },
        {
          id: 'remoteHelp',
          group: 'repair',
          text: { zh: '提供远程技术指导', en: 'Remote technical guidance was offered' },
          node: '5.2.2',
          answer: { type: 'yesNo', conformingWhen: 'yes' },
          required: true,
          naAllowed: false,
        },
        {
          id: 'appointment',
          group: 'repair',
          text: { zh: '预约上门时间明确并复述确认', en: 'The repair appointment was clear and read back' },
          node: '5.2.4',
          answer: { type: 'yesNo', conformingWhen: 'yes' },
          required: true,
          naAllowed: false,
        },
        {
          id: 'complaintLogged',
          group: 'complaint',
          text: { zh: '投诉被受理并提供工单号', en: 'The complaint was accepted with a ticket number' },
          node: '5.3.2',
          answer: { type: 'yesNo', conformingWhen: 'yes' },
          required: true,
          naAllowed: false,
        },
      ],
    },
  },
];
