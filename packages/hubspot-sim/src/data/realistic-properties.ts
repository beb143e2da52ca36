// The 'realistic' profile: contacts, companies and deals as wide as real portals (HubSpot defines
// ~250 contact properties; a real dump holds 367, API-FACTS-2 §8), with real HubSpot names where
// known and HubSpot's own naming patterns otherwise (per lifecycle stage, per deal stage, per
// subscription type), plus ~100 custom ones. Each property has a fill rate (share of records with a
// value); values stay lazy and deterministic per (record, property), so width costs no memory.
// Fill rates and why: see the README ("The realistic profile").
import { CITIES, COUNTRIES, FIRST_NAMES, INDUSTRIES, LAST_NAMES, companyName, longText, phone, sentence } from './fake.ts';
import type { Gen, ObjectTypeDef, PropType, PropertyDef } from './model.ts';
import { boolGen, dateGen, datetimeGen, multiGen, numberGen, options, pickGen, prop, sometimesNull } from './property-kit.ts';
import { type Rng, hashString } from './random.ts';

const LIFECYCLE = ['subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer', 'evangelist', 'other'];
/** Share of contacts that ever reached each lifecycle stage (a funnel). */
const STAGE_FILL: Record<string, number> = { subscriber: 0.3, lead: 0.5, marketingqualifiedlead: 0.2, salesqualifiedlead: 0.1, opportunity: 0.08, customer: 0.06, evangelist: 0.01, other: 0.02 };
const SOURCES = ['ORGANIC_SEARCH', 'PAID_SEARCH', 'EMAIL_MARKETING', 'SOCIAL_MEDIA', 'REFERRALS', 'OTHER_CAMPAIGNS', 'DIRECT_TRAFFIC', 'OFFLINE', 'PAID_SOCIAL', 'AI_REFERRALS'];
const OFFLINE = ['IMPORT', 'CRM_UI', 'API', 'INTEGRATION', 'FORM', 'SALES', 'EXTENSION'];
const LANGS = ['en', 'de', 'fr', 'es', 'pt-br', 'ja', 'nl', 'sv', 'it', 'pl'];
const TIMEZONES = ['europe_slash_berlin', 'america_slash_new_york', 'america_slash_los_angeles', 'asia_slash_tokyo', 'europe_slash_london', 'america_slash_sao_paulo'];
const BUYING_ROLES = ['BLOCKER', 'BUDGET_HOLDER', 'CHAMPION', 'DECISION_MAKER', 'END_USER', 'EXECUTIVE_SPONSOR', 'INFLUENCER', 'LEGAL_AND_COMPLIANCE', 'OTHER'];
const SUBSCRIPTION_IDS = [9_102_411, 9_102_412, 11_480_770, 23_904_112, 31_007_650, 44_120_009];
const DEAL_STAGES = ['appointmentscheduled', 'qualifiedtobuy', 'presentationscheduled', 'decisionmakerboughtin', 'contractsent', 'closedwon', 'closedlost', '2847002', '2847003', '2847004', '2847005'];

// Value generators with realistic lengths.
const url: Gen = (r) => `https://www.example.com/${r.pick(['pricing', 'blog/how-to-sync-crm-data', 'features', 'demo?utm_source=google&utm_medium=cpc', 'de/kontakt', 'resources/ebook-2026'])}${r.chance(0.3) ? `?hsa_grp=${r.int(1e9)}&gclid=${r.int(1e12).toString(36)}` : ''}`;
const shortText: Gen = (r) => sentence(r).slice(0, 10 + r.int(30));
const html: Gen = (r) => `<div><p>${longText(r)}</p>${r.chance(0.5) ? `<ul><li>${sentence(r)}</li><li>${sentence(r)}</li></ul>` : ''}<p><a href="https://example.com">${sentence(r)}</a></p></div>`;
const ids: Gen = (r) => Array.from({ length: 1 + r.int(3) }, () => String(41_000_000 + r.int(25) * 17)).join(';');
const idNumber: Gen = (r) => String(1_000_000 + r.int(90_000_000));
const uuidOf = (r: Rng): string =>
  `${r.int(0xffffffff).toString(16).padStart(8, '0')}-${r.int(0xffff).toString(16).padStart(4, '0')}-4${r.int(0xfff).toString(16).padStart(3, '0')}-a${r.int(0xfff).toString(16).padStart(3, '0')}-${r.int(0xffffffff).toString(16).padStart(8, '0')}${r.int(0xffff).toString(16).padStart(4, '0')}`;
const uuid: Gen = (r) => uuidOf(r);
const latlon: Gen = (r) => `${(r.next() * 140 - 60).toFixed(4)},${(r.next() * 340 - 170).toFixed(4)}`;
const count = (max: number): Gen => (r) => String(Math.floor(r.next() ** 3 * max));
const money = numberGen(50, 250_000, 2);
const recent = datetimeGen(900);
const anyDate = dateGen(0.2, 9000);
const percent = numberGen(0, 100, 2);

type Spec = [name: string, type: PropType, fill: number, gen: Gen, extra?: Partial<PropertyDef>];

/** A property that has a value on `fill` of the records. */
function p(name: string, type: PropType, fill: number, gen: Gen, extra: Partial<PropertyDef> = {}): PropertyDef {
  return prop(name, type, fill >= 1 ? gen : sometimesNull(1 - fill, gen), extra);
}
const many = (specs: Spec[], extra: Partial<PropertyDef> = {}): PropertyDef[] => specs.map(([n, t, f, g, e]) => p(n, t, f, g, { ...extra, ...e }));

/** Derived numbers as HubSpot marks them: some `calculated: true` with a formula, rollups and scores not (API-FACTS-2 §8). */
const equation = (formula: string): Partial<PropertyDef> => ({ calculated: true, fieldType: 'calculation_equation', calculationFormula: formula, readOnlyValue: true });
const rollup: Partial<PropertyDef> = { calculated: false, fieldType: 'calculation_rollup', readOnlyValue: true };
const score: Partial<PropertyDef> = { calculated: false, fieldType: 'calculation_score', readOnlyValue: true };
const system: Partial<PropertyDef> = { readOnlyValue: true };

