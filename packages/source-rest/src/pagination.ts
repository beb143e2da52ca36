import type { Json } from '@pipe/sdk';
import type { PaginationConfig } from './config.ts';
import { valueAtPath } from './records.ts';

/**
 * Where a read resumes: the next page number, or the cursor of the page to read next.
 * After the last page it points at that page again, so a later run re-reads it (new
 * records usually land there) and stops; merge on the primary key absorbs the repeat.
 */
export type RestCheckpoint = { page: number } | { cursor: string | null };

/** One request's query parameters and how to continue after its response. */
export interface PageStep {
  params: Record<string, string | number>;
  /** Given the response and its record count: the checkpoint, and the next step (undefined: done). */
  after(body: unknown, count: number): { checkpoint: RestCheckpoint | undefined; next: PageStep | undefined };
}

type Paging = Required<PaginationConfig>;

export const PAGINATION_DEFAULTS: Paging = {
  type: 'none',
  page_param: 'page',
  first_page: 1,
  size_param: 'per_page',
  page_size: 100,
  cursor_param: 'cursor',
  next_cursor_path: 'next_cursor',
};

/** The first request of a read; `resume` is the stream's committed checkpoint (incremental reads only). */
export function firstStep(paging: PaginationConfig, resume: Json | undefined): PageStep {
  const p: Paging = { ...PAGINATION_DEFAULTS, ...paging };
  const size = p.size_param ? { [p.size_param]: p.page_size } : {};
  const saved = resume && typeof resume === 'object' && !Array.isArray(resume) ? resume : {};
  if (p.type === 'page') return pageStep(p, size, typeof saved.page === 'number' ? saved.page : p.first_page);
  if (p.type === 'cursor') return cursorStep(p, size, typeof saved.cursor === 'string' ? saved.cursor : null);
  return { params: {}, after: () => ({ checkpoint: undefined, next: undefined }) };
}

function pageStep(p: Paging, size: Record<string, number>, page: number): PageStep {
  return {
    params: { ...size, [p.page_param]: page },
    after: (_body, count) => {
      const last = count < p.page_size;
      return { checkpoint: { page: last ? page : page + 1 }, next: last ? undefined : pageStep(p, size, page + 1) };
    },
  };
}

function cursorStep(p: Paging, size: Record<string, number>, cursor: string | null): PageStep {
  return {
    params: cursor === null ? { ...size } : { ...size, [p.cursor_param]: cursor },
    after: (body) => {
      const raw = valueAtPath(body, p.next_cursor_path);
      const next = raw === undefined || raw === null || raw === '' ? null : String(raw);
      // A cursor that names itself would loop forever: treat it as the end.
      if (next === null || next === cursor) return { checkpoint: { cursor }, next: undefined };
      return { checkpoint: { cursor: next }, next: cursorStep(p, size, next) };
    },
  };
}
