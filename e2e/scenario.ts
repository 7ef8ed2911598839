// The actors of fixtures/theater-0.3.29/scenario.json and the statuses the tree must show.
export const SUPERVISOR = '0ac11f53-e4df-4044-a9ca-f23d024cd0a6';
export const COUNTER_FAILED = '7ad5c6a6-9f02-4256-a756-4c4c954fd52e';
export const COUNTER_EXITED = '94b49d9f-166f-42e8-b5b1-817da11241bf';
export const COUNTER_STOPPED = '44ff83c7-16e7-439c-9e80-ed6ff42598a9';

/** Actor id → `data-status` of its tree node. */
export const SCENARIO_STATUSES: [string, string][] = [
  [SUPERVISOR, 'stopped'],
  [COUNTER_FAILED, 'failed'],
  [COUNTER_EXITED, 'exited'],
  [COUNTER_STOPPED, 'stopped'],
];
