import { useRef, useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import {
  Alert,
  App,
  AutoComplete,
  Button,
  Card,
  Checkbox,
  Flex,
  Form,
  Input,
  InputNumber,
  Segmented,
  Select,
  Typography,
} from 'antd';
import type { FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client.ts';
import { CHANNEL_KEY, publishScenario, updateScenario, type Scenario, type ScenarioContent } from './api.ts';
import {
  fieldOf,
  isField,
  toContent,
  toFormValues,
  type FormEvidence,
  type FormQuestion,
  type ScenarioFormValues,
} from './scenario-form.ts';
import { useGroupLabel, useMysteryError } from './shared.tsx';

const KNOWN_GROUPS = ['reception', 'policy', 'repair', 'complaint'];

type Issue = { path?: string; field?: string; message: string; code?: string };

/** Puts the API's issues on the fields they name; returns those that name no field of the form. */
function showIssues(form: FormInstance<ScenarioFormValues>, details: unknown, text: (i: Issue) => string) {
  const issues = ((details as { issues?: Issue[] } | undefined)?.issues ?? []) as Issue[];
  const byField = new Map<string, { name: (string | number)[]; errors: string[] }>();
  const loose: string[] = [];
  for (const i of issues) {
    const name = fieldOf(i.path ?? i.field ?? '');
    if (!isField(name)) {
      const where = (i.path ?? i.field ?? '').replace(/^body\.content\.?/, '');
      loose.push(where ? `${where}: ${text(i)}` : text(i));
      continue;
    }
    const key = JSON.stringify(name);
    const entry = byField.get(key) ?? { name, errors: [] };
    entry.errors.push(text(i));
    byField.set(key, entry);
  }
  form.setFields([...byField.values()].map((f) => ({ name: f.name as never, errors: f.errors })));
  return loose;
}

function TextPair({ name, label, rows }: { name: (string | number)[]; label: string; rows?: number }) {
  const { t } = useTranslation();
  const field = () => (rows ? <Input.TextArea rows={rows} /> : <Input />);
  return (
    <Flex gap="small" wrap>
      <Form.Item
        name={[...name, 'zh']}
        label={`${label} (${t('mystery_visits.editor.zh')})`}
        style={{ flex: '1 1 240px', marginBottom: 8 }}
      >
        {field()}
      </Form.Item>
      <Form.Item
        name={[...name, 'en']}
        label={`${label} (${t('mystery_visits.editor.en')})`}
        style={{ flex: '1 1 240px', marginBottom: 8 }}
      >
        {field()}
      </Form.Item>
    </Flex>
  );
}

function QuestionCard({
  index,
  count,
  onMove,
  onRemove,
  nodes,
}: {
  index: number;
  count: number;
  onMove: (from: number, to: number) => void;
  onRemove: () => void;
  nodes: string[];
}) {
  const { t } = useTranslation();
  const groupLabel = useGroupLabel();
  return (
    <Card
      size="small"
      data-testid={`question-${index}`}
      title={t('mystery_visits.editor.question_n', { n: index + 1 })}
      extra={
        <Flex gap={4}>
          <Button
            size="small"
            disabled={index === 0}
            onClick={() => onMove(index, index - 1)}
            aria-label={t('mystery_visits.editor.up')}
          >
            ↑
          </Button>
          <Button
            size="small"
            disabled={index === count - 1}
            onClick={() => onMove(index, index + 1)}
            aria-label={t('mystery_visits.editor.down')}
          >
            ↓
          </Button>
          <Button size="small" danger disabled={count <= 1} onClick={onRemove}>
            {t('mystery_visits.editor.remove')}
          </Button>
        </Flex>
      }
    >
      <Flex gap="small" wrap>
        <Form.Item
          name={[index, 'id']}
          label={t('mystery_visits.editor.question_id')}
          rules={[{ required: true }]}
          style={{ flex: '1 1 140px', marginBottom: 8 }}
        >
          <Input />
        </Form.Item>
        <Form.Item
          name={[index, 'group']}
          label={t('mystery_visits.fields.group')}
          rules={[{ required: true }]}
          style={{ flex: '1 1 140px', marginBottom: 8 }}
        >
          <AutoComplete options={KNOWN_GROUPS.map((g) => ({ value: g, label: groupLabel(g) }))} />
        </Form.Item>
        <Form.Item
          name={[index, 'node']}
          label={t('mystery_visits.editor.node')}
          rules={[{ required: true }]}
          tooltip={t('mystery_visits.editor.node_hint')}
          style={{ flex: '1 1 140px', marginBottom: 8 }}
        >
          <AutoComplete options={nodes.map((n) => ({ value: n }))} />
        </Form.Item>
      </Flex>
      <TextPair name={[index, 'text']} label={t('mystery_visits.fields.question')} />
      <Flex gap="small" wrap align="end">
        <Form.Item
          name={[index, 'answerType']}
          label={t('mystery_visits.editor.answer_type')}
          style={{ flex: '0 1 160px', marginBottom: 8 }}
        >
          <Select
            options={[
              { value: 'yesNo', label: t('mystery_visits.editor.yes_no') },
              { value: 'rating', label: t('mystery_visits.editor.rating') },
            ]}
          />
        </Form.Item>
        <Form.Item
          noStyle
          shouldUpdate={(a: ScenarioFormValues, b: ScenarioFormValues) =>
            a.questions?.[index]?.answerType !== b.questions?.[index]?.answerType
          }
        >
          {({ getFieldValue }) =>
            getFieldValue(['questions', index, 'answerType']) === 'rating' ? (
              <>
                <Form.Item
                  name={[index, 'scale']}
                  label={t('mystery_visits.editor.scale')}
                  style={{ marginBottom: 8 }}
                >
                  <InputNumber min={2} max={10} />
                </Form.Item>
                <Form.Item
                  name={[index, 'conformingMin']}
                  label={t('mystery_visits.editor.conforming_min')}
                  style={{ marginBottom: 8 }}
                >
                  <InputNumber min={1} max={10} />
                </Form.Item>
              </>
            ) : (
              <Form.Item
                name={[index, 'conformingWhen']}
                label={t('mystery_visits.editor.conforming_when')}
                style={{ flex: '0 1 140px', marginBottom: 8 }}
              >
                <Select
                  options={[
                    { value: 'yes', label: t('mystery_visits.answer.yes') },
                    { value: 'no', label: t('mystery_visits.answer.no') },
                  ]}
                />
              </Form.Item>
            )
          }
        </Form.Item>
        <Form.Item name={[index, 'required']} valuePropName="checked" style={{ marginBottom: 8 }}>
          <Checkbox>{t('mystery_visits.editor.required')}</Checkbox>
        </Form.Item>
        <Form.Item name={[index, 'naAllowed']} valuePropName="checked" style={{ marginBottom: 8 }}>
          <Checkbox>{t('mystery_visits.editor.na_allowed')}</Checkbox>
        </Form.Item>
      </Flex>
    </Card>
  );
}

/**
 * Edits a scenario in a form — channel, texts, expected duration, required evidence and the questions
 * (text, answer type, group, mapped item, when an answer conforms) with add, remove and reorder — or, as an
 * advanced option, as JSON. Saving stores the draft and publishes it as a new version; the API's issues are
 * shown on the fields they name.
 */
export function ScenarioEditor({
  scenario,
  onDone,
  onCancel,
}: {
  scenario: Scenario;
  onDone: (s: Scenario) => void;
  onCancel: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const errorText = useMysteryError();
  const [form] = Form.useForm<ScenarioFormValues>();
  const initial = (scenario.draft ?? scenario.latest?.content) as ScenarioContent;
  const [mode, setMode] = useState<'form' | 'json'>('form');
  const [json, setJson] = useState(() => JSON.stringify(initial, null, 2));
  const [loose, setLoose] = useState<string[]>([]);
  // A saved draft whose publication was refused moved the scenario's version on: save again from there.
  const version = useRef(scenario.version);
  const nodes = [...new Set(initial.questions.map((q) => q.node))].sort();
  const issueText = (i: Issue) =>
    i.code && i18n.exists(`mystery_visits.errors.${i.code}`)
      ? t(`mystery_visits.errors.${i.code}`)
      : t('mystery_visits.editor.invalid', { message: i.message });

  const save = useMutation({
    mutationFn: async (content: unknown) => {
      const s = await updateScenario(scenario.id, version.current, content);
      version.current = s.version;
      return publishScenario(s.id, s.version);
    },
    onSuccess: (s) => {
      setLoose([]);
      void message.success(t('mystery_visits.scenarios.published', { number: s.latest?.number ?? 0 }));
      onDone(s);
    },
    onError: (e) => {
      if (isApiError(e) && mode === 'form') {
        const rest = showIssues(form, e.details, issueText);
        setLoose(rest);
        if (rest.length === 0 && (e.details as { issues?: unknown[] })?.issues?.length) {
          void message.error(t('mystery_visits.editor.fix_fields'));
          return;
        }
      }
      void message.error(errorText(e));
    },
  });

  const switchMode = (next: 'form' | 'json') => {
    if (next === 'json') setJson(JSON.stringify(toContent(form.getFieldsValue(true)), null, 2));
    else {
      try {
        form.setFieldsValue(toFormValues(JSON.parse(json) as ScenarioContent));
      } catch {
        void message.error(t('mystery_visits.scenarios.bad_json'));
        return;
      }
    }
    setMode(next);
  };

  const submit = () => {
    if (mode === 'json') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(json);
      } catch {
        void message.error(t('mystery_visits.scenarios.bad_json'));
        return;
      }
      save.mutate(parsed);
      return;
    }
    form
      .validateFields()
      .then(() => save.mutate(toContent(form.getFieldsValue(true))))
      .catch(() => void message.error(t('mystery_visits.editor.fix_fields')));
  };

  return (
    <Flex vertical gap="small" style={{ marginTop: 8 }} data-testid="scenario-editor">
      <Flex justify="space-between" align="center" wrap gap="small">
        <Alert type="info" showIcon message={t('mystery_visits.editor.hint')} style={{ flex: '1 1 300px' }} />
        <Segmented
          value={mode}
          onChange={(v) => switchMode(v as 'form' | 'json')}
          options={[
            { value: 'form', label: t('mystery_visits.editor.mode_form') },
            { value: 'json', label: t('mystery_visits.editor.mode_json') },
          ]}
        />
      </Flex>
      {loose.length ? <Alert type="error" showIcon message={loose.join('; ')} /> : null}
      <div style={{ display: mode === 'json' ? 'block' : 'none' }}>
        <Typography.Text type="secondary">{t('mystery_visits.scenarios.edit_hint')}</Typography.Text>
        <Input.TextArea
          rows={14}
          value={json}
          onChange={(e) => setJson(e.target.value)}
          style={{ fontFamily: 'monospace', fontSize: 12 }}
          data-testid="scenario-json"
        />
      </div>
      <Form
        form={form}
        layout="vertical"
        size="small"
        initialValues={toFormValues(initial)}
        style={{ display: mode === 'form' ? 'block' : 'none' }}
      >
        <Flex gap="small" wrap>
          <Form.Item
            name="channel"
            label={t('mystery_visits.fields.channel')}
            style={{ flex: '1 1 160px', marginBottom: 8 }}
          >
            <Select
              options={Object.entries(CHANNEL_KEY).map(([value, key]) => ({
                value,
                label: t(`mystery_visits.channel.${key}`),
              }))}
            />
          </Form.Item>
          <Form.Item
            name={['expectedMinutes', 'min']}
            label={t('mystery_visits.editor.minutes_min')}
            style={{ marginBottom: 8 }}
          >
            <InputNumber min={0} />
          </Form.Item>
          <Form.Item
            name={['expectedMinutes', 'max']}
            label={t('mystery_visits.editor.minutes_max')}
            style={{ marginBottom: 8 }}
          >
            <InputNumber min={1} />
          </Form.Item>
        </Flex>
        <TextPair name={['title']} label={t('mystery_visits.editor.title')} />
        <TextPair name={['script']} label={t('mystery_visits.editor.script')} rows={3} />
        <TextPair name={['consentNotice']} label={t('mystery_visits.editor.consent')} rows={2} />

        <Typography.Title level={5}>{t('mystery_visits.editor.evidence')}</Typography.Title>
        <Form.List name="evidence">
          {(fields, { add, remove }) => (
            <Flex vertical gap="small">
              {fields.map((f) => (
                <Card size="small" key={f.key}>
                  <Flex gap="small" wrap align="end">
                    <Form.Item
                      name={[f.name, 'key']}
                      label={t('mystery_visits.editor.evidence_key')}
                      rules={[{ required: true }]}
                      style={{ flex: '1 1 120px', marginBottom: 8 }}
                    >
                      <Input />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'kind']}
                      label={t('mystery_visits.editor.evidence_kind')}
                      style={{ flex: '0 1 120px', marginBottom: 8 }}
                    >
                      <Select
                        options={[
                          { value: 'photo', label: t('mystery_visits.editor.photo') },
                          { value: 'audio', label: t('mystery_visits.editor.audio') },
                        ]}
                      />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'required']}
                      valuePropName="checked"
                      style={{ marginBottom: 8 }}
                    >
                      <Checkbox>{t('mystery_visits.editor.required')}</Checkbox>
                    </Form.Item>
                    <Button size="small" danger onClick={() => remove(f.name)} style={{ marginBottom: 8 }}>
                      {t('mystery_visits.editor.remove')}
                    </Button>
                  </Flex>
                  <TextPair name={[f.name, 'label']} label={t('mystery_visits.editor.evidence_label')} />
                </Card>
              ))}
              <Button
                onClick={() =>
                  add({ key: '', kind: 'photo', label: { zh: '', en: '' }, required: true } as FormEvidence)
                }
              >
                {t('mystery_visits.editor.add_evidence')}
              </Button>
            </Flex>
          )}
        </Form.List>

        <Typography.Title level={5}>{t('mystery_visits.editor.questions')}</Typography.Title>
        <Form.List name="questions">
          {(fields, { add, remove, move }) => (
            <Flex vertical gap="small">
              {fields.map((f) => (
                <QuestionCard
                  key={f.key}
                  index={f.name}
                  count={fields.length}
                  onMove={move}
                  onRemove={() => remove(f.name)}
                  nodes={nodes}
                />
              ))}
              <Button
                data-testid="add-question"
                onClick={() =>
                  add({
                    id: `q${fields.length + 1}`,
                    group: 'reception',
                    text: { zh: '', en: '' },
                    node: '',
                    answerType: 'yesNo',
                    conformingWhen: 'yes',
                    scale: 5,
                    conformingMin: 4,
                    required: true,
                    naAllowed: false,
                  } as FormQuestion)
                }
              >
                {t('mystery_visits.editor.add_question')}
              </Button>
            </Flex>
          )}
        </Form.List>
      </Form>
      <Flex gap="small">
        <Button type="primary" loading={save.isPending} onClick={submit} data-testid="scenario-publish">
          {t('mystery_visits.scenarios.publish')}
        </Button>
        <Button onClick={onCancel}>{t('mystery_visits.scenarios.cancel')}</Button>
      </Flex>
    </Flex>
  );
}
