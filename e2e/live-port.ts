// The port of the real `reprise serve` started by playwright.config.ts for the live tests.
export const LIVE_PORT = 4174;
