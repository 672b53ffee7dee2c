/** The record's schema id, apart from the zod schemas so that code that only stamps records stays small. */
export const SCHEMA_ID = 'gongkai.report/1';
