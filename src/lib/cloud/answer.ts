import type { ChunkFacts } from './chunk';
import type { CloudFinishReason, CloudResult, CloudUsage } from './types';

/** The answer as it streams in: text, the server's reports, and when the deltas arrived (for the stats). */
export class Answer {
  text = '';
  deltas = 0;
  /** The server's finish_reason once it sent one; after it, a closed connection is a normal end. */
  serverFinish: string | null = null;
  usage: CloudUsage | null = null;
  /** Set once a 200 with an event stream arrived: from then on the server was generating (billing counts it). */
  streamed = false;
  #model: string;
  #firstAt: number | null = null;
  #lastAt: number | null = null;

  constructor(
    model: string,
    readonly startedAt: number,
  ) {
    this.#model = model;
  }

  /** Adds one chunk; returns the text it added ('' for role-only and usage-only chunks). */
  add(facts: ChunkFacts, at: number): string {
    if (facts.model !== null) this.#model = facts.model;
    // Usage may come in every chunk (cumulative) or once at the end: the latest is the truest.
    if (facts.usage !== null) this.usage = facts.usage;
    if (facts.finishReason !== null) this.serverFinish = facts.finishReason;
    if (facts.content === '') return '';
    this.text += facts.content;
    this.deltas++;
    this.#firstAt ??= at;
    this.#lastAt = at;
    return facts.content;
  }

  /** The result, ended by the server's finish_reason (or [DONE] alone, a plain stop) or by an abort. */
  result(endedAt: number, aborted = false): CloudResult {
    const generatedTokens = this.usage?.completionTokens ?? this.deltas;
    const ttftMs = (this.#firstAt ?? endedAt) - this.startedAt;
    const decodeMs = this.#firstAt !== null && this.#lastAt !== null ? this.#lastAt - this.#firstAt : 0;
    return {
      text: this.text,
      finishReason: aborted ? 'aborted' : finishFrom(this.serverFinish),
      usage: this.usage,
      stats: {
        ttftMs,
        // Like the local engines: tokens after the first, over the time since the first.
        decodeTokensPerS: generatedTokens > 1 && decodeMs > 0 ? ((generatedTokens - 1) / decodeMs) * 1000 : 0,
        totalMs: endedAt - this.startedAt,
        generatedTokens,
      },
      model: this.#model,
      streamed: this.streamed,
    };
  }
}

/** 'length' means the token limit cut the answer; every other reason (stop, content_filter, eos) ended it. */
function finishFrom(serverFinish: string | null): CloudFinishReason {
  return serverFinish === 'length' ? 'length' : 'stop';
}
