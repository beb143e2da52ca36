/**
 * Records per page HubSpot serves: the list endpoint's and search's most. One place, read by the
 * readers (list.ts, search.ts) and by the split planner, which stays free of I/O modules.
 */
export const LIST_PAGE = 100;
export const SEARCH_PAGE = 200;
