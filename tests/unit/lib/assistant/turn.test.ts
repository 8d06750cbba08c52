import { describe, expect, it } from 'vitest';
import {
  CloudAnswerCutError,
  CloudRateLimitedError,
  CloudServerError,
  CloudStreamDroppedError,
  GpuDeviceLostError,
  NetworkError,
  QuotaFullForTest,
} from './errors-for-test';
import { EASY, HARD, harness, request, runTurn, SURE, system, UNSURE, user } from './fakes';

describe('answering on the device', () => {
  it('streams the answer, saves it complete, and says where it ran, on which backend and why', async () => {
    const h = harness({ settings: { cloudEndpointUrl: '' } });
    const { answers, events } = await runTurn(h, request([system('Be brief.'), user(EASY)]));

    expect(answers).toHaveLength(1);
    const answer = answers[0];
    expect(answer).toMatchObject({ content: 'Hello there.', status: 'complete', role: 'assistant' });
    expect(answer?.meta).toMatchObject({
      where: 'device',
      reason: 'no cloud endpoint is configured',
      backend: 'wasm',
      fallbackReason: 'This browser has no WebGPU.',
    });
    expect(answer?.meta?.stats?.decodeTokensPerS).toBe(50);
    expect(events.filter((e) => e.kind === 'delta').map((e) => e.kind === 'delta' && e.text)).toEqual([
      'Hello',
      ' there',
      '.',
    ]);
    expect(h.writer.saved.get(answer?.id ?? '')).toMatchObject({
      status: 'complete',
      content: 'Hello there.',
    });
    expect(h.cloud.requests).toHaveLength(0);
  });

  it('orders the answer after the newest message even when the clock is behind', async () => {
    const h = harness({ settings: { cloudEndpointUrl: '' } });
    h.clock.now = 5;
    const { answers } = await runTurn(h, request([user(EASY)], { after: 100 }));
    expect(answers[0]?.createdAt).toBe(101);
  });

  it('a model that cannot load leaves an error answer that says why', async () => {
    const h = harness({
      settings: { cloudEndpointUrl: '' },
      device: { loadError: new NetworkError('offline') },
    });
    const { answers } = await runTurn(h, request([user(EASY)]));
    expect(answers[0]).toMatchObject({ status: 'error', content: '' });
    expect(answers[0]?.error).toContain('The connection failed');
  });

  it('a lost GPU mid-answer keeps the text so far, marked stopped, with the reason', async () => {
    const h = harness({
      settings: { cloudEndpointUrl: '' },
      device: { generateError: new GpuDeviceLostError('device lost') },
    });
    const { answers } = await runTurn(h, request([user(EASY)]));
    expect(answers[0]).toMatchObject({ status: 'stopped', content: 'Hello' });
    expect(answers[0]?.error).toContain('Hearth loads the model again with your next message');
  });
});

