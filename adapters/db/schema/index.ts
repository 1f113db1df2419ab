/**
 * The drizzle schema, one file per capability (tables of the first closed loop in ./core).
 * A capability with tables of its own adds `./<topic>.ts` and one line here; its migration is
 * hand-written SQL in ../migrations (see the journal there).
 */
export * from './core';
export * from './county'; // issue 14: canned replies
export * from './console'; // issue 17
export * from './kf';
export * from './petitions';
export * from './integrations'; // issue 19
export * from './leases'; // issue 16