/** Web analytics and source attribution: filled for tracked records, so fairly dense. */
function analytics(fill: number): PropertyDef[] {
  return many(
    [
      ['hs_analytics_source', 'enumeration', fill, pickGen(SOURCES), { options: options(SOURCES), label: 'Original Traffic Source' }],
      ['hs_analytics_source_data_1', 'string', fill * 0.9, (r) => r.pick(OFFLINE)],
      ['hs_analytics_source_data_2', 'string', fill * 0.8, (r) => `${r.pick(['sample-contact', 'google', 'linkedin.com', 'newsletter-2026-05'])}${r.int(1000)}`],
      ['hs_analytics_first_url', 'string', fill * 0.6, url],
      ['hs_analytics_last_url', 'string', fill * 0.6, url],
      ['hs_analytics_first_referrer', 'string', fill * 0.4, url],
      ['hs_analytics_last_referrer', 'string', fill * 0.4, url],
      ['hs_analytics_first_timestamp', 'datetime', fill, recent],
      ['hs_analytics_last_timestamp', 'datetime', fill * 0.7, recent],
      ['hs_analytics_first_visit_timestamp', 'datetime', fill * 0.6, recent],
      ['hs_analytics_last_visit_timestamp', 'datetime', fill * 0.6, recent],
      ['hs_analytics_num_page_views', 'number', fill, count(400)],
      ['hs_analytics_num_event_completions', 'number', fill, count(50)],
      ['hs_analytics_average_page_views', 'number', fill, numberGen(0, 12, 2)],
      ['hs_analytics_revenue', 'number', fill * 0.1, money],
      ['hs_analytics_first_touch_converting_campaign', 'string', fill * 0.15, uuid],
      ['hs_analytics_last_touch_converting_campaign', 'string', fill * 0.15, uuid],
      ['hs_latest_source', 'enumeration', fill, pickGen(SOURCES), { options: options(SOURCES) }],
      ['hs_latest_source_data_1', 'string', fill * 0.9, (r) => r.pick(OFFLINE)],
      ['hs_latest_source_data_2', 'string', fill * 0.8, shortText],
      ['hs_latest_source_timestamp', 'datetime', fill, recent],
      ['hs_object_source', 'string', 1, (r) => r.pick(OFFLINE)],
      ['hs_object_source_id', 'string', 0.7, (r) => r.pick(['userId:9000001', 'sample-contact', 'import-7781', '43121'])],
      ['hs_object_source_label', 'string', 1, (r) => r.pick(OFFLINE)],
      ['hs_object_source_detail_1', 'string', 0.2, shortText],
      ['hs_object_source_detail_2', 'string', 0.05, shortText],
      ['hs_object_source_detail_3', 'string', 0.02, shortText],
      ['hs_object_source_user_id', 'number', 0.3, (r) => String(9_000_000 + r.int(25))],
      ['hs_created_by_user_id', 'number', 0.4, (r) => String(9_000_000 + r.int(25))],
      ['hs_updated_by_user_id', 'number', 0.5, (r) => String(9_000_000 + r.int(25))],
      ['hs_unique_creation_key', 'string', 0.05, uuid],
      ['hs_was_imported', 'bool', 0.3, boolGen],
      ['hs_read_only', 'bool', 0.02, boolGen],
      ['hs_all_owner_ids', 'enumeration', 0.8, ids, { fieldType: 'checkbox', externalOptions: true, referencedObjectType: 'OWNER' }],
      ['hs_all_team_ids', 'enumeration', 0.3, (r) => String(100 + r.int(20)), { fieldType: 'checkbox', externalOptions: true }],
      ['hs_all_accessible_team_ids', 'enumeration', 0.3, (r) => String(100 + r.int(20)), { fieldType: 'checkbox', externalOptions: true }],
      ['hubspot_team_id', 'enumeration', 0.3, (r) => String(100 + r.int(20)), { externalOptions: true }],
      ['hubspot_owner_assigneddate', 'datetime', 0.8, recent],
      ['hs_user_ids_of_all_owners', 'enumeration', 0.8, (r) => String(9_000_000 + r.int(25)), { fieldType: 'checkbox', externalOptions: true }],
      ['hs_user_ids_of_all_notification_followers', 'enumeration', 0.05, (r) => String(9_000_000 + r.int(25)), { fieldType: 'checkbox', externalOptions: true }],
      ['hs_user_ids_of_all_notification_unfollowers', 'enumeration', 0.01, (r) => String(9_000_000 + r.int(25)), { fieldType: 'checkbox', externalOptions: true }],
      ['hs_pinned_engagement_id', 'number', 0.03, idNumber],
      ['hs_tag_ids', 'enumeration', 0.02, (r) => String(r.int(40)), { fieldType: 'checkbox', externalOptions: true }],
      ['hs_shared_team_ids', 'enumeration', 0.02, (r) => String(100 + r.int(20)), { fieldType: 'checkbox', externalOptions: true }],
      ['hs_shared_user_ids', 'enumeration', 0.02, (r) => String(9_000_000 + r.int(25)), { fieldType: 'checkbox', externalOptions: true }],
    ],
    system,
  );
}

