// Where each API family is mounted. The configured base path decides the primary mount; the
// numeric-version paths (`/crm/v3/...`, `/crm/v4/...`) are always served as well.

export interface ApiPaths {
  /** Mounts of `{objectType}` collections; the first one is used in `paging.next.link`. */
  objects: string[];
  properties: string[];
  owners: string[];
  pipelines: string[];
  schemas: string[];
  /** v4 associations (`…/{from}/{to}/batch/read`, `…/{from}/{to}/labels`). */
  associationsV4: string[];
  /** v4 per-object association routes live under objects: `/crm/v4/objects/{t}/{id}/associations/{to}`. */
  objectsV4: string[];
  associationsV3: string[];
  marketingEmails: string[];
}

export function apiPaths(basePath = '/crm/v3'): ApiPaths {
  const base = basePath.replace(/\/+$/, '');
  const p: ApiPaths = {
    objects: [],
    properties: [],
    owners: [],
    pipelines: [],
    schemas: [],
    associationsV4: [],
    objectsV4: [],
    associationsV3: [],
    marketingEmails: [],
  };
  const dated = /^(.*)\/crm\/objects\/([^/]+)$/.exec(base);
  if (dated) {
    const [, prefix, ver] = dated;
    p.objects.push(`${prefix}/crm/objects/${ver}`);
    p.properties.push(`${prefix}/crm/properties/${ver}`);
    p.owners.push(`${prefix}/crm/owners/${ver}`);
    p.pipelines.push(`${prefix}/crm/pipelines/${ver}`);
    p.schemas.push(`${prefix}/crm-object-schemas/${ver}/schemas`);
    p.associationsV4.push(`${prefix}/crm/associations/${ver}`);
    p.marketingEmails.push(`${prefix}/marketing/emails/${ver}`);
  } else {
    p.objects.push(`${base}/objects`);
    p.properties.push(`${base}/properties`);
    p.owners.push(`${base}/owners`);
    p.pipelines.push(`${base}/pipelines`);
    p.schemas.push(`${base}/schemas`);
    p.associationsV3.push(`${base}/associations`);
    const v4 = base.replace(/\/v3$/, '/v4');
    if (v4 !== base) {
      p.associationsV4.push(`${v4}/associations`);
      p.objectsV4.push(`${v4}/objects`);
    }
  }
  p.objects.push('/crm/v3/objects');
  p.properties.push('/crm/v3/properties');
  p.owners.push('/crm/v3/owners');
  p.pipelines.push('/crm/v3/pipelines');
  p.schemas.push('/crm-object-schemas/v3/schemas', '/crm/v3/schemas');
  p.associationsV4.push('/crm/v4/associations', '/crm/associations/v4');
  p.objectsV4.push('/crm/v4/objects');
  p.associationsV3.push('/crm/v3/associations');
  p.marketingEmails.push('/marketing/v3/emails');
  for (const k of Object.keys(p) as (keyof ApiPaths)[]) p[k] = [...new Set(p[k])];
  return p;
}
