/**
 * The outbound guard lives in src/net/ so that sources and channels share it; notification code
 * keeps importing it from here.
 */
export * from '../net/guarded-fetch.js';
export * from '../net/outbound-guard.js';