/** Sales activity: notes, meetings, sequences. Filled where a rep worked the record. */
function activity(fill: number): PropertyDef[] {
  return many([
    ['notes_last_contacted', 'datetime', fill * 0.6, recent, system],
    ['notes_next_activity_date', 'datetime', fill * 0.2, datetimeGen(0, 60), system],
    ['num_notes', 'number', fill, count(40), rollup],
    ['num_contacted_notes', 'number', fill, count(20), rollup],
    ['hs_last_sales_activity_timestamp', 'datetime', fill * 0.6, recent, system],
    ['hs_last_sales_activity_date', 'datetime', fill * 0.6, recent, system],
    ['hs_last_sales_activity_type', 'enumeration', fill * 0.6, pickGen(['CALL', 'EMAIL', 'MEETING', 'NOTE', 'TASK']), { ...system, options: options(['CALL', 'EMAIL', 'MEETING', 'NOTE', 'TASK']) }],
    ['hs_last_logged_call_date', 'datetime', fill * 0.3, recent, system],
    ['hs_last_open_task_date', 'datetime', fill * 0.1, recent, system],
    ['hs_last_logged_outgoing_email_date', 'datetime', fill * 0.3, recent, system],
    ['hs_latest_meeting_activity', 'datetime', fill * 0.2, recent, system],
    ['engagements_last_meeting_booked', 'datetime', fill * 0.1, recent, system],
    ['engagements_last_meeting_booked_campaign', 'string', fill * 0.03, shortText, system],
    ['engagements_last_meeting_booked_medium', 'string', fill * 0.03, shortText, system],
    ['engagements_last_meeting_booked_source', 'string', fill * 0.03, shortText, system],
    ['hs_sales_email_last_replied', 'datetime', fill * 0.15, recent, system],
    ['hs_next_activity_date', 'datetime', fill * 0.15, datetimeGen(0, 60), system],
    ['hs_num_open_tasks', 'number', fill, count(5), rollup],
    ['hs_num_associated_calls', 'number', fill, count(30), rollup],
  ]);
}

/** Per lifecycle stage: when the record entered it (classic and v2 names) and how long it stayed.
 * `full` adds the exit dates and v2 durations HubSpot keeps for companies. */
function lifecycleDates(fills: Record<string, number>, full: boolean): PropertyDef[] {
  const out: PropertyDef[] = [];
  for (const stage of LIFECYCLE) {
    const f = fills[stage] ?? 0.05;
    out.push(
      p(`hs_lifecyclestage_${stage}_date`, 'datetime', f, recent, system),
      p(`hs_v2_date_entered_${stage}`, 'datetime', f, recent, system),
      // Computed when read (it grows while the record stays in the stage): never trust a timestamp for it.
      p(`hs_time_in_${stage}`, 'number', f, count(8e9), { ...system, fieldType: 'calculation_read_time' }),
    );
    if (full) {
      out.push(
        p(`hs_date_entered_${stage}`, 'datetime', f, recent, system),
        p(`hs_date_exited_${stage}`, 'datetime', f * 0.7, recent, system),
        p(`hs_v2_date_exited_${stage}`, 'datetime', f * 0.7, recent, system),
        p(`hs_v2_latest_time_in_${stage}`, 'number', f, count(8e9), { ...system, fieldType: 'calculation_read_time' }),
        p(`hs_v2_cumulative_time_in_${stage}`, 'number', f, count(8e9), { ...system, fieldType: 'calculation_read_time' }),
      );
    }
  }
  return out;
}

