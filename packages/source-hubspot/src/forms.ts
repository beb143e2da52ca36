/**
 * Forms (`GET /marketing/v3/forms`, every form type, live then archived) and form submissions
 * (`GET /form-integrations/v1/submissions/forms/{formGuid}`), API-FACTS-2 §2.
 *
 * Forms are few and have no modified-since filter: re-read whole each run (1 call per 100).
 * Submissions come per form, newest first, 50 per call, with no time filter: a form is paged
 * from its newest submission until one is older than the newest the last run saw, minus
 * `lookback_minutes` (rows merge on the conversion id, so the overlap is harmless). A form costs
 * at least one call per run. Blog comment forms are skipped (the API refuses them with 400
 * FORM_TYPE_NOT_ALLOWED); archived forms are read until one run has read them after they were
 * archived (they take no new submissions). A 404 on a form's submissions (a form deleted since the
 * list, or an archived one a server treats as unknown: UNCONFIRMED) means it has none to read: the
 * run counts it (`forms_not_found`), warns once at the end, and goes on.
 *
 *   submissions: { v: 1, at: start of the last run (ms), forms: { [formId]: newest submittedAt read (ms; 0: none) } }
 *
 * The state commits after each form; a run resumed in the middle of a form reads it again.
 */
import { CursorTrail, fetchPage } from '@pipe/hubspot-api';
import type { Batch, Column, Row, StreamRequest } from '@pipe/sdk';
import { DEFAULT_LOOKBACK_MINUTES, type HubSpotStreamOptions } from './config.ts';
import type { ReadEnv } from './env.ts';
import { isoDate } from './values.ts';

export const FORMS_PAGE = 100;
/** Submissions per call: the documented maximum. */
export const SUBMISSIONS_PAGE = 50;
const FORMS_PATH = '/marketing/v3/forms';
const SUBMISSIONS_PATH = '/form-integrations/v1/submissions/forms';
/** Form types whose submissions the API serves. */
const READABLE = new Set(['hubspot', 'captured', 'flow']);

export const FORM_COLUMNS: Column[] = [
  { name: 'id', type: 'string', nullable: false, description: 'Form GUID (form_submissions.form_id).' },
  { name: 'name', type: 'string' },
  { name: 'form_type', type: 'string', description: 'hubspot, captured, flow or blog_comment.' },
  { name: 'archived', type: 'boolean' },
  { name: 'archived_at', type: 'timestamp' },
  { name: 'created_at', type: 'timestamp' },
  { name: 'updated_at', type: 'timestamp' },
  { name: 'language', type: 'string', description: 'configuration.language.' },
  { name: 'field_names', type: 'string[]', description: 'Names of every field (the properties the form sets), in form order (pipe).' },
  { name: 'field_groups', type: 'json', description: 'fieldGroups verbatim: fields with type, label, validation, options.' },
  { name: 'configuration', type: 'json' },
  { name: 'display_options', type: 'json' },
  { name: 'legal_consent_options', type: 'json' },
];

export const SUBMISSION_COLUMNS: Column[] = [
  { name: 'form_id', type: 'string', nullable: false },
  { name: 'conversion_id', type: 'string', nullable: false, description: 'conversionId: the submission id.' },
  { name: 'submitted_at', type: 'timestamp', nullable: false, description: 'submittedAt; the incremental cursor per form.' },
  { name: 'page_url', type: 'string' },
  { name: 'email', type: 'string', description: 'The value of the field named email, if any (pipe).' },
  { name: 'values', type: 'json', description: 'Every submitted value verbatim: [{name, value}].' },
];

interface FormJson {
  id: string;
  name?: string;
  formType?: string;
  archived?: boolean;
  archivedAt?: string;
  createdAt?: string;
  updatedAt?: string;
  fieldGroups?: { fields?: { name?: string }[] }[];
  configuration?: { language?: string } & Record<string, unknown>;
  displayOptions?: Record<string, unknown>;
  legalConsentOptions?: Record<string, unknown>;
}

const checkForm = (f: Record<string, unknown>) => (f.fieldGroups !== undefined && !Array.isArray(f.fieldGroups) ? 'whose "fieldGroups" is not a list' : undefined);

/** Every form of every type, live then archived. */
export async function* allForms(env: ReadEnv, stream: string): AsyncGenerator<FormJson[]> {
  for (const archived of [false, true]) {
    let after: string | undefined;
    const trail = new CursorTrail();
    do {
      const page = await fetchPage<FormJson>(
        env.client,
        { method: 'GET', url: FORMS_PATH },
        // The default is hubspot forms only.
        { kind: 'forms', stream, params: { limit: FORMS_PAGE, after, archived, formTypes: 'all' } },
        { cursor: 'after', limit: FORMS_PAGE, item: checkForm, trail },
      );
      yield page.results.map((f) => ({ ...f, archived: f.archived ?? archived }));
      after = page.next;
    } while (after);
  }
}

export async function* readForms(env: ReadEnv, req: StreamRequest): AsyncGenerator<Batch> {
  const stream = req.schema.name;
  for await (const forms of allForms(env, stream)) if (forms.length) yield { stream, rows: forms.map(formRow) };
  yield { stream, rows: [], checkpoint: { v: 1, phase: 'idle' } };
}

