/** Schemas of the streams that are not CRM object tables: fixed columns, declared next to their readers. */
import type { StreamSchema } from '@pipe/sdk';
import { OWNERS_COLUMNS, PIPELINES_COLUMNS, STAGES_COLUMNS } from './account-streams.ts';
import { ANALYTICS_COLUMNS } from './analytics.ts';
import type { MetaStreamSpec } from './catalog.ts';
import { EMAIL_EVENT_COLUMNS, MARKETING_EMAIL_COLUMNS } from './marketing.ts';
import { FORM_COLUMNS, SUBMISSION_COLUMNS } from './forms.ts';
import { LIST_COLUMNS, MEMBERSHIP_COLUMNS } from './lists.ts';
import { PROPERTY_HISTORY_COLUMNS } from './property-history.ts';
import { EVENT_OCCURRENCE_COLUMNS } from './event-occurrences.ts';
import { EMAIL_CAMPAIGN_COLUMNS } from './email-campaigns.ts';

type Shape = Pick<StreamSchema, 'primaryKey' | 'columns' | 'cursor' | 'syncModes'>;

const SHAPES: Partial<Record<MetaStreamSpec['kind'], Shape>> = {
  owners: { primaryKey: ['id'], columns: OWNERS_COLUMNS, syncModes: ['full'] },
  pipelines: { primaryKey: ['object_type', 'id'], columns: PIPELINES_COLUMNS, syncModes: ['full'] },
  pipeline_stages: { primaryKey: ['object_type', 'pipeline_id', 'id'], columns: STAGES_COLUMNS, syncModes: ['full'] },
  marketing_emails: { primaryKey: ['id'], columns: MARKETING_EMAIL_COLUMNS, syncModes: ['full'] },
  email_events: { primaryKey: ['id'], cursor: 'created', columns: EMAIL_EVENT_COLUMNS, syncModes: ['incremental', 'full'] },
  property_history: { primaryKey: ['object_type', 'object_id', 'property', 'timestamp'], cursor: 'timestamp', columns: PROPERTY_HISTORY_COLUMNS, syncModes: ['incremental', 'full'] },
  analytics: { primaryKey: ['breakdown_type', 'period', 'period_start', 'breakdown'], cursor: 'period_start', columns: ANALYTICS_COLUMNS, syncModes: ['incremental', 'full'] },
  lists: { primaryKey: ['list_id'], columns: LIST_COLUMNS, syncModes: ['incremental', 'full'] },
  list_memberships: { primaryKey: ['list_id', 'record_id'], columns: MEMBERSHIP_COLUMNS, syncModes: ['incremental', 'full'] },
  forms: { primaryKey: ['id'], columns: FORM_COLUMNS, syncModes: ['full'] },
  form_submissions: { primaryKey: ['form_id', 'conversion_id'], cursor: 'submitted_at', columns: SUBMISSION_COLUMNS, syncModes: ['incremental', 'full'] },
  event_occurrences: { primaryKey: ['object_type', 'id'], cursor: 'occurred_at', columns: EVENT_OCCURRENCE_COLUMNS, syncModes: ['incremental', 'full'] },
  email_campaigns: { primaryKey: ['id'], columns: EMAIL_CAMPAIGN_COLUMNS, syncModes: ['incremental', 'full'] },
};

export function accountSchema(spec: MetaStreamSpec): StreamSchema[] {
  const shape = SHAPES[spec.kind];
  if (!shape) return [];
  return [ { name: spec.name, description: `${spec.description} Needs scope ${spec.scopes.join(' or ')}.`, ...shape }];
}