function contactStandard(): PropertyDef[] {
  return [
    ...many([
      ['salutation', 'string', 0.05, pickGen(['Mr.', 'Ms.', 'Dr.', 'Prof.', 'Mx.'])],
      ['address', 'string', 0.25, (r) => `${1 + r.int(300)} ${r.pick(LAST_NAMES)} ${r.pick(['Street', 'Straße', 'Avenue', 'Rua'])}`],
      ['zip', 'string', 0.25, (r) => String(10000 + r.int(89999))],
      ['state', 'string', 0.3, pickGen(['Berlin', 'California', 'New York', 'Bavaria', 'Ontario', 'São Paulo'])],
      ['hs_state_code', 'string', 0.2, pickGen(['BE', 'CA', 'NY', 'BY', 'ON', 'SP'])],
      ['hs_country_region_code', 'string', 0.3, pickGen(['DE', 'US', 'BR', 'CH', 'PL', 'JP'])],
      ['fax', 'string', 0.02, phone],
      ['website', 'string', 0.2, (r) => `https://www.${companyName(r).toLowerCase().replace(/[^a-z]+/g, '')}.example`],
      ['message', 'string', 0.08, longText, { fieldType: 'textarea' }],
      ['annualrevenue', 'string', 0.05, numberGen(1e5, 1e9)],
      ['numemployees', 'enumeration', 0.1, pickGen(['1-5', '5-25', '25-50', '50-100', '100-500', '500-1000', '1000+']), { options: options(['1-5', '5-25', '25-50', '50-100', '100-500', '500-1000', '1000+']) }],
      ['industry', 'string', 0.1, pickGen(INDUSTRIES)],
      ['work_email', 'string', 0.05, (r) => `${r.pick(['j', 'a', 'm', 's'])}.${r.int(1e4)}@corp.example`],
      ['hs_additional_emails', 'enumeration', 0.04, (r) => `alt${r.int(1e5)}@example.org;other${r.int(1e5)}@example.net`, { fieldType: 'checkbox', externalOptions: true }],
      ['hs_email_domain', 'string', 0.95, (r) => r.pick(['example.com', 'example.org', 'mail.example.net', 'corp.example']), equation('domain(email)')],
      ['hs_calculated_phone_number', 'string', 0.6, phone, system],
      ['hs_calculated_mobile_number', 'string', 0.3, phone, system],
      ['hs_calculated_phone_number_country_code', 'string', 0.5, pickGen(['DE', 'US', 'GB', 'BR']), system],
      ['hs_searchable_calculated_phone_number', 'string', 0.6, (r) => String(1e9 + r.int(8e9)), system],
      ['hs_searchable_calculated_mobile_number', 'string', 0.3, (r) => String(1e9 + r.int(8e9)), system],
      ['hs_whatsapp_phone_number', 'phone_number', 0.03, phone],
      ['hs_calculated_form_submissions', 'enumeration', 0.15, (r) => `${uuidOf(r)}:${r.int(1e8)}`, { ...system, fieldType: 'checkbox', externalOptions: true }],
      ['hs_calculated_merged_vids', 'enumeration', 0.01, (r) => `${r.int(1e8)}:${r.int(1e12)}`, { ...system, fieldType: 'checkbox', externalOptions: true }],
      ['hs_all_contact_vids', 'enumeration', 1, (_r, ctx) => ctx.id, { ...system, fieldType: 'checkbox', externalOptions: true }],
      ['hs_persona', 'enumeration', 0.1, pickGen(['persona_1', 'persona_2', 'persona_3']), { options: options(['persona_1', 'persona_2', 'persona_3']) }],
      ['hs_language', 'enumeration', 0.2, pickGen(LANGS), { options: options(LANGS) }],
      ['hs_timezone', 'enumeration', 0.5, pickGen(TIMEZONES), { options: options(TIMEZONES) }],
      ['hs_ip_timezone', 'string', 0.4, pickGen(TIMEZONES), system],
      ['ip_city', 'string', 0.4, pickGen(CITIES), system],
      ['ip_state', 'string', 0.35, pickGen(['Berlin', 'California', 'New York']), system],
      ['ip_state_code', 'string', 0.35, pickGen(['BE', 'CA', 'NY']), system],
      ['ip_country', 'string', 0.4, pickGen(COUNTRIES), system],
      ['ip_country_code', 'string', 0.4, pickGen(['de', 'us', 'br', 'ch']), system],
      ['ip_zipcode', 'string', 0.1, (r) => String(10000 + r.int(89999)), system],
      ['ip_latlon', 'string', 0.1, latlon, system],
      ['hs_buying_role', 'enumeration', 0.05, multiGen(BUYING_ROLES), { fieldType: 'checkbox', options: options(BUYING_ROLES) }],
      ['hs_marketable_status', 'enumeration', 1, pickGen(['true', 'false']), { options: options(['true', 'false'], ['Marketing contact', 'Non-marketing contact']) }],
      ['hs_marketable_reason_id', 'string', 0.4, idNumber, system],
      ['hs_marketable_reason_type', 'enumeration', 0.4, pickGen(['FORM_SUBMISSION', 'IMPORT', 'INTEGRATION', 'SALESFORCE_SYNC', 'CONTACT_CREATE']), { ...system, options: options(['FORM_SUBMISSION', 'IMPORT', 'INTEGRATION', 'SALESFORCE_SYNC', 'CONTACT_CREATE']) }],
      ['hs_marketable_until_renewal', 'enumeration', 0.4, pickGen(['true', 'false']), { ...system, options: options(['true', 'false']) }],
      ['hs_legal_basis', 'enumeration', 0.2, multiGen(['Legitimate interest – prospect/lead', 'Legitimate interest - existing customer', 'Freely given consent from contact', 'Performance of a contract']), {
        fieldType: 'checkbox',
        options: options(['Legitimate interest – prospect/lead', 'Legitimate interest - existing customer', 'Freely given consent from contact', 'Performance of a contract']),
      }],
      ['hs_content_membership_status', 'enumeration', 0.02, pickGen(['active', 'inactive']), { options: options(['active', 'inactive']) }],
      ['hs_content_membership_email', 'string', 0.02, (r) => `member${r.int(1e5)}@example.com`],
      ['hs_content_membership_registered_at', 'datetime', 0.02, recent],
      ['hs_content_membership_notes', 'string', 0.01, html, { fieldType: 'html', label: 'Membership Notes' }],
      ['hs_content_membership_email_confirmed', 'bool', 0.02, boolGen],
      ['hs_feedback_last_nps_rating', 'enumeration', 0.03, pickGen(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']), { options: options(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']) }],
      ['hs_feedback_last_nps_follow_up', 'string', 0.02, sentence, { fieldType: 'textarea' }],
      ['hs_feedback_last_survey_date', 'datetime', 0.03, recent],
      ['hs_feedback_show_nps_web_survey', 'bool', 0.05, boolGen],
      ['hs_sequences_is_enrolled', 'bool', 0.15, boolGen, system],
      ['hs_sequences_enrolled_count', 'number', 0.15, count(5), rollup],
      ['hs_sequences_actively_enrolled_count', 'number', 0.1, count(2), rollup],
      ['hs_latest_sequence_enrolled', 'number', 0.1, idNumber, system],
      ['hs_latest_sequence_enrolled_date', 'datetime', 0.1, recent, system],
      ['hs_latest_sequence_ended_date', 'datetime', 0.08, recent, system],
      ['hs_latest_sequence_finished_date', 'datetime', 0.05, recent, system],
      ['hs_latest_sequence_unenrolled_date', 'datetime', 0.04, recent, system],
      ['hs_first_engagement_object_id', 'number', 0.3, idNumber, system],
      ['hs_first_outreach_date', 'datetime', 0.3, recent, system],
      ['hs_sa_first_engagement_date', 'datetime', 0.25, recent, system],
      ['hs_sa_first_engagement_descr', 'enumeration', 0.25, pickGen(['CALL', 'EMAIL', 'MEETING']), { ...system, options: options(['CALL', 'EMAIL', 'MEETING']) }],
      ['hs_sa_first_engagement_object_type', 'enumeration', 0.25, pickGen(['ENGAGEMENT', 'SEQUENCE']), { ...system, options: options(['ENGAGEMENT', 'SEQUENCE']) }],
      ['hs_is_contact', 'bool', 1, () => 'true', equation('true')],
      ['hs_is_unworked', 'bool', 0.9, boolGen, equation('is_empty(hs_sa_first_engagement_date)')],
      ['hs_count_is_worked', 'number', 0.9, count(2), equation('if is_present(hs_sa_first_engagement_date) then 1 else 0')],
      ['hs_count_is_unworked', 'number', 0.9, count(2), equation('if is_empty(hs_sa_first_engagement_date) then 1 else 0')],
      ['hs_email_open', 'number', 0.6, count(200), rollup],
      ['hs_email_click', 'number', 0.6, count(80), rollup],
      ['hs_email_bounce', 'number', 0.6, count(3), rollup],
      ['hs_email_delivered', 'number', 0.6, count(300), rollup],
      ['hs_email_replied', 'number', 0.6, count(10), rollup],
      ['hs_email_first_send_date', 'datetime', 0.55, recent, system],
      ['hs_email_last_send_date', 'datetime', 0.55, recent, system],
      ['hs_email_first_open_date', 'datetime', 0.4, recent, system],
      ['hs_email_last_open_date', 'datetime', 0.4, recent, system],
      ['hs_email_first_click_date', 'datetime', 0.2, recent, system],
      ['hs_email_last_click_date', 'datetime', 0.2, recent, system],
      ['hs_email_first_reply_date', 'datetime', 0.05, recent, system],
      ['hs_email_last_reply_date', 'datetime', 0.05, recent, system],
      ['hs_email_last_email_name', 'string', 0.55, (r) => `Newsletter ${2020 + r.int(7)}-${1 + r.int(12)} – ${sentence(r).slice(0, 30)}`, system],
      ['hs_email_sends_since_last_engagement', 'number', 0.55, count(60), system],
      ['hs_email_quarantined', 'bool', 0.55, (r) => (r.chance(0.01) ? 'true' : 'false'), system],
      ['hs_email_quarantined_reason', 'enumeration', 0.003, pickGen(['SUSPENSION_REMEDIATION', 'BLOCKLIST_REMEDIATION']), { ...system, options: options(['SUSPENSION_REMEDIATION', 'BLOCKLIST_REMEDIATION']) }],
      ['hs_email_hard_bounce_reason', 'string', 0.01, shortText, system],
      ['hs_email_hard_bounce_reason_enum', 'enumeration', 0.01, pickGen(['MAILBOX_FULL', 'UNKNOWN_USER', 'SPAM', 'POLICY', 'OTHER']), { ...system, options: options(['MAILBOX_FULL', 'UNKNOWN_USER', 'SPAM', 'POLICY', 'OTHER']) }],
      ['hs_email_is_ineligible', 'bool', 0.3, boolGen, system],
      ['hs_emailconfirmationstatus', 'enumeration', 0.05, pickGen(['Confirmed', 'Confirmation Pending', 'Not confirmed']), { options: options(['Confirmed', 'Confirmation Pending', 'Not confirmed']) }],
      ['hs_sales_email_last_opened', 'datetime', 0.15, recent, system],
      ['hs_sales_email_last_clicked', 'datetime', 0.08, recent, system],
      ['hubspotscore', 'number', 1, count(120), score],
      ['hs_predictivecontactscore_v2', 'number', 0.6, numberGen(0, 100, 6), score],
      ['hs_predictivescoringtier', 'enumeration', 0.6, pickGen(['tier_1', 'tier_2', 'tier_3', 'tier_4', 'closed_won', 'closed_lost']), { ...system, options: options(['tier_1', 'tier_2', 'tier_3', 'tier_4', 'closed_won', 'closed_lost']) }],
      ['num_associated_deals', 'number', 0.9, count(6), rollup],
      ['num_conversion_events', 'number', 0.9, count(20), { ...system, calculated: true }],
      ['num_unique_conversion_events', 'number', 0.9, count(10), { ...system, calculated: true }],
      ['first_conversion_event_name', 'string', 0.35, (r) => `${r.pick(['Contact us', 'Ebook download', 'Webinar signup', 'Demo request'])}: ${sentence(r).slice(0, 40)}`, system],
      ['first_conversion_date', 'datetime', 0.35, recent, system],
      ['recent_conversion_event_name', 'string', 0.35, (r) => `${r.pick(['Contact us', 'Ebook download', 'Webinar signup', 'Demo request'])}: ${sentence(r).slice(0, 40)}`, system],
      ['recent_conversion_date', 'datetime', 0.35, recent, system],
      ['first_deal_created_date', 'datetime', 0.1, recent, rollup],
      ['recent_deal_amount', 'number', 0.08, money, rollup],
      ['recent_deal_close_date', 'datetime', 0.06, recent, rollup],
      ['total_revenue', 'number', 0.06, money, rollup],
      ['days_to_close', 'number', 0.06, count(900), equation('time_between(createdate, closedate) / 86400000')],
      ['hs_time_to_first_engagement', 'number', 0.3, count(3e9), equation('time_between(createdate, hs_sa_first_engagement_date)')],
      ['hs_time_to_move_from_lead_to_customer', 'number', 0.05, count(3e10), { ...system, calculated: false, fieldType: 'calculation_equation', calculationFormula: 'time_between(hs_lifecyclestage_lead_date, hs_lifecyclestage_customer_date)' }],
      ['hs_time_between_contact_creation_and_deal_creation', 'number', 0.1, count(3e10), equation('time_between(createdate, first_deal_created_date)')],
      ['hs_time_between_contact_creation_and_deal_close', 'number', 0.05, count(3e10), equation('time_between(createdate, recent_deal_close_date)')],
      ['hs_social_twitter_clicks', 'number', 0.05, count(20), system],
      ['hs_social_facebook_clicks', 'number', 0.05, count(20), system],
      ['hs_social_linkedin_clicks', 'number', 0.05, count(20), system],
      ['hs_social_num_broadcast_clicks', 'number', 0.05, count(40), system],
      ['hs_social_last_engagement', 'datetime', 0.03, recent, system],
      ['twitterhandle', 'string', 0.02, (r) => `@${r.pick(FIRST_NAMES).toLowerCase().replace(/[^a-z]/g, '')}${r.int(999)}`],
      ['twitterprofilephoto', 'string', 0.01, url],
      ['followercount', 'number', 0.01, count(50_000)],
      ['linkedinbio', 'string', 0.01, longText, { fieldType: 'textarea' }],
      ['linkedinconnections', 'number', 0.01, count(500)],
      ['hs_facebookid', 'string', 0.01, idNumber],
      ['hs_linkedinid', 'string', 0.02, idNumber],
      ['hs_twitterid', 'string', 0.01, idNumber],
      ['hs_linkedin_url', 'string', 0.1, (r) => `https://www.linkedin.com/in/${r.pick(FIRST_NAMES).toLowerCase().replace(/[^a-z]/g, '')}-${r.int(1e6).toString(36)}`],
      ['hs_google_click_id', 'string', 0.05, (r) => `Cj0KCQ${r.int(1e15).toString(36)}${r.int(1e15).toString(36)}`, system],
      ['hs_facebook_click_id', 'string', 0.03, (r) => `IwAR${r.int(1e15).toString(36)}${r.int(1e15).toString(36)}`, system],
      ['hs_clicked_linkedin_ad', 'enumeration', 0.02, pickGen(['true', 'false']), { options: options(['true', 'false']) }],
      ['hs_avatar_filemanager_key', 'string', 0.03, (r) => `avatars/${r.int(1e9)}.png`, system],
      ['hs_last_metered_enrichment_timestamp', 'datetime', 0.05, recent, system],
      ['hs_contact_enrichment_opt_out', 'bool', 0.01, boolGen],
      ['hs_journey_stage', 'enumeration', 0.2, pickGen(['awareness', 'consideration', 'decision', 'retention']), { options: options(['awareness', 'consideration', 'decision', 'retention']) }],
      ['hs_inferred_language_codes', 'enumeration', 0.3, multiGen(LANGS), { ...system, fieldType: 'checkbox', options: options(LANGS) }],
      ['hs_associated_target_accounts', 'number', 0.8, count(2), rollup],
      ['associatedcompanyid', 'number', 0.7, (r) => String(200_000_001 + r.int(200)), system],
      ['associatedcompanylastupdated', 'number', 0.5, (r) => String(1.6e12 + r.int(1e11)), system],
      ['hs_unique_creation_key', 'string', 0.05, uuid, system],
      ['gender', 'string', 0.03, pickGen(['female', 'male', 'non-binary'])],
      ['school', 'string', 0.03, pickGen(['TU Berlin', 'ETH Zürich', 'USP', 'MIT', 'Uniwersytet Jagielloński'])],
      ['degree', 'string', 0.03, pickGen(['BSc', 'MSc', 'PhD', 'MBA'])],
      ['field_of_study', 'string', 0.03, pickGen(['Computer Science', 'Economics', 'Physics', 'Marketing'])],
      ['graduation_date', 'string', 0.02, (r) => String(1980 + r.int(45))],
      ['seniority', 'string', 0.05, pickGen(['junior', 'senior', 'manager', 'director', 'executive'])],
      ['job_function', 'string', 0.05, pickGen(['Engineering', 'Sales', 'Marketing', 'Finance', 'Operations'])],
      ['start_date', 'string', 0.02, (r) => `${2000 + r.int(26)}-0${1 + r.int(9)}`],
      ['hs_lead_source', 'string', 0.1, pickGen(['Webinar', 'Trade show', 'Partner', 'Cold call'])],
    ]),
    ...SUBSCRIPTION_IDS.map((id) => p(`hs_email_optout_${id}`, 'enumeration', 0.08, pickGen(['true', 'false']), { options: options(['true', 'false']), label: `Opted out of email: subscription ${id}` })),
    ...lifecycleDates(STAGE_FILL, false),
    ...analytics(0.85),
    ...activity(0.6),
  ];
}

