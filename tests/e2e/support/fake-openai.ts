import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

export interface RecordedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface FakeOpenAI {
  url: string;
  requests: RecordedRequest[];
  /** Streams the client hung up on before the answer was finished (Stop, a deleted chat). */
  closedEarly: () => number;
  close(): Promise<void>;
}

/**
 * A local OpenAI-compatible chat-completions server for e2e tests. The model name picks the behaviour:
 * `fake-good` streams an answer, `fake-429` is rate limited (Retry-After: 90), `fake-drop` cuts the stream,
 * `fake-slow` streams 200 words, one each 100 ms.
 */
export async function startFakeOpenAI(answer = 'Here is a careful cloud answer.'): Promise<FakeOpenAI> {
  const requests: RecordedRequest[] = [];
  let closedEarly = 0;
  const server: Server = createServer((req, res) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type');
    res.setHeader('Access-Control-Expose-Headers', 'Retry-After');
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      requests.push({ path: req.url ?? '', headers: req.headers, body });
      const model = (JSON.parse(body || '{}') as { model?: string }).model ?? '';
      if (model === 'fake-429') {
        res.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': '90' });
        res.end(JSON.stringify({ error: { message: 'Rate limit reached for requests' } }));
        return;
      }
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
      const words = answer.split(/(?<= )/);
      const chunk = (content: string): string =>
        `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', model, choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
      if (model === 'fake-drop') {
        res.write(chunk(words[0] ?? 'Partial '));
        setTimeout(() => res.socket?.destroy(), 50);
        return;
      }
      const slow = model === 'fake-slow';
      if (slow) words.splice(0, words.length, ...Array.from({ length: 200 }, (_, i) => `word${i} `));
      let index = 0;
      let finished = false;
      res.on('close', () => {
        clearInterval(timer);
        if (!finished) closedEarly++;
      });
      const timer = setInterval(
        () => {
          const word = words[index++];
          if (word !== undefined) {
            res.write(chunk(word));
            return;
          }
          clearInterval(timer);
          finished = true;
          res.write(
            `data: ${JSON.stringify({ id: 'c1', model, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage: { prompt_tokens: 40, completion_tokens: words.length } })}\n\n`,
          );
          res.end('data: [DONE]\n\n');
        },
        slow ? 100 : 10,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    closedEarly: () => closedEarly,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
