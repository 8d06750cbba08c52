/** Fakes for the turn module's ports: each records what it was asked, and can be told to fail. */
import type {
  AnswerWriter,
  CloudPause,
  CloudStream,
  DeviceModel,
  SpendLedger,
  TurnDependencies,
  TurnEvent,
  TurnRequest,
  TurnSettings,
} from '../../../../src/lib/assistant';
import { answerTurn } from '../../../../src/lib/assistant';
import type { Conversation, StoredMessage } from '../../../../src/lib/chat';
import type { CloudRequest, CloudResult } from '../../../../src/lib/cloud';
import type {
  ChatMessage,
  GenerationConfidence,
  GenerationResult,
  LoadResult,
} from '../../../../src/lib/engine';
import { SELF_TEST_MODEL } from '../../../../src/lib/models';
import { DifficultyClassifier, type RouterWeights } from '../../../../src/lib/router';
import { denseRecord, HASH_BUCKETS } from '../../../../src/lib/router/features';

/** Maths and reasoning words make a prompt hard, everything else is easy. */
export const classifier = new DifficultyClassifier({
  version: 1,
  buckets: HASH_BUCKETS,
  bias: -2,
  hashed: [],
  dense: denseRecord((name) => (name === 'math' || name === 'reasoning_verbs' ? 4 : 0)),
  threshold: 0.5,
  trainScores: [0.1, 0.2, 0.6, 0.9],
  trainedOn: { prompts: 4, cloudShare: 0.5, cvAccuracy: 1, cvAuc: 1 },
} satisfies RouterWeights);

export const HARD = 'Prove that the integral of x^2 converges and derive the theorem step by step.';
export const EASY = 'Say hello to my neighbour.';

export const SURE: GenerationConfidence = {
  tokens: 16,
  meanEntropy: 0.1,
  normalizedEntropy: 0.02,
  meanTopLogprob: -0.05,
};
export const UNSURE: GenerationConfidence = {
  tokens: 16,
  meanEntropy: 9,
  normalizedEntropy: 0.9,
  meanTopLogprob: -5,
};

export const CONVERSATION: Conversation = {
  id: 'c1',
  title: 'Test',
  createdAt: 1,
  updatedAt: 1,
  modelId: SELF_TEST_MODEL.id,
  systemPrompt: 'Be brief.',
  settings: { temperature: 0.7, topP: 0.9, maxNewTokens: 64 },
};

export const CLOUD_SETTINGS: TurnSettings = {
  routingMode: 'auto',
  cloudEndpointUrl: 'https://api.example.com/v1',
  cloudApiKey: 'sk-test-key',
  cloudModel: 'gpt-4o-mini',
  monthlyCloudBudgetUsd: 5,
  routerThreshold: null,
  privateTerms: [],
  cloudPrices: { 'gpt-4o-mini': { inputPerMTokUsd: 1000, outputPerMTokUsd: 2000 } },
};

const LOADED: LoadResult = {
  modelId: SELF_TEST_MODEL.id,
  backend: 'wasm',
  dtype: 'fp32',
  loadMs: 5,
  contextWindow: 2048,
  modelBytes: 1000,
  threads: 1,
  fallbackReason: 'This browser has no WebGPU.',
};

export interface FakeDeviceScript {
  tokens?: string[];
  confidence?: GenerationConfidence;
  loadError?: Error;
  generateError?: Error;
  /** Never finishes loading (until aborted). */
  loadHangs?: boolean;
  /** Calls this after the given token, e.g. to abort mid-answer. */
  afterToken?: { index: number; run: () => void };
}

export class FakeDevice implements DeviceModel {
  loads = 0;
  prompts: ChatMessage[][] = [];
  constructor(public script: FakeDeviceScript = {}) {}

  async ensureLoaded(_model: unknown, _backend: unknown, signal: AbortSignal): Promise<LoadResult> {
    this.loads++;
    if (this.script.loadError) throw this.script.loadError;
    if (this.script.loadHangs) {
      await new Promise((_, reject) =>
        signal.addEventListener('abort', () => reject(new DOMException('stopped', 'AbortError'))),
      );
    }
    return LOADED;
  }

  async generate(
    messages: ChatMessage[],
    _params: unknown,
    onToken: (token: { text: string; index: number; atMs: number }) => void,
    signal: AbortSignal,
  ): Promise<GenerationResult> {
    this.prompts.push(messages);
    const tokens = this.script.tokens ?? ['Hello', ' there', '.'];
    let text = '';
    for (const [index, token] of tokens.entries()) {
      if (signal.aborted) break;
      await Promise.resolve();
      text += token;
      onToken({ text: token, index, atMs: index });
      if (this.script.afterToken?.index === index) this.script.afterToken.run();
      if (this.script.generateError && index === 0) throw this.script.generateError;
    }
    return {
      text,
      finishReason: signal.aborted ? 'aborted' : 'stop',
      trimmedMessages: 0,
      stats: {
        promptTokens: 10,
        generatedTokens: tokens.length,
        ttftMs: 5,
        prefillTokensPerS: 100,
        decodeTokensPerS: 50,
        totalMs: 60,
      },
      ...(this.script.confidence ? { confidence: this.script.confidence } : {}),
    };
  }
}

