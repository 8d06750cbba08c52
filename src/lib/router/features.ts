/**
 * What the difficulty classifier reads from a prompt: hashed word and character n-grams (wording) and a few
 * named structure features (shape). The same function runs in training (scripts/train-router.ts) and in
 * the app, so the two can never drift apart.
 */

export const HASH_BUCKETS = 1 << 15;

export interface PromptFeatures {
  /** Sparse hashed n-grams: bucket → weight, L2-normalised. */
  hashed: Map<number, number>;
  /** Named structure features, each roughly in 0..1 so one learning rate suits them all. */
  dense: Record<DenseFeature, number>;
}

export const DENSE_FEATURES = [
  'length',
  'lines',
  'code',
  'math',
  'reasoning_verbs',
  'requested_length',
  'subtasks',
  'expert_domain',
  'easy_task',
  'question_marks',
] as const;
export type DenseFeature = (typeof DENSE_FEATURES)[number];

/** FNV-1a (32-bit): fast, stable across platforms, good enough spread for feature hashing. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? [];
}

const REASONING =
  /\b(prove|proof|derive|derivation|show that|justify|analy[sz]e|analysis|compare|contrast|evaluate|trade-?offs?|design|architect|optimi[sz]e|debug|diagnos\w*|why does|step[- ]by[- ]step|rigorous|critique|assess|formali[sz]e|model the|estimate)\b/giu;
const MATH =
  /(\\frac|\\int|\\sum|∫|∑|√|≤|≥|∀|∃|\bmod\b|\b(?:integral|derivative|eigen\w*|matrix|theorem|lemma|polynomial|probability|expected value|infinitely many|prime|converge\w*)\b|\d\s*[\^*/]\s*\d|[a-z]\s*\^\s*\d|\bx\s*[=+-]\s*\d)/giu;
const REQUESTED_LENGTH =
  /\b(\d{3,5}[- ]words?|essay|report|chapter|comprehensive|in[- ]depth|detailed|thorough|full (?:plan|proposal|spec\w*)|white ?paper|business plan|long[- ]form)\b/giu;
const EXPERT_DOMAIN =
  /\b(contract|clause|liabilit\w*|indemnif\w*|jurisdiction|statute|litigation|diagnos\w*|differential|prognosis|contraindicat\w*|dosage|pathophysiolog\w*|tax(?:ation)?|portfolio|valuation|derivatives?|hedg\w*|amorti[sz]\w*|regulator\w*|compliance|distributed|consensus|scalab\w*|latency|throughput|concurrency|race condition|deadlock|kubernetes|microservices?)\b/giu;
const EASY_TASK =
  /\b(translate|translation|fix (?:the )?(?:typos?|grammar|spelling)|rephrase|reword|paraphrase|summari[sz]e (?:this|in one)|one sentence|haiku|limerick|rhyme|synonym|antonym|define|definition|what is|what's|who is|who was|when did|how many|convert|spell|capital of|recipe|joke|hello|hi|thanks|thank you)\b/giu;

function count(pattern: RegExp, text: string): number {
  return text.match(pattern)?.length ?? 0;
}

/** Squashes a count into 0..1 so a long prompt cannot dominate by sheer repetition. */
const squash = (value: number, scale: number): number => 1 - Math.exp(-value / scale);

export function extractFeatures(prompt: string): PromptFeatures {
  const tokens = words(prompt);
  const counts = new Map<number, number>();
  const add = (key: string): void => {
    const bucket = fnv1a(key) % HASH_BUCKETS;
    counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
  };
  for (let i = 0; i < tokens.length; i++) {
    add(`w:${tokens[i]}`);
    if (i + 1 < tokens.length) add(`b:${tokens[i]} ${tokens[i + 1]}`);
  }
  // Character n-grams within words carry morphology ("optimi-", "-ology") and survive typos.
  for (const token of tokens) {
    const padded = ` ${token} `;
    for (let n = 3; n <= 4; n++) {
      for (let i = 0; i + n <= padded.length; i++) add(`c:${padded.slice(i, i + n)}`);
    }
  }
  let norm = 0;
  const hashed = new Map<number, number>();
  for (const [bucket, value] of counts) {
    const weight = Math.log1p(value);
    hashed.set(bucket, weight);
    norm += weight * weight;
  }
  norm = Math.sqrt(norm) || 1;
  for (const [bucket, value] of hashed) hashed.set(bucket, value / norm);

  const lines = prompt.split('\n');
  const codeLines = lines.filter((line) =>
    /[;{}()=<>]|^\s{2,}\S|^\s*(def|class|function|import|const|let|var|SELECT|for|if|return)\b/.test(line),
  ).length;
  const subtasks =
    lines.filter((line) => /^\s*(?:\d+[.)]|[-*•]|[a-z][.)])\s+/i.test(line)).length +
    count(/\b(then|also|additionally|finally|and explain)\b/giu, prompt);

  return {
    hashed,
    dense: {
      length: squash(prompt.length, 1500),
      lines: squash(lines.length, 25),
      code: squash(codeLines, 15) + (prompt.includes('```') ? 0.2 : 0),
      math: squash(count(MATH, prompt), 3),
      reasoning_verbs: squash(count(REASONING, prompt), 2),
      requested_length: squash(count(REQUESTED_LENGTH, prompt), 1.5),
      subtasks: squash(subtasks, 4),
      expert_domain: squash(count(EXPERT_DOMAIN, prompt), 2),
      easy_task: squash(count(EASY_TASK, prompt), 1.5),
      question_marks: squash(count(/\?/g, prompt), 3),
    },
  };
}

/** Friendly names for the reasons shown beside an answer. */
export const DENSE_FEATURE_REASONS: Record<DenseFeature, string> = {
  length: 'a long prompt',
  lines: 'a long pasted input',
  code: 'a lot of code',
  math: 'non-trivial math',
  reasoning_verbs: 'multi-step reasoning',
  requested_length: 'long-form writing',
  subtasks: 'several sub-tasks',
  expert_domain: 'expert domain knowledge',
  easy_task: 'a quick everyday task',
  question_marks: 'several questions',
};

/** Builds a record over every named feature, so adding one is a compile error until it is handled everywhere. */
export function denseRecord(value: (name: DenseFeature) => number): Record<DenseFeature, number> {
  return {
    length: value('length'),
    lines: value('lines'),
    code: value('code'),
    math: value('math'),
    reasoning_verbs: value('reasoning_verbs'),
    requested_length: value('requested_length'),
    subtasks: value('subtasks'),
    expert_domain: value('expert_domain'),
    easy_task: value('easy_task'),
    question_marks: value('question_marks'),
  };
}
