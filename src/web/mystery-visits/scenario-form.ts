import type { ScenarioContent } from '../../domain/mystery-visits/scenario.ts';

/** Scenario content as the scenario form holds it, and back; API error paths as form field names. */
/** A zh/en text as the form holds it: English may be left empty. */
interface FormText {
  zh: string;
  en?: string;
}
export interface FormQuestion {
  id: string;
  group: string;
  text: FormText;
  node: string;
  answerType: 'yesNo' | 'rating';
  conformingWhen?: 'yes' | 'no';
  scale?: number;
  conformingMin?: number;
  required: boolean;
  naAllowed: boolean;
}
export interface FormEvidence {
  key: string;
  kind: 'photo' | 'audio';
  label: FormText;
  required: boolean;
}
export interface ScenarioFormValues {
  channel: ScenarioContent['channel'];
  title: FormText;
  script: FormText;
  consentNotice?: FormText;
  expectedMinutes: { min: number; max: number };
  evidence: FormEvidence[];
  questions: FormQuestion[];
}

const fromText = (t: { zh: string; en?: string | undefined }): FormText => ({ zh: t.zh, en: t.en ?? '' });
const toText = (t: FormText | undefined) =>
  t?.en?.trim() ? { zh: t.zh ?? '', en: t.en } : { zh: t?.zh ?? '' };

/** Scenario content → form values (answer rules flattened so each is one field). */
export function toFormValues(c: ScenarioContent): ScenarioFormValues {
  return {
    channel: c.channel,
    title: fromText(c.title),
    script: fromText(c.script),
    consentNotice: c.consentNotice ? fromText(c.consentNotice) : { zh: '', en: '' },
    expectedMinutes: c.expectedMinutes,
    evidence: c.evidence.map((e) => ({ ...e, label: fromText(e.label) })),
    questions: c.questions.map((q) => ({
      id: q.id,
      group: q.group,
      text: fromText(q.text),
      node: q.node,
      answerType: q.answer.type,
      conformingWhen: q.answer.type === 'yesNo' ? q.answer.conformingWhen : 'yes',
      scale: q.answer.type === 'rating' ? q.answer.scale : 5,
      conformingMin: q.answer.type === 'rating' ? q.answer.conformingMin : 4,
      required: q.required,
      naAllowed: q.naAllowed,
    })),
  };
}

/** Form values → scenario content as the API takes it (the server validates it again). */
export function toContent(v: ScenarioFormValues): ScenarioContent {
  return {
    channel: v.channel,
    title: toText(v.title),
    script: toText(v.script),
    consentNotice: v.consentNotice?.zh?.trim() ? toText(v.consentNotice) : null,
    expectedMinutes: { min: v.expectedMinutes.min, max: v.expectedMinutes.max },
    evidence: (v.evidence ?? []).map((e) => ({
      key: e.key,
      kind: e.kind,
      label: toText(e.label),
      required: !!e.required,
    })),
    questions: (v.questions ?? []).map((q) => ({
      id: q.id,
      group: q.group,
      text: toText(q.text),
      node: q.node,
      answer:
        q.answerType === 'rating'
          ? { type: 'rating', scale: q.scale ?? 5, conformingMin: q.conformingMin ?? 1 }
          : { type: 'yesNo', conformingWhen: q.conformingWhen ?? 'yes' },
      required: !!q.required,
      naAllowed: !!q.naAllowed,
    })),
  };
}

/**
 * An API error's field path as a form name: `body.content.questions.0.text.zh` (request validation) and
 * `questions[0].node` (scenario rules) both become `['questions', 0, 'text', 'zh']`; answer rules map to
 * the flattened fields.
 */
export function fieldOf(path: string): (string | number)[] {
  const parts = path
    .replace(/^body\.content\.?/, '')
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter(Boolean)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  const at = parts.indexOf('answer');
  if (at >= 0) {
    const rest = parts[at + 1];
    return [...parts.slice(0, at), rest === undefined || rest === 'type' ? 'answerType' : rest];
  }
  const last = parts.at(-1);
  // A whole text or the duration: shown on its first field.
  if (typeof last === 'string' && TEXTS.has(last)) return [...parts, 'zh'];
  if (last === 'expectedMinutes') return [...parts, 'max'];
  return parts;
}

const TEXTS = new Set(['title', 'script', 'consentNotice', 'text', 'label']);
const TOP_FIELDS = new Set(['channel']);

/** Whether a form name is one field of the form (else the issue is shown above the form). */
export function isField(name: (string | number)[]): boolean {
  if (name.length === 0 || typeof name.at(-1) === 'number') return false;
  return name.length > 1 || TOP_FIELDS.has(String(name[0]));
}