function companyStandard(): PropertyDef[] {
  const types = ['PROSPECT', 'PARTNER', 'RESELLER', 'VENDOR', 'OTHER'];
  const tech = ['hubspot', 'salesforce', 'google_analytics', 'wordpress', 'shopify', 'stripe', 'segment', 'intercom', 'zendesk', 'slack'];
  return [
    ...many([
      ['address', 'string', 0.5, (r) => `${1 + r.int(300)} ${r.pick(LAST_NAMES)} ${r.pick(['Street', 'Straße', 'Avenue'])}`],
      ['address2', 'string', 0.08, (r) => `Floor ${1 + r.int(40)}`],
      ['zip', 'string', 0.5, (r) => String(10000 + r.int(89999))],
      ['state', 'string', 0.5, pickGen(['Berlin', 'California', 'New York', 'Bavaria', 'Ontario'])],
      ['website', 'string', 0.85, (r) => `https://www.${companyName(r).toLowerCase().replace(/[^a-z]+/g, '')}.example`],
      ['about_us', 'string', 0.3, longText, { fieldType: 'textarea' }],
      ['founded_year', 'string', 0.4, (r) => String(1850 + r.int(175))],
      ['timezone', 'string', 0.4, pickGen(TIMEZONES)],
      ['total_money_raised', 'string', 0.05, (r) => `${1 + r.int(900)}M`],
      ['web_technologies', 'enumeration', 0.4, multiGen(tech), { fieldType: 'checkbox', options: options(tech) }],
      ['type', 'enumeration', 0.3, pickGen(types), { options: options(types) }],
      ['hs_lead_status', 'enumeration', 0.2, pickGen(['NEW', 'OPEN', 'IN_PROGRESS']), { options: options(['NEW', 'OPEN', 'IN_PROGRESS']) }],
      ['hs_parent_company_id', 'number', 0.05, (r) => String(200_000_001 + r.int(200)), system],
      ['hs_num_child_companies', 'number', 1, count(3), rollup],
      ['num_associated_contacts', 'number', 1, count(200), rollup],
      ['num_associated_deals', 'number', 1, count(8), rollup],
      ['hs_num_open_deals', 'number', 1, count(4), rollup],
      ['hs_num_decision_makers', 'number', 0.9, count(3), rollup],
      ['hs_num_blockers', 'number', 0.9, count(2), rollup],
      ['hs_num_contacts_with_buying_roles', 'number', 0.9, count(5), rollup],
      ['recent_deal_amount', 'number', 0.3, money, rollup],
      ['recent_deal_close_date', 'datetime', 0.25, recent, rollup],
      ['first_deal_created_date', 'datetime', 0.35, recent, rollup],
      ['total_revenue', 'number', 0.25, money, rollup],
      ['hs_total_deal_value', 'number', 0.35, money, rollup],
      ['days_to_close', 'number', 0.25, count(900), equation('time_between(createdate, recent_deal_close_date) / 86400000')],
      ['first_contact_createdate', 'datetime', 0.9, recent, rollup],
      ['hs_target_account', 'bool', 0.1, boolGen],
      ['hs_is_target_account', 'bool', 0.3, boolGen, system],
      ['hs_ideal_customer_profile', 'enumeration', 0.2, pickGen(['tier_1', 'tier_2', 'tier_3']), { options: options(['tier_1', 'tier_2', 'tier_3']) }],
      ['hs_target_account_probability', 'number', 0.6, numberGen(0, 1, 4), score],
      ['hs_predictivecontactscore_v2', 'number', 0.3, numberGen(0, 100, 4), score],
      ['facebook_company_page', 'string', 0.2, url],
      ['linkedin_company_page', 'string', 0.5, url],
      ['googleplus_page', 'string', 0.01, url],
      ['twitterhandle', 'string', 0.3, (r) => `@${companyName(r).toLowerCase().replace(/[^a-z]+/g, '').slice(0, 14)}`],
      ['linkedinbio', 'string', 0.3, longText, { fieldType: 'textarea' }],
      ['twitterbio', 'string', 0.2, sentence],
      ['twitterfollowers', 'number', 0.2, count(1e6)],
      ['facebookfans', 'number', 0.1, count(1e6)],
      ['hs_logo_url', 'string', 0.6, (r) => `https://logo.example.com/${r.int(1e8)}.png`, system],
      ['hs_avatar_filemanager_key', 'string', 0.05, (r) => `logos/${r.int(1e9)}.png`, system],
      ['hs_country_code', 'string', 0.7, pickGen(['DE', 'US', 'BR', 'CH', 'PL', 'JP'])],
      ['hs_industry_group', 'string', 0.3, pickGen(['Technology', 'Healthcare', 'Finance'])],
      ['hs_employee_range', 'string', 0.5, pickGen(['1-10', '11-50', '51-200', '201-1000', '1001-5000', '5000+'])],
      ['hs_revenue_range', 'string', 0.4, pickGen(['0-1M', '1M-10M', '10M-100M', '100M-1B', '1B+'])],
      ['hs_keywords', 'enumeration', 0.2, (r) => `${r.pick(['saas', 'b2b', 'crm', 'analytics'])};${r.pick(['cloud', 'fintech', 'ai'])}`, { fieldType: 'checkbox', externalOptions: true }],
      ['hs_annual_revenue_currency_code', 'string', 0.4, pickGen(['USD', 'EUR', 'BRL'])],
      ['hs_created_by_user_id', 'number', 0.4, (r) => String(9_000_000 + r.int(25)), system],
    ]),
    ...lifecycleDates({ subscriber: 0.05, lead: 0.5, marketingqualifiedlead: 0.2, salesqualifiedlead: 0.15, opportunity: 0.3, customer: 0.2, evangelist: 0.01, other: 0.05 }, true),
    ...analytics(0.7),
    ...activity(0.7),
  ];
}

