// Validation and normalisation of written property values, with HubSpot's error shapes.
import type { PropertyDef, Props } from '../data/model.ts';
import type { ObjectStore } from '../data/store.ts';

export interface PropertyProblem {
  name: string;
  error: 'PROPERTY_DOESNT_EXIST' | 'INVALID_OPTION' | 'INVALID_INTEGER' | 'INVALID_DATE' | 'INVALID_DATETIME' | 'INVALID_BOOLEAN' | 'READ_ONLY_VALUE';
  message: string;
}

const DAY = 86_400_000;

/** Normalises one value the way HubSpot stores it; returns a problem instead when it is invalid. */
function normalise(def: PropertyDef, raw: unknown): string | null | PropertyProblem {
  if (raw === null || raw === undefined || raw === '') return null;
  const v = typeof raw === 'string' ? raw : String(raw);
  const bad = (error: PropertyProblem['error'], message: string): PropertyProblem => ({ name: def.name, error, message });
  switch (def.type) {
    case 'number':
      return Number.isFinite(Number(v.trim())) ? v.trim() : bad('INVALID_INTEGER', `${v} is not a valid number.`);
    case 'bool': {
      const b = v.toLowerCase();
      return b === 'true' || b === 'false' ? b : bad('INVALID_BOOLEAN', `${v} is not a valid boolean; use "true" or "false".`);
    }
    case 'date': {
      const ms = /^\d+$/.test(v) ? Number(v) : /^\d{4}-\d{2}-\d{2}$/.test(v) ? Date.parse(`${v}T00:00:00Z`) : Number.NaN;
      if (!Number.isFinite(ms)) return bad('INVALID_DATE', `${v} is not a valid date; use YYYY-MM-DD or epoch milliseconds at midnight UTC.`);
      if (ms % DAY !== 0) {
        const d = new Date(ms).toISOString();
        return bad('INVALID_DATE', `${v} is at ${d.slice(11, 16)} UTC, not midnight!`);
      }
      return new Date(ms).toISOString().slice(0, 10);
    }
    case 'datetime': {
      const ms = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
      return Number.isFinite(ms) ? new Date(ms).toISOString() : bad('INVALID_DATETIME', `${v} is not a valid datetime; use ISO 8601 or epoch milliseconds.`);
    }
    case 'enumeration': {
      if (def.externalOptions || def.options.length === 0) return v;
      const allowed = new Set(def.options.map((o) => o.value));
      const parts = def.fieldType === 'checkbox' ? v.split(';') : [v];
      const wrong = parts.find((x) => !allowed.has(x));
      if (wrong === undefined) return v;
      const list = def.options.map((o) => `${o.value}`).join(', ');
      return bad('INVALID_OPTION', `${wrong} was not one of the allowed options: [${list}]`);
    }
    default:
      return v;
  }
}

/** Validates a whole `properties` object for a write; `problems` is empty when everything is fine. */
export function validateProperties(s: ObjectStore, input: unknown): { props: Props; problems: PropertyProblem[] } {
  const props: Props = {};
  const problems: PropertyProblem[] = [];
  if (input === null || typeof input !== 'object') return { props, problems };
  for (const [name, raw] of Object.entries(input as Record<string, unknown>)) {
    const def = s.property(name);
    if (!def) {
      problems.push({ name, error: 'PROPERTY_DOESNT_EXIST', message: `Property "${name}" does not exist` });
      continue;
    }
    if (def.readOnlyValue) {
      problems.push({ name, error: 'READ_ONLY_VALUE', message: `${name} is a read only property; its value cannot be set.` });
      continue;
    }
    const v = normalise(def, raw);
    if (v !== null && typeof v === 'object') problems.push(v);
    else props[name] = v;
  }
  return { props, problems };
}

/** HubSpot embeds the per-property results as JSON inside `message`, and we add structured `errors`. */
export function problemsBody(problems: PropertyProblem[]): { message: string; errors: unknown[] } {
  const embedded = problems.map((p) => ({ isValid: false, message: p.message, error: p.error, name: p.name, localizedErrorMessage: p.message }));
  return {
    message: `Property values were not valid: ${JSON.stringify(embedded)}`,
    errors: problems.map((p) => ({ message: p.message, code: p.error, context: { propertyName: [p.name] } })),
  };
}