export interface FakeCloudScript {
  words?: string[];
  /** Thrown after `failAfter` words (0: before any). */
  error?: Error;
  failAfter?: number;
  usage?: { promptTokens: number; completionTokens: number } | null;
  afterWord?: { index: number; run: () => void };
}

/** A scripted cloud: it records every request (the bodies a real endpoint would receive). */
export function fakeCloud(script: FakeCloudScript = {}): CloudStream & { requests: CloudRequest[] } {
  const requests: CloudRequest[] = [];
  const stream: CloudStream = async (config, request, options) => {
    requests.push(structuredClone(request));
    const words = script.words ?? ['A ', 'careful ', 'cloud ', 'answer.'];
    let text = '';
    for (const [index, word] of words.entries()) {
      if (script.error && index === (script.failAfter ?? 0)) throw script.error;
      if (options.signal?.aborted) break;
      await Promise.resolve();
      text += word;
      options.onDelta?.(word);
      if (script.afterWord?.index === index) script.afterWord.run();
    }
    if (script.error && (script.failAfter ?? 0) >= words.length) throw script.error;
    const aborted = options.signal?.aborted === true;
    const result: CloudResult = {
      text,
      finishReason: aborted ? 'aborted' : 'stop',
      usage: aborted
        ? null
        : script.usage === undefined
          ? { promptTokens: 40, completionTokens: 4 }
          : script.usage,
      stats: { ttftMs: 10, decodeTokensPerS: 30, totalMs: 100, generatedTokens: words.length },
      model: config.model,
      streamed: true,
    };
    return result;
  };
  return Object.assign(stream, { requests });
}

export class MemoryWriter implements AnswerWriter {
  saved = new Map<string, StoredMessage>();
  writes = 0;
  failWith: Error | null = null;
  async putMessage(message: StoredMessage): Promise<void> {
    this.writes++;
    if (this.failWith) throw this.failWith;
    this.saved.set(message.id, structuredClone(message));
  }
}

export class MemoryLedger implements SpendLedger {
  charges: number[] = [];
  constructor(public total = 0) {}
  failRead = false;
  async spent(): Promise<number> {
    if (this.failRead) throw new Error('storage is gone');
    return this.total;
  }
  async charge(usd: number): Promise<number> {
    if (!Number.isFinite(usd) || usd < 0) throw new Error(`bad charge ${usd}`);
    this.charges.push(usd);
    this.total += usd;
    return this.total;
  }
}

export class MemoryPause implements CloudPause {
  until = 0;
  asked: number[] = [];
  constructor(private readonly clock: () => number) {}
  waitS(): number {
    return Math.max(0, (this.until - this.clock()) / 1000);
  }
  async pauseFor(seconds: number): Promise<void> {
    this.asked.push(seconds);
    this.until = Math.max(this.until, this.clock() + seconds * 1000);
  }
}

export interface Harness {
  deps: TurnDependencies;
  device: FakeDevice;
  cloud: ReturnType<typeof fakeCloud>;
  writer: MemoryWriter;
  ledger: MemoryLedger;
  pause: MemoryPause;
  settings: TurnSettings;
  clock: { now: number };
}

export function harness(
  options: { settings?: Partial<TurnSettings>; device?: FakeDeviceScript; cloud?: FakeCloudScript } = {},
): Harness {
  const clock = { now: 1_000_000 };
  let ids = 0;
  const device = new FakeDevice(options.device);
  const cloud = fakeCloud(options.cloud);
  const writer = new MemoryWriter();
  const ledger = new MemoryLedger();
  const pause = new MemoryPause(() => clock.now);
  const settings: TurnSettings = { ...CLOUD_SETTINGS, ...options.settings };
  return {
    deps: {
      device,
      cloud,
      writer,
      ledger,
      pause,
      classifier: async () => classifier,
      settings: () => settings,
      online: () => true,
      now: () => clock.now,
      monotonic: () => clock.now,
      newId: () => `a${++ids}`,
    },
    device,
    cloud,
    writer,
    ledger,
    pause,
    settings,
    clock,
  };
}

export function request(prompt: ChatMessage[], patch: Partial<TurnRequest> = {}): TurnRequest {
  return {
    conversation: CONVERSATION,
    prompt,
    model: SELF_TEST_MODEL,
    backend: 'auto',
    after: 10,
    signal: new AbortController().signal,
    ...patch,
  };
}

/** Runs a turn to its end; the answers as the page would show them, and everything it yielded. */
export async function runTurn(
  h: Harness,
  req: TurnRequest,
): Promise<{ events: TurnEvent[]; answers: StoredMessage[]; notices: string[] }> {
  const events: TurnEvent[] = [];
  const answers: StoredMessage[] = [];
  for await (const event of answerTurn(req, h.deps)) {
    events.push(event);
    if (event.kind === 'answer') {
      const index = answers.findIndex((a) => a.id === event.message.id);
      if (index === -1) answers.push(event.message);
      else answers[index] = event.message;
    } else if (event.kind === 'delta') {
      const answer = answers.find((a) => a.id === event.id);
      if (answer) answer.content += event.text;
    }
  }
  const notices = events.flatMap((e) => (e.kind === 'notice' ? [e.text] : []));
  return { events, answers, notices };
}

export const user = (content: string): ChatMessage => ({ role: 'user', content });
export const assistant = (content: string): ChatMessage => ({ role: 'assistant', content });
export const system = (content: string): ChatMessage => ({ role: 'system', content });
