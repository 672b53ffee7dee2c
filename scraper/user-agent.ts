import { PARSER_VERSION } from '../parser/version.js';

/** Names the tool and where to read about it, so site operators know who is calling. */
export const USER_AGENT = `gongkai/${PARSER_VERSION} (+https://github.com/gongkai/gongkai; research crawler for 政府信息公开工作年度报告)`;
