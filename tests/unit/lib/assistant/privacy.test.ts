import { describe, expect, it } from 'vitest';
import type { TurnSettings } from '../../../../src/lib/assistant';
import type { ChatMessage } from '../../../../src/lib/engine';
import { streamChatCompletion } from '../../../../src/lib/cloud';
import { assistant, EASY, HARD, harness, request, runTurn, system, UNSURE, user } from './fakes';

const EMAIL = 'jane.doe@example.org';
const PHONE = '+44 20 7946 0958';

/** A cloud endpoint reached through the real client: every request body it would receive is recorded. */
function recordingCloud(): { bodies: string[]; fetch: typeof fetch } {
  const bodies: string[] = [];
  const encoder = new TextEncoder();
  const fetchImpl = async (_url: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    bodies.push(typeof init?.body === 'string' ? init.body : '');
    const events = [
      `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: 'From the cloud.' }, finish_reason: null }] })}\n\n`,
      `data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage: { prompt_tokens: 5, completion_tokens: 3 } })}\n\n`,
      'data: [DONE]\n\n',
    ];
    return new Response(
      new ReadableStream({
        start(controller) {
          for (const event of events) controller.enqueue(encoder.encode(event));
          controller.close();
        },
      }),
      { status: 200, headers: { 'Content-Type': 'text/event-stream' } },
    );
  };
  return { bodies, fetch: fetchImpl };
}

function privateHarness(mode: TurnSettings['routingMode'], unsure = false) {
  const h = harness({ settings: { routingMode: mode }, device: unsure ? { confidence: UNSURE } : {} });
  const cloud = recordingCloud();
  h.deps.cloud = (config, req, options) =>
    streamChatCompletion(config, req, { ...options, fetch: cloud.fetch });
  return { h, bodies: cloud.bodies };
}

/** Conversations where the private value sits somewhere other than the newest message. */
const PLACES: [string, ChatMessage[], string][] = [
  [
    'an earlier user turn',
    [user(`My email is ${EMAIL}.`), assistant('Noted.'), user(HARD)],
    'your previous message',
  ],
  [
    'an answer that repeated it',
    [user('What did I tell you?'), assistant(`You wrote ${PHONE} earlier.`), user(HARD)],
    'the previous answer',
  ],
  ['the system prompt', [system(`The user's email is ${EMAIL}.`), user(HARD)], 'the system prompt'],
  [
    'a turn long ago',
    [user(`Call me on ${PHONE}`), assistant('OK'), user('Thanks'), assistant('Sure'), user(HARD)],
    'your message 2 turns ago',
  ],
];

describe('private data anywhere in what would be sent keeps the turn on this device', () => {
  for (const mode of ['auto', 'cloud'] as const) {
    for (const [where, prompt, place] of PLACES) {
      it(`${mode} mode, private value in ${where}: nothing reaches the cloud, and the answer names the turn`, async () => {
        const { h, bodies } = privateHarness(mode);
        const { answers } = await runTurn(h, request(prompt));
        expect(bodies).toEqual([]);
        expect(answers).toHaveLength(1);
        expect(answers[0]?.meta?.where).toBe('device');
        expect(answers[0]?.meta?.reason).toContain(place);
        expect(answers[0]?.meta?.privateKinds?.join(' ')).toContain(place);
        // The reason names kinds and turns, never the value.
        expect(JSON.stringify(answers[0]?.meta)).not.toContain(EMAIL);
        expect(JSON.stringify(answers[0]?.meta)).not.toContain(PHONE);
      });
    }
  }

  it('the cascade never re-asks the cloud when the history is private, even when the answer is unsure', async () => {
    const { h, bodies } = privateHarness('auto', true);
    const { answers } = await runTurn(
      h,
      request([user(`Mail me at ${EMAIL}`), assistant('Sure.'), user(EASY)]),
    );
    expect(bodies).toEqual([]);
    expect(answers).toHaveLength(1);
    expect(answers[0]?.meta?.unsure).toContain('unsure');
  });

  it('a word the person marked private counts in any turn too', async () => {
    const { h, bodies } = privateHarness('cloud');
    h.settings.privateTerms = ['diabetes'];
    await runTurn(h, request([user('I have diabetes.'), assistant('I see.'), user(HARD)]));
    expect(bodies).toEqual([]);
  });

  it('the person can confirm: then, and only then, the whole conversation goes to the cloud', async () => {
    const { h, bodies } = privateHarness('cloud');
    const prompt = [user(`My email is ${EMAIL}.`), assistant('Noted.'), user(HARD)];
    await runTurn(h, request(prompt, { confirmedPrivate: true }));
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).toContain(EMAIL);
  });

  it('the same conversation without private data does go to the cloud (the test can fail)', async () => {
    const { h, bodies } = privateHarness('cloud');
    await runTurn(h, request([user('My email is on file.'), assistant('Noted.'), user(HARD)]));
    expect(bodies).toHaveLength(1);
  });
});
