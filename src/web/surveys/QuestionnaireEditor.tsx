/**
 * Edits a questionnaire into a NEW version (issue 8): title and intro, CSI dimensions and weights, questions
 * (kind, zh/en text, required, options, scale, condition on an earlier answer). The server checks the content
 * (`parseQuestionnaire`); its issues come back per field. Campaigns keep the version they pinned.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Flex, Form, Input, InputNumber, Select, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client.ts';
import { addVersion, getQuestionnaire, surveyKeys } from './api.ts';
import {
  fieldOf,
  toContent,
  valuesOf,
  type Issue,
  KINDS,
  type Kind,
  type QuestionValues,
  type Values,
} from './questionnaire-form.ts';

function TextPair({
  name,
  label,
  required,
}: {
  name: (string | number)[];
  label: string;
  required?: boolean;
}) {
  return (
    <Flex gap="small" wrap>
      <Form.Item
        name={[...name, 'zh']}
        label={`${label} (中文)`}
        required={required}
        style={{ flex: 1, minWidth: 200 }}
      >
        <Input />
      </Form.Item>
      <Form.Item name={[...name, 'en']} label={`${label} (English)`} style={{ flex: 1, minWidth: 200 }}>
        <Input />
      </Form.Item>
    </Flex>
  );
}

function QuestionCard({
  form,
  index,
  remove,
}: {
  form: FormInstance<Values>;
  index: number;
  remove: () => void;
}) {
  const { t } = useTranslation();
  const kind = Form.useWatch(['questions', index, 'kind'], form) as Kind | undefined;
  const questions = (Form.useWatch('questions', form) ?? []) as QuestionValues[];
  const dimensions = (Form.useWatch('dimensions', form) ?? []) as Values['dimensions'];
  const target = Form.useWatch(['questions', index, 'showIf', 'question'], form) as string | undefined;
  const earlier = questions.slice(0, index).filter((q) => q?.id && q.kind !== 'text');
  const targetQ = questions.find((q) => q?.id === target);
  const answerOptions =
    targetQ?.kind === 'single' || targetQ?.kind === 'multiple'
      ? (targetQ.options ?? []).filter((o) => o?.value).map((o) => ({ value: o.value!, label: o.value! }))
      : targetQ?.kind === 'rating' || targetQ?.kind === 'nps'
        ? Array.from({ length: targetQ.kind === 'nps' ? 11 : (targetQ.scale ?? 5) }, (_, i) => {
            const n = String(targetQ.kind === 'nps' ? i : i + 1);
            return { value: n, label: n };
          })
        : [];
  return (
    <Card
      size="small"
      title={`${t('surveys.editor.question')} ${index + 1}`}
      extra={
        <Button size="small" danger onClick={remove}>
          {t('surveys.editor.remove')}
        </Button>
      }
      data-testid={`editor-question-${index}`}
    >
      <Flex gap="small" wrap>
        <Form.Item name={[index, 'id']} label={t('surveys.editor.id')} style={{ width: 160 }}>
          <Input />
        </Form.Item>
        <Form.Item name={[index, 'kind']} label={t('surveys.editor.kind')} style={{ width: 160 }}>
          <Select options={KINDS.map((k) => ({ value: k, label: t(`surveys.editor.kinds.${k}`) }))} />
        </Form.Item>
        <Form.Item name={[index, 'required']} valuePropName="checked" label=" ">
          <Checkbox>{t('surveys.editor.required')}</Checkbox>
        </Form.Item>
        {kind === 'rating' && (
          <>
            <Form.Item name={[index, 'scale']} label={t('surveys.editor.scale')} style={{ width: 100 }}>
              <InputNumber min={3} max={10} />
            </Form.Item>
            <Form.Item
              name={[index, 'dimension']}
              label={t('surveys.editor.dimension')}
              style={{ width: 180 }}
            >
              <Select
                allowClear
                options={(dimensions ?? [])
                  .filter((d) => d?.id)
                  .map((d) => ({ value: d!.id!, label: d!.id! }))}
              />
            </Form.Item>
          </>
        )}
        {kind === 'text' && (
          <Form.Item
            name={[index, 'maxLength']}
            label={t('surveys.editor.max_length')}
            style={{ width: 120 }}
          >
            <InputNumber min={1} max={4000} />
          </Form.Item>
        )}
      </Flex>
      <TextPair name={[index, 'text']} label={t('surveys.editor.text')} required />
      {(kind === 'single' || kind === 'multiple') && (
        <Form.List name={[index, 'options']}>
          {(fields, { add, remove: drop }) => (
            <Flex vertical gap={4} style={{ marginBottom: 12 }}>
              <Typography.Text strong>{t('surveys.editor.options')}</Typography.Text>
              {fields.map((f) => (
                <Flex key={f.key} gap="small" wrap align="start">
                  <Form.Item name={[f.name, 'value']} style={{ width: 120, marginBottom: 4 }}>
                    <Input placeholder={t('surveys.editor.value')} />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'text', 'zh']}
                    style={{ flex: 1, minWidth: 140, marginBottom: 4 }}
                  >
                    <Input placeholder="中文" />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'text', 'en']}
                    style={{ flex: 1, minWidth: 140, marginBottom: 4 }}
                  >
                    <Input placeholder="English" />
                  </Form.Item>
                  <Button onClick={() => drop(f.name)}>−</Button>
                </Flex>
              ))}
              <div>
                <Button size="small" onClick={() => add({ value: '', text: { zh: '' } })}>
                  {t('surveys.editor.add_option')}
                </Button>
              </div>
            </Flex>
          )}
        </Form.List>
      )}
      <Flex gap="small" wrap>
        <Form.Item
          name={[index, 'showIf', 'question']}
          label={t('surveys.editor.show_if')}
          style={{ width: 220 }}
        >
          <Select
            allowClear
            placeholder={t('surveys.editor.always')}
            options={earlier.map((q) => ({ value: q.id!, label: q.id! }))}
          />
        </Form.Item>
        {target && (
          <Form.Item
            name={[index, 'showIf', 'anyOf']}
            label={t('surveys.editor.any_of')}
            style={{ minWidth: 220, flex: 1 }}
          >
            <Select mode="tags" options={answerOptions} />
          </Form.Item>
        )}
      </Flex>
    </Card>
  );
}

export function QuestionnaireEditor({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [issues, setIssues] = useState<Issue[]>([]);
  const issueText = (i: Issue) =>
    t(`surveys.editor.issue.${i.code}`, { defaultValue: i.message, message: i.message });
  const q = useQuery({
    queryKey: surveyKeys.questionnaire(id),
    queryFn: ({ signal }) => getQuestionnaire(id, signal),
  });
  const save = useMutation({
    mutationFn: (content: unknown) => addVersion(id, q.data!.version, content),
    onSuccess: (saved) => {
      message.success(t('surveys.editor.saved', { n: saved.latestNumber }));
      setIssues([]);
      void qc.invalidateQueries({ queryKey: surveyKeys.all });
      onClose();
    },
    onError: (e) => {
      const list = isApiError(e)
        ? ((e.details as { issues?: Issue[] } | undefined)?.issues ?? [
            { code: e.code, path: '', message: e.message },
          ])
        : [{ code: 'error', path: '', message: String(e) }];
      setIssues(list);
      const byField = new Map<string, { name: (string | number)[]; errors: string[] }>();
      for (const i of list) {
        if (!i.path || i.path === '(root)') continue;
        const name = fieldOf(i.path);
        const key = JSON.stringify(name);
        const entry = byField.get(key) ?? { name, errors: [] };
        entry.errors.push(issueText(i));
        byField.set(key, entry);
      }
      form.setFields([...byField.values()] as never);
    },
  });
  if (!q.data) return null;
  const clearErrors = () => {
    const withErrors = form.getFieldsError().filter((f) => f.errors.length);
    if (withErrors.length) form.setFields(withErrors.map((f) => ({ name: f.name, errors: [] })) as never);
  };
  return (
    <Card
      title={t('surveys.editor.title', { name: q.data.name, n: q.data.latestNumber })}
      extra={<Button onClick={onClose}>{t('surveys.editor.cancel')}</Button>}
      data-testid="questionnaire-editor"
    >
      <Typography.Paragraph type="secondary">{t('surveys.editor.help')}</Typography.Paragraph>
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={valuesOf(q.data.latest.content)}
        onValuesChange={clearErrors}
        onFinish={() => save.mutate(toContent(form.getFieldsValue(true) as Values))}
      >
        <TextPair name={['title']} label={t('surveys.editor.questionnaire_title')} required />
        <TextPair name={['intro']} label={t('surveys.editor.intro')} />
        <Typography.Title level={5}>{t('surveys.editor.dimensions')}</Typography.Title>
        <Form.List name="dimensions">
          {(fields, { add, remove }) => (
            <Flex vertical gap={4} style={{ marginBottom: 16 }}>
              {fields.map((f) => (
                <Flex key={f.key} gap="small" wrap align="start" data-testid={`editor-dimension-${f.name}`}>
                  <Form.Item name={[f.name, 'id']} style={{ width: 140, marginBottom: 4 }}>
                    <Input placeholder={t('surveys.editor.id')} />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'title', 'zh']}
                    style={{ flex: 1, minWidth: 140, marginBottom: 4 }}
                  >
                    <Input placeholder="中文" />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'title', 'en']}
                    style={{ flex: 1, minWidth: 140, marginBottom: 4 }}
                  >
                    <Input placeholder="English" />
                  </Form.Item>
                  <Form.Item name={[f.name, 'weight']} style={{ width: 110, marginBottom: 4 }}>
                    <InputNumber min={0} max={1000} step={0.05} placeholder={t('surveys.editor.weight')} />
                  </Form.Item>
                  <Button onClick={() => remove(f.name)}>−</Button>
                </Flex>
              ))}
              <div>
                <Button size="small" onClick={() => add({ id: '', title: { zh: '' }, weight: 0.1 })}>
                  {t('surveys.editor.add_dimension')}
                </Button>
              </div>
            </Flex>
          )}
        </Form.List>
        <Typography.Title level={5}>{t('surveys.editor.questions')}</Typography.Title>
        <Form.List name="questions">
          {(fields, { add, remove }) => (
            <Flex vertical gap="small">
              {fields.map((f) => (
                <QuestionCard key={f.key} form={form} index={f.name} remove={() => remove(f.name)} />
              ))}
              <div>
                <Button
                  onClick={() => add({ id: '', kind: 'rating', text: { zh: '' }, required: false, scale: 5 })}
                  data-testid="editor-add-question"
                >
                  {t('surveys.editor.add_question')}
                </Button>
              </div>
            </Flex>
          )}
        </Form.List>
        {issues.length > 0 && (
          <Alert
            style={{ marginTop: 16 }}
            type="error"
            showIcon
            data-testid="editor-issues"
            title={t('surveys.editor.refused')}
            description={
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {issues.map((i, n) => (
                  <li key={n}>
                    {i.path && i.path !== '(root)' ? <code>{i.path}</code> : null} {issueText(i)}
                  </li>
                ))}
              </ul>
            }
          />
        )}
        <Flex gap="small" style={{ marginTop: 16 }}>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="editor-save">
            {t('surveys.editor.save')}
          </Button>
          <Button onClick={onClose}>{t('surveys.editor.cancel')}</Button>
        </Flex>
      </Form>
    </Card>
  );
}
