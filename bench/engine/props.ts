/** The 20 contact properties every engine benchmark asks for (a mix of every type). */
export const PROPERTIES = [
  'email', 'firstname', 'lastname', 'phone', 'company', 'jobtitle', 'city', 'country', 'lifecyclestage', 'hubspot_owner_id',
  'hs_email_optout', 'date_of_birth', 'hs_analytics_num_visits', 'notes_last_updated', 'createdate', 'lastmodifieddate',
  'custom_number_1', 'custom_multi_1', 'custom_datetime_1', 'custom_epochdate_1',
];

/**
 * The pipeline every engine benchmark runs: HubSpot contacts with PROPERTIES into `sink` (a YAML
 * flow map); `allProperties` reads every property the portal has instead (wide rows).
 */
export function benchPipeline(opts: { tier: string; sink: string; parallelFullSync?: boolean; allProperties?: boolean }): string {
  const options = [
    ...(opts.allProperties ? [] : [`properties: [${PROPERTIES.join(', ')}]`]),
    ...(opts.parallelFullSync === undefined ? [] : [`parallel_full_sync: ${opts.parallelFullSync}`]),
  ];
  return `version: 1
name: bench
source:
  hubspot:
    token: \${HUBSPOT_TOKEN}
    tier: ${opts.tier}
    streams:
      contacts: { ${options.join(', ')} }
sinks:
  - ${opts.sink}
`;
}
