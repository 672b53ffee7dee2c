/** Bumped whenever a change can alter a record; stored with every record so re-parses can be told apart. */
export const PARSER_VERSION = '0.2.0';
