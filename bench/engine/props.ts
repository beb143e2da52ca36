/** The 20 contact properties every engine benchmark asks for (a mix of every type). */
export const PROPERTIES = [
  'email', 'firstname', 'lastname', 'phone', 'company', 'jobtitle', 'city', 'country', 'lifecyclestage', 'hubspot_owner_id',
  'hs_email_optout', 'date_of_birth', 'hs_analytics_num_visits', 'notes_last_updated', 'createdate', 'lastmodifieddate',
  'custom_number_1', 'custom_multi_1', 'custom_datetime_1', 'custom_epochdate_1',
];
