/**
 * The questionnaire editor's form values and their conversion to questionnaire content (the shape
 * `parseQuestionnaire` checks), and API issue paths to form field names. Pure: tested without a browser.
 */
type Text = { zh?: string; en?: string };
export type Kind = 'rating' | 'nps' | 'single' | 'multiple' | 'text';
export interface QuestionValues {
  id?: string;
  kind?: Kind;
  text?: Text;
  required?: boolean;
  scale?: number;
  dimension?: string;
  lowLabel?: Text;
  highLabel?: Text;
  maxLength?: number;
  options?: { value?: string; text?: Text }[];
  showIf?: { question?: string; anyOf?: (string | number)[] };
}
export interface Values {
  title?: Text;
  intro?: Text;
  dimensions?: { id?: string; title?: Text; weight?: number }[];
  questions?: QuestionValues[];
}
export interface Issue {
  code: string;
  path: string;
  message: string;
}

export const KINDS: Kind[] = ['rating', 'nps', 'single', 'multiple', 'text'];

/** `{ zh, en }` without blanks (en is optional); undefined when zh is blank too and the text is optional. */
function text(v: Text | undefined, optional = false) {
  const zh = v?.zh?.trim() ?? '';
  const en = v?.en?.trim() ?? '';
  if (optional && !zh && !en) return undefined;
  return { zh, ...(en ? { en } : {}) };
}

/** The form's values as questionnaire content: only the keys each kind takes (the schema is strict). */
export function toContent(v: Values): unknown {
  const questions = v.questions ?? [];
  const kindOf = new Map(questions.map((q) => [q.id, q.kind]));
  return {
    title: text(v.title),
    ...(text(v.intro, true) ? { intro: text(v.intro, true) } : {}),
    dimensions: (v.dimensions ?? []).map((d) => ({
      id: d.id?.trim() ?? '',
      title: text(d.title),
      weight: d.weight ?? 0,
    })),
    questions: questions.map((q) => {
      const base: Record<string, unknown> = {
        id: q.id?.trim() ?? '',
        kind: q.kind,
        text: text(q.text),
        required: !!q.required,
      };
      if (q.showIf?.question) {
        const numeric = ['rating', 'nps'].includes(kindOf.get(q.showIf.question) ?? '');
        base.showIf = {
          question: q.showIf.question,
          anyOf: (q.showIf.anyOf ?? []).map((a) =>
            numeric && /^\s*\d+\s*$/.test(String(a)) ? Number(a) : String(a).trim(),
          ),
        };
      }
      switch (q.kind) {
        case 'rating':
          return {
            ...base,
            scale: q.scale ?? 5,
            ...(q.dimension ? { dimension: q.dimension } : {}),
            ...(text(q.lowLabel, true) ? { lowLabel: text(q.lowLabel, true) } : {}),
            ...(text(q.highLabel, true) ? { highLabel: text(q.highLabel, true) } : {}),
          };
        case 'single':
        case 'multiple':
          return {
            ...base,
            options: (q.options ?? []).map((o) => ({ value: o.value?.trim() ?? '', text: text(o.text) })),
          };
        case 'text':
          return { ...base, maxLength: q.maxLength ?? 1000 };
        default:
          return base;
      }
    }),
  };
}

/** `questions[3].showIf.question` → ['questions', 3, 'showIf', 'question']; a bare item → its id field. */
export function fieldOf(path: string): (string | number)[] {
  const name: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g))
    name.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  if (typeof name[name.length - 1] === 'number') name.push('id');
  return name;
}

/** Questionnaire content as form values (condition answers as strings, for the tag select). */
export function valuesOf(content: Record<string, unknown>): Values {
  const c = content as Values;
  return {
    ...c,
    questions: (c.questions ?? []).map((q) => ({
      ...q,
      showIf: q.showIf ? { ...q.showIf, anyOf: (q.showIf.anyOf ?? []).map(String) } : undefined,
    })),
  };
}
