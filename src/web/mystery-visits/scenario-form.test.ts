import { describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS } from '../../domain/mystery-visits/builtin-scenarios.ts';
import { parseScenarioContent } from '../../domain/mystery-visits/scenario.ts';
import { fieldOf, isField, toContent, toFormValues } from './scenario-form.ts';

describe('scenario form', () => {
  it('gives back exactly the content it was filled with (built-in scenarios)', () => {
    for (const b of BUILTIN_SCENARIOS) {
      expect(toContent(toFormValues(b.content))).toEqual(parseScenarioContent(b.content));
    }
  });

  it('drops empty English texts and an empty consent notice; keeps the chosen answer rule only', () => {
    const v = toFormValues(BUILTIN_SCENARIOS[0]!.content);
    v.title.en = '  ';
    v.consentNotice = { zh: '', en: 'ignored' };
    v.questions[0] = { ...v.questions[0]!, answerType: 'rating', scale: 5, conformingMin: 4 };
    const c = toContent(v);
    expect(c.title).toEqual({ zh: BUILTIN_SCENARIOS[0]!.content.title.zh });
    expect(c.consentNotice).toBeNull();
    expect(c.questions[0]!.answer).toEqual({ type: 'rating', scale: 5, conformingMin: 4 });
    expect(() => parseScenarioContent(c)).not.toThrow();
  });

  it('maps the API’s issue paths to form fields', () => {
    expect(fieldOf('questions[3].node')).toEqual(['questions', 3, 'node']);
    expect(fieldOf('body.content.questions.0.text.zh')).toEqual(['questions', 0, 'text', 'zh']);
    expect(fieldOf('questions[1].answer.conformingMin')).toEqual(['questions', 1, 'conformingMin']);
    expect(fieldOf('body.content.questions.2.answer')).toEqual(['questions', 2, 'answerType']);
    expect(fieldOf('evidence[0].key')).toEqual(['evidence', 0, 'key']);
    expect(fieldOf('expectedMinutes')).toEqual(['expectedMinutes', 'max']);
    expect(fieldOf('questions[2].text')).toEqual(['questions', 2, 'text', 'zh']);
    expect(fieldOf('body.content')).toEqual([]);
    expect(isField(['questions'])).toBe(false);
    expect(isField(['questions', 4])).toBe(false);
    expect(isField(['channel'])).toBe(true);
    expect(isField(['questions', 4, 'node'])).toBe(true);
  });
});
