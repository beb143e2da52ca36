/**
 * The rows both sink benchmarks load: 20 columns shaped like a CRM export (7 text, 3 integer,
 * 4 double, 2 boolean, 2 timestamp, 1 date, 1 text list).
 */
import type { StreamSchema } from '../packages/sdk/src/index.ts';

export const crmSchema: StreamSchema = {
  name: 'contacts',
  primaryKey: ['id'],
  columns: [
    { name: 'id', type: 'integer' },
    { name: 'email', type: 'string' },
    { name: 'first_name', type: 'string' },
    { name: 'last_name', type: 'string' },
    { name: 'company', type: 'string' },
    { name: 'city', type: 'string' },
    { name: 'country', type: 'string' },
    { name: 'lifecycle_stage', type: 'string' },
    { name: 'owner_id', type: 'integer' },
    { name: 'num_visits', type: 'integer' },
    { name: 'score', type: 'number' },
    { name: 'revenue', type: 'number' },
    { name: 'probability', type: 'number' },
    { name: 'discount', type: 'number' },
    { name: 'is_customer', type: 'boolean' },
    { name: 'opted_out', type: 'boolean' },
    { name: 'created_at', type: 'timestamp' },
    { name: 'updated_at', type: 'timestamp' },
    { name: 'birthday', type: 'date' },
    { name: 'tags', type: 'string[]' },
  ],
};

export const STAGES = ['subscriber', 'lead', 'marketingqualifiedlead', 'opportunity', 'customer'];
export const CITIES = ['Berlin', 'Lisbon', 'Toronto', 'Osaka', 'Nairobi', 'Valparaíso'];
export const BASE = Date.UTC(2024, 0, 1);