describe('answering in the cloud', () => {
  it('sends a hard question to the cloud in Automatic mode and charges what the server reported', async () => {
    const h = harness();
    const { answers } = await runTurn(h, request([system('Be brief.'), user(HARD)]));
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatchObject({ status: 'complete', content: 'A careful cloud answer.' });
    expect(answers[0]?.meta).toMatchObject({ where: 'cloud', modelId: 'gpt-4o-mini' });
    expect(answers[0]?.meta?.reason).toContain('looks hard');
    // 40 prompt tokens at $1000/Mtok + 4 completion tokens at $2000/Mtok.
    expect(h.ledger.charges).toEqual([0.04 + 0.008]);
    expect(h.cloud.requests[0]?.messages.at(-1)?.content).toBe(HARD);
    expect(h.device.loads).toBe(0);
  });

  it('charges an estimate when the server sends no usage', async () => {
    const h = harness({ cloud: { usage: null } });
    await runTurn(h, request([user(HARD)]));
    expect(h.ledger.charges).toHaveLength(1);
    expect(h.ledger.charges[0]).toBeGreaterThan(0);
  });

  it('a cloud failure before any text is said on the answer, and the device answers in its place', async () => {
    const h = harness({ cloud: { error: new CloudServerError('HTTP 503'), failAfter: 0 } });
    const { answers } = await runTurn(h, request([user(HARD)]));
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatchObject({ status: 'complete', content: 'Hello there.' });
    expect(answers[0]?.meta).toMatchObject({
      where: 'device',
      reason: 'the cloud failed, so it ran on this device',
    });
    expect(answers[0]?.error).toMatch(/had a problem on its side.*Answered on this device instead/);
    // The server refused before generating: nothing is billed.
    expect(h.ledger.charges).toEqual([]);
  });

  it('a stream dropped mid-answer keeps the partial cloud text, charges an estimate, and the device answers below', async () => {
    const h = harness({
      cloud: { error: new CloudStreamDroppedError('the stream ended early', {}, 'A careful '), failAfter: 2 },
    });
    const { answers } = await runTurn(h, request([user(HARD)]));
    expect(answers).toHaveLength(2);
    expect(answers[0]).toMatchObject({ status: 'stopped', content: 'A careful ' });
    expect(answers[0]?.meta?.where).toBe('cloud');
    expect(answers[1]).toMatchObject({ status: 'complete', content: 'Hello there.' });
    expect(answers[1]?.meta?.where).toBe('device');
    expect(h.ledger.charges).toHaveLength(1);
    expect(h.ledger.charges[0]).toBeGreaterThan(0);
  });

  it('a 429 pauses the cloud for its Retry-After, and the next message stays on device until it passes', async () => {
    const h = harness({
      cloud: { error: new CloudRateLimitedError('HTTP 429', { retryAfterS: 7 }), failAfter: 0 },
    });
    await runTurn(h, request([user(HARD)]));
    expect(h.pause.asked).toEqual([7]);

    const next = await runTurn(h, request([user(HARD)]));
    expect(next.answers[0]?.meta?.where).toBe('device');
    expect(next.answers[0]?.meta?.reason).toContain('asked to wait 7 s');
    expect(h.cloud.requests).toHaveLength(1);

    h.clock.now += 8000;
    const later = await runTurn(h, request([user(HARD)]));
    expect(later.answers[0]?.meta?.reason).not.toContain('asked to wait');
    expect(h.cloud.requests).toHaveLength(2);
  });

  it("an answer cut at Hearth's size cap keeps what arrived, is charged, and the device is not asked", async () => {
    const h = harness({
      cloud: {
        error: new CloudAnswerCutError(
          'size cap',
          { limit: 'size', maxChars: 9, phase: 'streaming' },
          'A careful',
        ),
        failAfter: 2,
      },
    });
    const { answers } = await runTurn(h, request([user(HARD)]));
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatchObject({ status: 'stopped', content: 'A careful' });
    expect(answers[0]?.error).toContain('cut at 9 characters');
    expect(h.ledger.charges).toHaveLength(1);
    expect(h.device.loads).toBe(0);
  });

  it('a 429 that names no wait still pauses for the default', async () => {
    const h = harness({ cloud: { error: new CloudRateLimitedError('HTTP 429', {}), failAfter: 0 } });
    await runTurn(h, request([user(HARD)]));
    // 30 s: most limits are per-minute windows, and an immediate retry would only be refused again.
    expect(h.pause.asked).toEqual([30]);
    expect(h.pause.waitS()).toBeGreaterThan(0);
  });

  it('the budget is a hard stop: once spent, hard questions stay on device', async () => {
    // 1000 prompt tokens at $1000/Mtok and 1000 completion tokens at $2000/Mtok: $3, over a $2 budget.
    const h = harness({
      settings: { monthlyCloudBudgetUsd: 2 },
      cloud: { usage: { promptTokens: 1000, completionTokens: 1000 } },
    });
    const first = await runTurn(h, request([user(HARD)]));
    expect(first.answers[0]?.meta?.where).toBe('cloud');
    expect(h.ledger.total).toBeCloseTo(3);
    const next = await runTurn(h, request([user(HARD)]));
    expect(next.answers[0]?.meta?.where).toBe('device');
    expect(next.answers[0]?.meta?.reason).toBe('the monthly cloud budget is spent');
    expect(h.cloud.requests).toHaveLength(1);
  });

  it('spend that cannot be read keeps the cloud closed, and says so', async () => {
    const h = harness();
    h.ledger.failRead = true;
    const { answers, notices } = await runTurn(h, request([user(HARD)]));
    expect(answers[0]?.meta?.where).toBe('device');
    expect(notices.join(' ')).toContain('cloud spend could not be read');
    expect(h.cloud.requests).toHaveLength(0);
  });
});