function dealStandard(): PropertyDef[] {
  const forecast = ['OMIT', 'PIPELINE', 'BEST_CASE', 'COMMIT', 'CLOSED'];
  const stageProps = DEAL_STAGES.flatMap((st, i) => {
    const f = Math.max(0.05, 0.9 - i * 0.12);
    return [
      p(`hs_date_entered_${st}`, 'datetime', f, recent, system),
      p(`hs_date_exited_${st}`, 'datetime', f * 0.7, recent, system),
      p(`hs_time_in_${st}`, 'number', f, count(8e9), equation(`time_between(hs_date_entered_${st}, hs_date_exited_${st})`)),
      p(`hs_v2_date_entered_${st}`, 'datetime', f, recent, system),
      p(`hs_v2_date_exited_${st}`, 'datetime', f * 0.7, recent, system),
      p(`hs_v2_cumulative_time_in_${st}`, 'number', f, count(8e9), { ...system, fieldType: 'calculation_read_time' }),
    ];
  });
  return [
    ...many([
      ['hs_deal_stage_probability', 'number', 1, numberGen(0, 1, 1), { ...system, calculated: true }],
      ['hs_forecast_amount', 'number', 0.9, money, equation('amount * hs_forecast_probability')],
      ['hs_forecast_probability', 'number', 0.3, numberGen(0, 1, 2)],
      ['hs_manual_forecast_category', 'enumeration', 0.3, pickGen(forecast), { options: options(forecast) }],
      ['hs_forecast_category', 'enumeration', 0.9, pickGen(forecast), { ...system, calculated: true, options: options(forecast) }],
      ['hs_projected_amount', 'number', 0.9, money, equation('amount * hs_deal_stage_probability')],
      ['hs_projected_amount_in_home_currency', 'number', 0.9, money, equation('amount_in_home_currency * hs_deal_stage_probability')],
      ['amount_in_home_currency', 'number', 0.9, money, equation('amount * hs_exchange_rate')],
      ['hs_closed_amount', 'number', 0.9, money, equation('if hs_is_closed_won then amount else 0')],
      ['hs_closed_amount_in_home_currency', 'number', 0.9, money, equation('if hs_is_closed_won then amount_in_home_currency else 0')],
      ['hs_acv', 'number', 0.2, money, equation('hs_tcv / contract_years')],
      ['hs_arr', 'number', 0.2, money, { ...system, calculated: true }],
      ['hs_mrr', 'number', 0.2, money, { ...system, calculated: true }],
      ['hs_tcv', 'number', 0.2, money, { ...system, calculated: true }],
      ['deal_currency_code', 'enumeration', 0.7, pickGen(['USD', 'EUR', 'BRL', 'GBP']), { options: options(['USD', 'EUR', 'BRL', 'GBP']) }],
      ['hs_exchange_rate', 'number', 0.3, numberGen(0.2, 1.5, 6), system],
      ['hs_is_closed_won', 'bool', 1, boolGen, { ...system, calculated: true }],
      ['hs_is_closed_lost', 'bool', 1, boolGen, { ...system, calculated: true }],
      ['hs_is_deal_split', 'bool', 1, () => 'false', { ...system, calculated: true }],
      ['hs_priority', 'enumeration', 0.3, pickGen(['low', 'medium', 'high']), { options: options(['low', 'medium', 'high']) }],
      ['hs_next_step', 'string', 0.3, sentence, { fieldType: 'textarea' }],
      ['hs_deal_amount_calculation_preference', 'enumeration', 0.1, pickGen(['LINE_ITEMS', 'MANUAL']), { options: options(['LINE_ITEMS', 'MANUAL']) }],
      ['hs_campaign', 'string', 0.1, shortText],
      ['closed_lost_reason', 'string', 0.15, sentence, { fieldType: 'textarea' }],
      ['closed_won_reason', 'string', 0.1, sentence, { fieldType: 'textarea' }],
      ['num_associated_contacts', 'number', 1, count(12), rollup],
      ['hs_num_associated_deal_splits', 'number', 1, count(2), rollup],
      ['hs_num_of_associated_line_items', 'number', 1, count(10), rollup],
      ['hs_num_target_accounts', 'number', 1, count(2), rollup],
      ['hs_line_item_global_term_hs_discount_percentage', 'string', 0.02, percent],
      ['hs_line_item_global_term_hs_recurring_billing_period', 'string', 0.02, pickGen(['P12M', 'P24M', 'P36M'])],
      ['hs_line_item_global_term_recurringbillingfrequency', 'string', 0.02, pickGen(['monthly', 'annually'])],
      ['hs_deal_score', 'number', 0.5, numberGen(0, 100, 2), score],
      ['hs_likelihood_to_close', 'number', 0.5, numberGen(0, 1, 4), score],
      ['days_to_close', 'number', 0.5, count(900), equation('time_between(createdate, closedate) / 86400000')],
      ['hs_days_to_close_raw', 'number', 0.5, numberGen(0, 900, 4), equation('time_between(createdate, closedate) / 86400000')],
      ['hs_deal_registration_mrr', 'number', 0.01, money],
      ['hs_deal_registration_mrr_currency_code', 'string', 0.01, pickGen(['USD', 'EUR'])],
      ['hs_latest_approval_status', 'enumeration', 0.02, pickGen(['APPROVAL_NEEDED', 'APPROVED', 'REJECTED']), { ...system, options: options(['APPROVAL_NEEDED', 'APPROVED', 'REJECTED']) }],
      ['hs_primary_associated_company', 'number', 0.8, (r) => String(200_000_001 + r.int(200)), system],
      ['dealtype_detail', 'string', 0.02, sentence],
    ]),
    ...stageProps,
    ...analytics(0.5),
    ...activity(0.8),
  ];
}

