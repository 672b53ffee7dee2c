/**
 * htmlparser2's Tokenizer with its character-at-a-time loops replaced by string searches where a
 * state only waits for one of a few characters: text (until `<` or `&`), a quoted attribute value
 * (until its quote or `&`), and `fastForwardTo` (the inside of `<script>`, `<style>`, comments).
 *
 * Why: the tokenizer looks at every character through a `switch` on its state, and a report page
 * is mostly text runs, attribute values (menus of hundreds of links) and style sheets. The states
 * skipped over are exactly those in which every other character is a no-op, so the tokens — and
 * the document model and the record — are the same; only where the tokenizer stops to look
 * changes. Searches are remembered (`next`), so no stretch of a page is searched twice for one
 * character: the work stays linear in the page, whatever the page.
 *
 * The subclass reaches the tokenizer's own fields (`buffer`, `index`, `offset`, `decodeEntities`),
 * which htmlparser2 declares private: they are plain properties at run time (checked by the tests
 * that compare tokens with and without this class).
 */
import { Tokenizer } from 'htmlparser2';

/** The fields of htmlparser2's Tokenizer this class reads and moves. */
interface TokenizerFields {
  buffer: string;
  index: number;
  offset: number;
  decodeEntities: boolean;
}

const LT = 0x3c; // <
const AMP = 0x26; // &

type TokenizerClass = typeof Tokenizer;
const Base = Tokenizer as unknown as new (...args: ConstructorParameters<TokenizerClass>) => TokenizerFields & {
  stateText(c: number): void;
  handleInAttributeValue(c: number, quote: number): void;
};

class FastTokenizer extends Base {
  /**
   * For each character searched for (`<`, `&` and the quotes, all below 64): from where it was
   * last searched for, and where it was found (-1: nowhere after that).
   */
  private readonly searchedFrom = new Int32Array(64).fill(0x7fffffff);
  private readonly foundAt = new Int32Array(64);
  /** the buffer those searches were made in: a new chunk is searched afresh */
  private searchedIn = '';

  /**
   * The next `code` at or after `pos` in the buffer (Infinity when there is none). A search is
   * remembered until `pos` passes what it found, so that a page of many `&` and no `<` after them
   * (or an unterminated attribute value) is not searched to its end at every stop: each stretch
   * of the buffer is searched at most once per character.
   */
  private next(code: number, pos: number): number {
    if (this.searchedIn !== this.buffer) {
      this.searchedFrom.fill(0x7fffffff);
      this.searchedIn = this.buffer;
    }
    let at = this.foundAt[code];
    if (pos < this.searchedFrom[code] || (at >= 0 && at < pos)) {
      at = this.foundAt[code] = this.buffer.indexOf(String.fromCharCode(code), pos);
      this.searchedFrom[code] = pos;
    }
    return at < 0 ? Infinity : at;
  }

  /**
   * Moves `index` to just before the first of `stop` or `&` after it (the parse loop steps onto
   * it), or to the buffer's last character when there is none (as `fastForwardTo` does).
   */
  private skipTo(stop: number): void {
    const pos = this.index - this.offset + 1;
    let at = this.next(stop, pos);
    if (this.decodeEntities) at = Math.min(at, this.next(AMP, pos));
    this.index = (at === Infinity ? this.buffer.length : at) + this.offset - 1;
  }

  override stateText(c: number): void {
    if (c === LT || c === AMP || !this.decodeEntities) super.stateText(c);
    else this.skipTo(LT);
  }

  override handleInAttributeValue(c: number, quote: number): void {
    if (c === quote || c === AMP || !this.decodeEntities) super.handleInAttributeValue(c, quote);
    else this.skipTo(quote);
  }

  /** As htmlparser2's: true with `index` on the character, or false with `index` on the buffer's last. */
  fastForwardTo(c: number): boolean {
    const at = this.buffer.indexOf(String.fromCharCode(c), this.index - this.offset + 1);
    if (at >= 0) {
      this.index = at + this.offset;
      return true;
    }
    this.index = this.buffer.length + this.offset - 1;
    return false;
  }
}

/** For htmlparser2's `Tokenizer` option. */
export const fastTokenizer = FastTokenizer as unknown as TokenizerClass;
