import type { Token } from 'marked';
import { markdownBlocks, renderMarkdown } from './markdown';

export interface IncrementalMarkdownOptions {
  /** Turns Markdown into safe HTML. Default: renderMarkdown (marked + DOMPurify); tests count the calls. */
  render?: (markdown: string) => string;
}

/**
 * Renders a streaming answer without re-rendering all of it on every frame. The text is cut at the last
 * block boundary that no later text can move: everything before it (the finished blocks) is rendered and
 * sanitized once and kept; each call renders only the rest. Every piece goes through the same
 * `renderMarkdown`, so the sanitizing guarantees are markdown.ts's own, and the output is exactly what
 * rendering the whole text at once gives (the unit tests check this on tricky inputs cut at random).
 *
 * When is a boundary final? Only before a block that follows a blank line, and only if the block before
 * it cannot go on past that blank line:
 * - paragraphs, headings, tables, block quotes, closed fences and HTML blocks end at a blank line (an open
 *   fence or `<!--` block runs to the end of the text, so no boundary lies inside it);
 * - a list and an indented code block go on across blank lines (a loose list's later items even change
 *   how its earlier ones render), so they end only where a line starts at column 0 and is not, and cannot
 *   turn into, a list item;
 * - a link reference definition (`[x]: https://…`) changes links anywhere in the text, before or after
 *   it: once one appears, the whole text is rendered on each call (models rarely write them).
 */
export class IncrementalMarkdown {
  readonly #render: (markdown: string) => string;
  /** The finished part of the text (line endings normalised) and its HTML. */
  #doneText = '';
  #doneHtml = '';
  /** Set once a link reference definition is seen; then the last text, to notice it being replaced. */
  #wholeEachTime = false;
  #lastWhole = '';

  constructor(options: IncrementalMarkdownOptions = {}) {
    this.#render = options.render ?? renderMarkdown;
  }

  /** The HTML for `text`. Cheap when `text` extends the text of the previous call; anything else starts over. */
  render(text: string): string {
    const { done, open } = this.renderParts(text);
    return done + open;
  }

  /**
   * The HTML for `text` in two parts: `done`, the finished blocks (the same string until more blocks
   * finish, so a view can leave their DOM alone), and `open`, the rest, rendered on this call. Each part is
   * complete, sanitized HTML; `done + open` is the whole.
   */
  renderParts(text: string): { done: string; open: string } {
    // marked reads \r\n and \r as \n; doing it first keeps offsets in step with its tokens' raw text.
    const source = text.replace(/\r\n?/g, '\n');
    const replaced = !source.startsWith(this.#wholeEachTime ? this.#lastWhole : this.#doneText);
    if (replaced) this.reset();
    if (this.#wholeEachTime) return this.#whole(source);
    const rest = source.slice(this.#doneText.length);
    const blocks = markdownBlocks(rest);
    if (Object.keys(blocks.links).length > 0) {
      this.reset();
      this.#wholeEachTime = true;
      return this.#whole(source);
    }
    const boundary = finishedUpTo(rest, blocks);
    if (boundary > 0) {
      const finished = rest.slice(0, boundary);
      this.#doneHtml += this.#render(finished);
      this.#doneText += finished;
    }
    const open = rest.slice(boundary);
    return { done: this.#doneHtml, open: open === '' ? '' : this.#render(open) };
  }

  /** Forgets the cached blocks (another message, or a text that was replaced rather than extended). */
  reset(): void {
    this.#doneText = '';
    this.#doneHtml = '';
    this.#wholeEachTime = false;
    this.#lastWhole = '';
  }

  #whole(source: string): { done: string; open: string } {
    this.#lastWhole = source;
    return { done: '', open: this.#render(source) };
  }
}

/** The offset in `text` up to which its blocks are finished (0 when none is sure to be). */
function finishedUpTo(text: string, blocks: Token[]): number {
  let offset = 0;
  let boundary = 0;
  let previous: Token | null = null;
  for (const block of blocks) {
    const start = offset;
    offset += block.raw.length;
    if (block.type === 'space') continue;
    if (previous !== null && endsBefore(previous, text, start, block)) boundary = start;
    previous = block;
  }
  // The tokens must cover the text exactly, or their offsets mean nothing: then trust no boundary.
  return offset === text.length ? boundary : 0;
}

/** Whether `previous` is over for good, given that `next` begins at `start`. */
function endsBefore(previous: Token, text: string, start: number, next: Token): boolean {
  if (!blankLineBefore(text, start)) return false;
  const continuesPastBlankLines =
    previous.type === 'list' || (previous.type === 'code' && previous.codeBlockStyle === 'indented');
  if (!continuesPastBlankLines) return true;
  const lineEnd = text.indexOf('\n', start);
  const firstLine = text.slice(start, lineEnd === -1 ? text.length : lineEnd);
  // Indented, it may belong to the list item or the code block.
  if (/^[ \t]/.test(firstLine)) return false;
  if (lineEnd !== -1) return next.type !== 'list';
  // Still being written: "1" may become "1. item", "-" may become "- item".
  return !/^[-+*\d]/.test(firstLine);
}

/** Whether the line before offset `at` is blank (only spaces or tabs), i.e. text[..at] ends "\n[ \t]*\n". */
function blankLineBefore(text: string, at: number): boolean {
  let i = at - 1;
  if (text[i] !== '\n') return false;
  i--;
  while (text[i] === ' ' || text[i] === '\t') i--;
  return text[i] === '\n';
}