const CUSTOM_A = ['preferred', 'primary', 'billing', 'legacy', 'partner', 'customer', 'account', 'renewal', 'onboarding', 'support', 'product', 'region', 'gdpr', 'crm', 'sfdc', 'zoom', 'trial', 'nps', 'marketing', 'event'];
const CUSTOM_B = ['tier', 'segment', 'status', 'score', 'owner', 'id', 'date', 'notes', 'interest', 'language', 'channel', 'source', 'budget', 'plan', 'consent', 'region', 'team', 'level', 'flag', 'url'];
const CUSTOM_SELECT = ['gold', 'silver', 'bronze', 'none', 'trial', 'churned', 'enterprise', 'smb'];
const CUSTOM_MULTI = ['analytics', 'crm', 'email', 'support', 'billing', 'mobile', 'api', 'ai'];

/** Fill of a custom property: most are almost empty (abandoned imports, one-off campaigns), a few dense. */
function customFill(h: number): number {
  const u = (h % 1000) / 1000;
  if (u < 0.7) return 0.002 + (u / 0.7) * 0.05;
  if (u < 0.9) return 0.1 + ((u - 0.7) / 0.2) * 0.3;
  return 0.6 + ((u - 0.9) / 0.1) * 0.35;
}

/** `n` portal-defined properties with plausible names, every field type, and skewed fills. */
export function realisticCustom(n: number, salt: string): PropertyDef[] {
  const out: PropertyDef[] = [];
  const seen = new Set<string>();
  for (let i = 0; out.length < n; i++) {
    const h = hashString(`${salt}:${i}`);
    const base = `${CUSTOM_A[h % CUSTOM_A.length]}_${CUSTOM_B[(h >>> 8) % CUSTOM_B.length]}`;
    const name = seen.has(base) ? `${base}_${i}` : base;
    seen.add(name);
    const fill = customFill(h >>> 4);
    const extra: Partial<PropertyDef> = { hubspotDefined: false, groupName: 'custom_properties', description: 'Custom property (simulated, realistic profile)' };
    let def: PropertyDef;
    switch ((h >>> 16) % 11) {
      case 0:
      case 1:
        def = p(name, 'string', fill, shortText, extra);
        break;
      case 2:
        def = p(name, 'string', fill, longText, { ...extra, fieldType: 'textarea' });
        break;
      case 3:
        def = p(name, 'number', fill, numberGen(0, 10_000, (h >>> 20) % 3), extra);
        break;
      case 4:
        def = p(name, 'enumeration', fill, pickGen(CUSTOM_SELECT), { ...extra, fieldType: (h >>> 22) % 2 ? 'select' : 'radio', options: options(CUSTOM_SELECT) });
        break;
      case 5:
        def = p(name, 'enumeration', fill, multiGen(CUSTOM_MULTI), { ...extra, fieldType: 'checkbox', options: options(CUSTOM_MULTI) });
        break;
      case 6:
        def = p(name, 'bool', fill, boolGen, extra);
        break;
      case 7:
        def = p(name, 'date', fill, anyDate, extra);
        break;
      case 8:
        def = p(name, 'datetime', fill, recent, extra);
        break;
      case 9:
        def = p(name, 'phone_number', fill, phone, extra);
        break;
      default:
        def = p(name, 'string', fill, html, { ...extra, fieldType: 'html' });
    }
    out.push(def);
  }
  return out;
}

/** Wide property sets of the realistic profile, on top of the narrow ones (duplicates are dropped by the caller). */
export function realisticProperties(t: ObjectTypeDef): PropertyDef[] {
  switch (t.name) {
    case 'contacts':
      return [...contactStandard(), ...realisticCustom(REALISTIC_CUSTOM.contacts, 'contacts')];
    case 'companies':
      return [...companyStandard(), ...realisticCustom(REALISTIC_CUSTOM.companies, 'companies')];
    case 'deals':
      return [...dealStandard(), ...realisticCustom(REALISTIC_CUSTOM.deals, 'deals')];
    default:
      return [];
  }
}

/** Custom properties the profile adds; with the default 10 `custom_*` ones contacts hold ~100. */
export const REALISTIC_CUSTOM = { contacts: 90, companies: 50, deals: 40 };
