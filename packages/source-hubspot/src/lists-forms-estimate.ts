/**
 * `pipe plan` for lists, list memberships, forms and form submissions: the list search and the
 * forms list are cheap, so the estimate reads them and says exactly which lists a run re-reads;
 * submissions cost one call per readable form plus one per 50 new submissions (unknown up front).
 */
import type { StreamEstimate, StreamRequest } from '@pipe/sdk';
import type { ReadEnv } from './env.ts';
import { FORMS_PAGE, SUBMISSIONS_PAGE, type SubmissionsCheckpoint, allForms, submissionForms } from './forms.ts';
import { LIST_SEARCH_PAGE, MEMBERSHIP_PAGE, planMemberships, searchAllLists } from './lists.ts';

const pages = (n: number, size: number) => Math.max(1, Math.ceil(n / size));

export async function estimateListsForms(env: ReadEnv, req: StreamRequest, kind: 'lists' | 'list_memberships' | 'forms' | 'form_submissions'): Promise<StreamEstimate> {
  const stream = req.schema.name;
  switch (kind) {
    case 'lists': {
      const { lists, calls } = await searchAllLists(env.client, stream);
      return { stream, rows: lists.length, calls, note: `list search: 1 call per ${LIST_SEARCH_PAGE} lists (plus 1 per list gone since the last run)` };
    }
    case 'list_memberships': {
      const plan = await planMemberships(env, req);
      const sizes = plan.due.map((d) => Number(d.list.additionalProperties?.hs_list_size ?? 0) || 0);
      const members = sizes.reduce((a, b) => a + b, 0);
      const calls = plan.searchCalls + sizes.reduce((a, n) => a + pages(n, MEMBERSHIP_PAGE), 0) + plan.missing.length;
      const why = (w: string) => plan.due.filter((d) => d.why === w).length;
      return {
        stream,
        rows: members,
        calls,
        note: `re-reads ${plan.due.length} list(s) (${why('new')} new, ${why('changed')} changed, ${why('refresh')} due for refresh) at 1 call per ${MEMBERSHIP_PAGE} members; ${plan.unchanged} unchanged${plan.missing.length ? `; ${plan.missing.length} gone` : ''}`,
      };
    }
    case 'forms':
      return { stream, calls: 2, note: `re-read whole each run (live and archived, 1 call per ${FORMS_PAGE})` };
    case 'form_submissions': {
      const forms = [];
      let calls = 0;
      for await (const page of allForms(env, stream)) {
        calls++;
        forms.push(...page);
      }
      const saved = req.mode === 'full' ? undefined : (req.state as SubmissionsCheckpoint | undefined);
      const read = submissionForms(forms, saved?.v === 1 ? saved : undefined).length;
      return { stream, calls: calls + read, note: `${calls} call(s) for the forms, 1 per form read (${read}), plus 1 per ${SUBMISSIONS_PAGE} new submissions beyond the first page` };
    }
  }
}
