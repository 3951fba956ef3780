import { describe, expect, it } from 'vitest';
import { parseQuestionnaire } from '../../domain/surveys/questionnaire.ts';
import { AFTER_SALES_TEMPLATE } from '../../domain/surveys/template.ts';
import { fieldOf, toContent, valuesOf, type Values } from './questionnaire-form.ts';

describe('questionnaire editor form', () => {
  it('gives back the same content when nothing is edited', () => {
    const content = toContent(valuesOf(AFTER_SALES_TEMPLATE as unknown as Record<string, unknown>));
    expect(parseQuestionnaire(content)).toEqual(parseQuestionnaire(AFTER_SALES_TEMPLATE));
  });

  it('keeps only the keys of the chosen kind, drops blank English, types condition answers', () => {
    const values = valuesOf(AFTER_SALES_TEMPLATE as unknown as Record<string, unknown>);
    const questions = values.questions!;
    // "complained" (single choice) becomes a 1–5 rating; "complaints" is then shown for ratings 1 or 2.
    const i = questions.findIndex((q) => q.id === 'complained');
    questions[i] = { ...questions[i], kind: 'rating', scale: 5, text: { zh: '投诉经历评分', en: '  ' } };
    questions[i + 1] = { ...questions[i + 1], showIf: { question: 'complained', anyOf: ['1', '2'] } };
    const edited: Values = { ...values, intro: { zh: '', en: '' }, questions };
    const content = parseQuestionnaire(toContent(edited));
    expect(content.intro).toBeUndefined();
    expect(content.questions[i]).toEqual({
      id: 'complained',
      kind: 'rating',
      scale: 5,
      required: questions[i]!.required ?? false,
      text: { zh: '投诉经历评分' },
    });
    expect(content.questions[i + 1]!.showIf).toEqual({ question: 'complained', anyOf: [1, 2] });
  });

  it('maps the API issue paths onto form fields', () => {
    expect(fieldOf('questions[3].showIf.question')).toEqual(['questions', 3, 'showIf', 'question']);
    expect(fieldOf('dimensions[0]')).toEqual(['dimensions', 0, 'id']);
    expect(fieldOf('title.zh')).toEqual(['title', 'zh']);
  });
});
