/** Plain, varied English, so a BPE tokenizer sees typical text (about four characters a token). */
const PASSAGE =
  'The lighthouse keeper climbed the spiral stairs each evening, counting the steps as his father had taught him. ' +
  'Ships passed far out at sea, their lights small and steady, while gulls argued over the rocks below. ' +
  'In the morning he wrote the weather in a thick book: wind from the west, cloud low, visibility seven miles. ' +
  'Nobody read the book, yet he kept it carefully, because a record is a promise that someone was paying attention. ';

/** A user message of `chars` characters for prefill measurements. */
export function promptText(chars: number): string {
  const length = Math.max(1, Math.round(chars));
  return PASSAGE.repeat(Math.ceil(length / PASSAGE.length)).slice(0, length);
}

/**
 * Finds the number of characters that makes a prompt of `target` tokens, given a measure of the tokens a
 * prompt of some characters makes (the chat template included). Converges in a few steps for any tokenizer.
 */
export async function calibratePrompt(
  target: number,
  measureTokens: (text: string) => Promise<number>,
  tolerance = 0.05,
): Promise<{ text: string; tokens: number }> {
  let chars = target * 4;
  let best = { text: promptText(chars), tokens: await measureTokens(promptText(chars)) };
  for (let attempt = 0; attempt < 4; attempt++) {
    if (Math.abs(best.tokens - target) <= target * tolerance) break;
    chars = Math.max(1, chars * (target / Math.max(1, best.tokens)));
    const text = promptText(chars);
    const tokens = await measureTokens(text);
    if (Math.abs(tokens - target) < Math.abs(best.tokens - target)) best = { text, tokens };
  }
  return best;
}
