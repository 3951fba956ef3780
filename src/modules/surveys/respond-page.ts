import type { Question, QuestionnaireContent, SurveyText } from '../../domain/surveys/index.ts';

/**
 * The respondent's page: server-rendered HTML with one small form, no JavaScript, readable on a phone,
 * Chinese or English (`?lang=en`). Every value shown passes through `esc`. Questions that depend on an
 * earlier answer are shown with their condition ("answer if …"): without JavaScript the page cannot hide
 * them, and the server drops an answer to a question whose condition is not met.
 */
export type PageLang = 'zh' | 'en';

export const esc = (v: unknown): string =>
  String(v ?? '').replace(
    /[&<>"'`=/]/g,
    (c) =>
      ({
        '&': '&amp;',
        '<': '&lt;',
        '>': '&gt;',
        '"': '&quot;',
        "'": '&#39;',
        '`': '&#96;',
        '=': '&#61;',
        '/': '&#47;',
      })[c]!,
  );

const UI = {
  zh: {
    submit: '提交',
    required: '必答',
    optional: '选答',
    outlet: '您去过哪个服务网点？',
    choose: '请选择',
    errors: '请检查以下问题：',
    answerIf: '如果您在“{q}”中选择了：{v}，请回答',
    thanks: '感谢您的反馈！',
    thanksBody: '您的回答已提交。',
    closed: '本调查已结束。',
    notOpen: '本调查尚未开始。',
    used: '此专属链接已使用过，每个链接只能提交一次。',
    expired: '此专属链接已过期。',
    unknown: '未找到此调查链接。',
    quota: '本网点已收集到足够的回答，感谢您的支持。',
    stale: '页面已过期，请检查后重新提交。',
    anonymous: '本调查为匿名调查：不记录您的 IP 地址，回答不与您的身份关联。',
    identified: '本调查为实名回访：回答将与邀请您的记录关联。',
    low: '低',
    high: '高',
    other: 'English',
    otherLang: 'en',
  },
  en: {
    submit: 'Submit',
    required: 'required',
    optional: 'optional',
    outlet: 'Which service outlet did you visit?',
    choose: 'Choose…',
    errors: 'Please check these questions:',
    answerIf: 'Answer if you chose {v} in “{q}”',
    thanks: 'Thank you for your feedback!',
    thanksBody: 'Your answers have been received.',
    closed: 'This survey has closed.',
    notOpen: 'This survey has not started yet.',
    used: 'This personal link has already been used: each link takes one answer.',
    expired: 'This personal link has expired.',
    unknown: 'This survey link does not exist.',
    quota: 'This outlet already has all the answers it needs. Thank you.',
    stale: 'The page had expired: please check and submit again.',
    anonymous: 'This survey is anonymous: your IP address is not recorded and answers are not linked to you.',
    identified: 'This is an identified follow-up: your answers are linked to your invitation.',
    low: 'low',
    high: 'high',
    other: '中文',
    otherLang: 'zh',
  },
} as const;

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font-family:"Noto Sans SC","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif;background:#f5f5f4;color:#1f1f1f;line-height:1.5;font-size:16px}
header{background:#b3261e;color:#fff;padding:12px 16px;display:flex;justify-content:space-between;align-items:center;gap:8px}
header h1{margin:0;font-size:1.1rem}
header a{color:#fff;font-size:.9rem}
main{max-width:640px;margin:0 auto;padding:12px}
.intro,.note{font-size:.9rem;color:#444;margin:8px 2px}
form{display:grid;gap:12px}
fieldset{background:#fff;border:0;border-radius:10px;padding:12px;margin:0;box-shadow:0 1px 2px rgba(0,0,0,.08)}
legend{font-weight:600;padding:0;margin-bottom:8px;float:left;width:100%}
legend+*{clear:left}
.tag{font-weight:400;font-size:.78rem;color:#666;margin-left:6px}
.cond{font-size:.8rem;color:#6d4c00;display:block;font-weight:400}
.scale{display:flex;flex-wrap:wrap;gap:6px}
.scale label{flex:1 0 2.6em;text-align:center}
.scale input{position:absolute;opacity:0;width:1px;height:1px}
.scale span{display:block;padding:10px 0;border:1px solid #bbb;border-radius:8px;background:#fafafa;min-height:44px}
.scale input:checked+span{background:#b3261e;color:#fff;border-color:#b3261e;font-weight:700}
.scale input:focus-visible+span{outline:3px solid #1a73e8;outline-offset:2px}
.ends{display:flex;justify-content:space-between;font-size:.75rem;color:#666;margin-top:4px}
.opt{display:flex;gap:8px;align-items:center;padding:8px 0;min-height:44px}
.opt input{width:20px;height:20px}
select,textarea{font:inherit;width:100%;padding:10px;border:1px solid #bbb;border-radius:8px;background:#fff}
button{font:inherit;font-size:1.05rem;padding:13px;border:0;border-radius:8px;background:#b3261e;color:#fff;min-height:48px}
.err{color:#b3261e;font-size:.85rem;margin:6px 0 0}
.invalid{outline:2px solid #b3261e}
.summary{background:#fce8e6;border:2px solid #b3261e;border-radius:10px;padding:10px 12px}
.summary ul{margin:4px 0 0;padding-left:1.2em}
.done{background:#fff;border-radius:10px;padding:20px;text-align:center;box-shadow:0 1px 2px rgba(0,0,0,.08)}
footer{font-size:.75rem;color:#777;text-align:center;padding:18px 10px}
`;

export const textOf = (t: SurveyText | undefined, lang: PageLang) =>
  t ? (lang === 'en' ? (t.en ?? t.zh) : t.zh) : '';

function shell(lang: PageLang, title: string, body: string, langHref: string | null): string {
  const ui = UI[lang];
  const switcher = langHref
    ? `<a href="${esc(langHref)}" lang="${ui.otherLang === 'en' ? 'en' : 'zh-CN'}">${ui.other}</a>`
    : '';
  return `<!doctype html><html lang="${lang === 'en' ? 'en' : 'zh-CN'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${esc(title)}</title><style>${STYLE}</style></head><body><header><h1>${esc(title)}</h1>${switcher}</header><main>${body}</main><footer>Starmark · 顾客体验评价 Customer experience</footer></body></html>`;
}

export type PageMessage = 'thanks' | 'closed' | 'notOpen' | 'used' | 'expired' | 'unknown' | 'quota';

export function renderMessagePage(lang: PageLang, message: PageMessage, title?: string): string {
  const ui = UI[lang];
  const text = message === 'thanks' ? ui.thanks : ui[message];
  const sub = message === 'thanks' ? `<p>${esc(ui.thanksBody)}</p>` : '';
  return shell(
    lang,
    title ?? 'Starmark',
    `<div class="done" role="status"><h2>${esc(text)}</h2>${sub}</div>`,
    null,
  );
}

export interface FormPage {
  lang: PageLang;
  questionnaire: QuestionnaireContent;
  /** Where the form posts (the link itself) and where the other language is. */
  action: string;
  langHref: string;
  anonymity: 'anonymous' | 'identified';
  /** For the open link: the outlets to choose from. */
  outlets: { siteId: string; name: string }[] | null;
  formToken: string;
  values?: Record<string, unknown>;
  /** Problems by question id (or `siteId`, or `_form`). */
  errors?: Record<string, string>;
}

function checked(values: Record<string, unknown> | undefined, id: string, v: string | number) {
  const a = values?.[id];
  const list = Array.isArray(a) ? a.map(String) : a === undefined || a === null ? [] : [String(a)];
  return list.includes(String(v)) ? ' checked' : '';
}

function questionHtml(q: Question, all: QuestionnaireContent, p: FormPage, index: number): string {
  const { lang, values, errors } = p;
  const ui = UI[lang];
  const name = esc(q.id);
  const err = errors?.[q.id];
  const errId = `e-${name}`;
  const described = err ? ` aria-describedby="${errId}"` : '';
  const invalid = err ? ' aria-invalid="true"' : '';
  let cond = '';
  if (q.showIf) {
    const target = all.questions.find((x) => x.id === q.showIf!.question);
    const labels = q.showIf.anyOf.map((v) => {
      const opt =
        target && 'options' in target ? target.options.find((o) => o.value === String(v)) : undefined;
      return opt ? textOf(opt.text, lang) : String(v);
    });
    cond = `<span class="cond">${esc(ui.answerIf.replace('{q}', textOf(target?.text, lang)).replace('{v}', labels.join(' / ')))}</span>`;
  }
  const tag = `<span class="tag">${q.required && !q.showIf ? ui.required : ui.optional}</span>`;
  const legend = `<legend>${index}. ${esc(textOf(q.text, lang))}${tag}${cond}</legend>`;
  const errHtml = err ? `<p class="err" id="${errId}">${esc(err)}</p>` : '';
  switch (q.kind) {
    case 'rating':
    case 'nps': {
      const from = q.kind === 'nps' ? 0 : 1;
      const to = q.kind === 'nps' ? 10 : q.scale;
      const boxes: string[] = [];
      for (let v = from; v <= to; v++)
        boxes.push(
          `<label><input type="radio" name="${name}" value="${v}"${checked(values, q.id, v)}${q.required && !q.showIf && v === from ? ' required' : ''}><span>${v}</span></label>`,
        );
      const low = q.kind === 'rating' ? textOf(q.lowLabel, lang) || ui.low : '0';
      const high = q.kind === 'rating' ? textOf(q.highLabel, lang) || ui.high : '10';
      return `<fieldset${described}${invalid}>${legend}<div class="scale">${boxes.join('')}</div><div class="ends" aria-hidden="true"><span>${esc(low)}</span><span>${esc(high)}</span></div>${errHtml}</fieldset>`;
    }
    case 'single':
    case 'multiple': {
      const type = q.kind === 'single' ? 'radio' : 'checkbox';
      const opts = q.options
        .map(
          (o) =>
            `<label class="opt"><input type="${type}" name="${name}" value="${esc(o.value)}"${checked(values, q.id, o.value)}>${esc(textOf(o.text, lang))}</label>`,
        )
        .join('');
      return `<fieldset${described}${invalid}>${legend}${opts}${errHtml}</fieldset>`;
    }
    case 'text': {
      const v = values?.[q.id];
      return `<fieldset${described}>${legend}<label for="q-${name}" class="tag">${esc(textOf(q.text, lang))}</label><textarea id="q-${name}" name="${name}" rows="3" maxlength="${q.maxLength}"${invalid}>${esc(typeof v === 'string' ? v : '')}</textarea>${errHtml}</fieldset>`;
    }
  }
}

export function renderFormPage(p: FormPage): string {
  const ui = UI[p.lang];
  const q = p.questionnaire;
  const title = textOf(q.title, p.lang);
  const errors = Object.entries(p.errors ?? {});
  const summary = errors.length
    ? `<div class="summary" role="alert"><strong>${esc(ui.errors)}</strong><ul>${errors.map(([, m]) => `<li>${esc(m)}</li>`).join('')}</ul></div>`
    : '';
  const outlet = p.outlets
    ? `<fieldset><legend><label for="q-siteId">${esc(ui.outlet)}</label><span class="tag">${ui.required}</span></legend><select id="q-siteId" name="siteId" required><option value="">${esc(ui.choose)}</option>${p.outlets
        .map(
          (o) =>
            `<option value="${esc(o.siteId)}"${p.values?.siteId === o.siteId ? ' selected' : ''}>${esc(o.name)}</option>`,
        )
        .join('')}</select>${p.errors?.siteId ? `<p class="err">${esc(p.errors.siteId)}</p>` : ''}</fieldset>`
    : '';
  const questions = q.questions.map((x, i) => questionHtml(x, q, p, i + 1)).join('');
  const body = `${q.intro ? `<p class="intro">${esc(textOf(q.intro, p.lang))}</p>` : ''}<p class="note">${esc(p.anonymity === 'anonymous' ? ui.anonymous : ui.identified)}</p>${summary}<form method="post" action="${esc(p.action)}" accept-charset="utf-8"><input type="hidden" name="_t" value="${esc(p.formToken)}"><input type="hidden" name="_lang" value="${p.lang}">${outlet}${questions}<button type="submit">${esc(ui.submit)}</button></form>`;
  return shell(p.lang, title, body, p.langHref);
}

export const staleMessage = (lang: PageLang) => UI[lang].stale;
