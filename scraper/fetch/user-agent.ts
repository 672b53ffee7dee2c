import { PARSER_VERSION } from '../../parser/index.js';

/**
 * Names the tool and where to read about it, so site operators know who is calling. HTTP header
 * values must be ASCII (Node refuses anything else), so the description is in English.
 */
export const USER_AGENT = `gongkai/${PARSER_VERSION} (+https://github.com/gongkai/gongkai; research crawler for government information-disclosure annual reports)`;
