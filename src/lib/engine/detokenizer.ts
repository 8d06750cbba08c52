/**
 * Turns a growing list of token ids into text deltas in constant work per token. Decoding a token alone
 * loses what depends on its neighbours (a SentencePiece leading space, half of a multi-byte character), so
 * each step decodes a short window that starts a few tokens back and keeps only what is new: the
 * prefix/read-offset method of Hugging Face's text-generation-inference.
 */
export class IncrementalDetokenizer {
  readonly ids: bigint[] = [];
  #prefixOffset = 0;
  #readOffset = 0;

  constructor(private readonly decode: (ids: bigint[]) => string) {}

  /** Adds a token; returns the text it completed ('' while a character is still incomplete). */
  push(id: bigint): string {
    this.ids.push(id);
    const prefixIds = this.ids.slice(this.#prefixOffset, this.#readOffset);
    const prefixText = prefixIds.length > 0 ? this.decode(prefixIds) : '';
    const text = this.decode(this.ids.slice(this.#prefixOffset));
    if (text.length > prefixText.length && !text.endsWith('\uFFFD')) {
      this.#prefixOffset = this.#readOffset;
      this.#readOffset = this.ids.length;
      return text.slice(prefixText.length);
    }
    return '';
  }
}