describe('the cascade', () => {
  it('re-asks an unsure device answer in the cloud in Automatic mode; the device answer stays', async () => {
    const h = harness({ device: { confidence: UNSURE } });
    const { answers } = await runTurn(h, request([user(EASY)]));
    expect(answers).toHaveLength(2);
    expect(answers[0]?.meta?.where).toBe('device');
    expect(answers[0]?.meta?.unsure).toContain('looked unsure');
    expect(answers[1]?.meta).toMatchObject({ where: 'cloud' });
    expect(answers[1]?.meta?.reason).toContain('looked unsure');
    expect(answers[1]?.content).toBe('A careful cloud answer.');
  });

  it('only marks (the page offers the cloud) when the person chose Always on device', async () => {
    const h = harness({ device: { confidence: UNSURE }, settings: { routingMode: 'device' } });
    const { answers } = await runTurn(h, request([user(EASY)]));
    expect(answers).toHaveLength(1);
    expect(answers[0]?.meta?.unsure).toContain('looked unsure');
    expect(h.cloud.requests).toHaveLength(0);
  });

  it('a sure answer is left alone', async () => {
    const h = harness({ device: { confidence: SURE } });
    const { answers } = await runTurn(h, request([user(EASY)]));
    expect(answers).toHaveLength(1);
    expect(answers[0]?.meta?.unsure).toBeUndefined();
  });

  it('a failed re-ask keeps the device answer and says it stands', async () => {
    const h = harness({
      device: { confidence: UNSURE },
      cloud: { error: new CloudServerError('HTTP 500'), failAfter: 0 },
    });
    const { answers } = await runTurn(h, request([user(EASY)]));
    expect(answers).toHaveLength(2);
    expect(answers[0]).toMatchObject({ status: 'complete', content: 'Hello there.' });
    expect(answers[1]).toMatchObject({ status: 'error' });
    expect(answers[1]?.error).toContain('The answer from this device above stands');
    expect(h.device.prompts).toHaveLength(1);
  });
});

describe('Stop', () => {
  it('stops a device answer mid-stream and keeps it, marked stopped', async () => {
    const controller = new AbortController();
    const h = harness({
      settings: { cloudEndpointUrl: '' },
      device: { tokens: ['a', 'b', 'c', 'd'], afterToken: { index: 1, run: () => controller.abort() } },
    });
    const { answers } = await runTurn(h, request([user(EASY)], { signal: controller.signal }));
    expect(answers[0]).toMatchObject({ status: 'stopped', content: 'ab' });
    expect(h.writer.saved.get(answers[0]?.id ?? '')?.status).toBe('stopped');
  });

  it('stops a cloud answer mid-stream, keeps it, charges what was generated and does not fall back', async () => {
    const controller = new AbortController();
    const h = harness({ cloud: { afterWord: { index: 1, run: () => controller.abort() } } });
    const { answers } = await runTurn(h, request([user(HARD)], { signal: controller.signal }));
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatchObject({ status: 'stopped', content: 'A careful ' });
    expect(h.ledger.charges).toHaveLength(1);
    expect(h.device.loads).toBe(0);
  });

  it('works while the model is still loading', async () => {
    const controller = new AbortController();
    const h = harness({ settings: { cloudEndpointUrl: '' }, device: { loadHangs: true } });
    const turn = runTurn(h, request([user(EASY)], { signal: controller.signal }));
    setTimeout(() => controller.abort(), 5);
    const { answers } = await turn;
    expect(answers[0]).toMatchObject({ status: 'stopped', content: '' });
    expect(answers[0]?.error).toBeUndefined();
  });
});

describe('storage', () => {
  it('a write that fails is said once, and the answer still arrives whole', async () => {
    const h = harness({ settings: { cloudEndpointUrl: '' } });
    h.writer.failWith = new QuotaFullForTest();
    const { answers, notices } = await runTurn(h, request([user(EASY)]));
    expect(answers[0]).toMatchObject({ status: 'complete', content: 'Hello there.' });
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain('could not be saved');
    expect(notices[0]).toContain('no room left');
  });

  it('a discarded turn (its chat was deleted) writes nothing more', async () => {
    const controller = new AbortController();
    let discarded = false;
    const h = harness({
      settings: { cloudEndpointUrl: '' },
      device: {
        tokens: ['a', 'b', 'c'],
        afterToken: {
          index: 0,
          run: () => {
            discarded = true;
            controller.abort();
          },
        },
      },
    });
    const writesBefore = h.writer.writes;
    await runTurn(h, request([user(EASY)], { signal: controller.signal, discarded: () => discarded }));
    // Only the empty answer written at the start, before the delete.
    expect(h.writer.writes - writesBefore).toBe(1);
    expect([...h.writer.saved.values()][0]).toMatchObject({ status: 'streaming', content: '' });
  });
});