function formRow(f: FormJson): Row {
  const groups = Array.isArray(f.fieldGroups) ? f.fieldGroups : [];
  return {
    id: String(f.id),
    name: f.name ?? null,
    form_type: f.formType ?? null,
    archived: f.archived ?? false,
    archived_at: isoDate(f.archivedAt),
    created_at: isoDate(f.createdAt),
    updated_at: isoDate(f.updatedAt),
    language: f.configuration?.language ?? null,
    field_names: groups.flatMap((g) => (g.fields ?? []).map((x) => x.name).filter((n): n is string => typeof n === 'string')),
    field_groups: groups,
    configuration: f.configuration ?? null,
    display_options: f.displayOptions ?? null,
    legal_consent_options: f.legalConsentOptions ?? null,
  };
}

export type SubmissionsCheckpoint = { v: 1; at: number; forms: Record<string, number> };

interface SubmissionJson {
  conversionId: string;
  submittedAt: number | string;
  pageUrl?: string;
  values?: { name?: string; value?: string }[];
}

const checkSubmission = (s: Record<string, unknown>) =>
  typeof s.submittedAt !== 'number' && !(typeof s.submittedAt === 'string' && /^\d+$/.test(s.submittedAt))
    ? 'without an epoch-ms "submittedAt"'
    : s.values !== undefined && !Array.isArray(s.values)
      ? 'whose "values" is not a list'
      : undefined;

/** The forms a run reads submissions of: readable types; archived ones until read once after archiving. */
export function submissionForms(forms: FormJson[], saved: SubmissionsCheckpoint | undefined): FormJson[] {
  return forms.filter((f) => {
    if (!READABLE.has(f.formType ?? 'hubspot')) return false;
    if (!f.archived || !saved || !(f.id in saved.forms)) return true;
    const archivedAt = Date.parse(f.archivedAt ?? f.updatedAt ?? '');
    return Number.isNaN(archivedAt) || archivedAt >= saved.at;
  });
}

export async function* readFormSubmissions(env: ReadEnv, req: StreamRequest): AsyncGenerator<Batch> {
  const stream = req.schema.name;
  const options = req.options as HubSpotStreamOptions;
  const lookbackMs = (options.lookback_minutes ?? DEFAULT_LOOKBACK_MINUTES) * 60_000;
  const raw = req.mode === 'full' ? undefined : (req.state as SubmissionsCheckpoint | undefined);
  const saved = raw?.v === 1 ? raw : undefined;
  const start = env.now();
  const forms: FormJson[] = [];
  for await (const page of allForms(env, stream)) forms.push(...page);
  const cursors: Record<string, number> = { ...saved?.forms };
  // `at` moves only when the run ends: a resumed run still reads forms archived since the last complete one.
  const checkpoint = (at: number): SubmissionsCheckpoint => ({ v: 1, at, forms: { ...cursors } });
  const notFound: string[] = [];
  for (const form of submissionForms(forms, saved)) {
    const id = String(form.id);
    const last = cursors[id];
    const stopBefore = last === undefined ? Number.NEGATIVE_INFINITY : last - lookbackMs;
    let newest = last ?? 0;
    let after: string | undefined;
    let done = false;
    const trail = new CursorTrail();
    do {
      const page = await fetchPage<SubmissionJson>(
        env.client,
        { method: 'GET', url: `${SUBMISSIONS_PATH}/${encodeURIComponent(id)}` },
        // 404: a form deleted since the list, or an archived one the server treats as unknown (UNCONFIRMED).
        { kind: 'form_submissions', stream, params: { limit: SUBMISSIONS_PAGE, after }, accept: [404] },
        { id: 'conversionId', cursor: 'after', limit: SUBMISSIONS_PAGE, item: checkSubmission, trail },
      );
      if (page.status === 404) {
        // It has no submissions to read. Its cursor stays (and is kept), so an archived form is not asked again.
        notFound.push(id);
        env.ctx.metrics.add(stream, 'forms_not_found');
        newest = last ?? 0;
        break;
      }
      const rows: Row[] = [];
      for (const s of page.results) {
        const at = Number(s.submittedAt);
        // Newest first: everything from here on was read by an earlier run.
        if (at < stopBefore) {
          done = true;
          break;
        }
        newest = Math.max(newest, at);
        rows.push(submissionRow(id, s));
      }
      if (rows.length) yield { stream, rows };
      after = page.next;
    } while (after && !done);
    cursors[id] = newest;
    yield { stream, rows: [], checkpoint: checkpoint(saved?.at ?? 0) };
  }
  if (notFound.length) {
    const shown = notFound.slice(0, 5).join(', ') + (notFound.length > 5 ? `, and ${notFound.length - 5} more` : '');
    env.ctx.logger.warn(
      `${stream}: HubSpot answered 404 to the submissions of ${notFound.length} form(s) it listed (${shown}): archived forms this account treats as unknown, or forms deleted meanwhile. Their submissions were not read; nothing to do unless you need them.`,
    );
  }
  yield { stream, rows: [], checkpoint: checkpoint(start) };
}

function submissionRow(formId: string, s: SubmissionJson): Row {
  const values = Array.isArray(s.values) ? s.values : [];
  return {
    form_id: formId,
    conversion_id: String(s.conversionId),
    submitted_at: isoDate(Number(s.submittedAt)),
    page_url: s.pageUrl ?? null,
    email: values.find((v) => v.name === 'email')?.value ?? null,
    values,
  };
}
