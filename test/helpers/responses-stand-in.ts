// A loopback stand-in for the OpenAI Responses API, owned by the tests: it records every request
// and answers `POST …/responses` with the smallest SSE stream that completes a codex turn
// (codex-facts.md, "A real turn on loopback"), or with a plain HTTP error status.
import { type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse, createServer, request as httpRequest } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** The path as sent, query string included. */
  path: string;
  /** Node's lower-cased header names. */
  headers: IncomingHttpHeaders;
  /** The parsed JSON body, or null when the body is empty or not JSON. */
  body: unknown;
  /** The raw body, for requests whose body is not JSON. */
  rawBody: string;
}

/** An SSE event: its `type` is also sent as the `event:` line. */
export type SseEvent = { type: string } & Record<string, unknown>;

/** How the stand-in answers one `POST …/responses`. */
export type StandInReply = { events: SseEvent[] } | { status: number; body?: string };

export interface StandInOptions {
  /** The assistant's answer for every turn (default "Hello from the stand-in."). */
  answer?: string;
  /** Answer every turn with this HTTP status instead of a stream. */
  status?: number;
  /** Full control: the reply to the Nth `POST …/responses` (0-based). Overrides answer and status. */
  reply?: (request: RecordedRequest, index: number) => StandInReply;
  /** Serve `GET …/models` with these ids (OpenAI's `{object: "list", data: [{id}]}`); else 404. */
  models?: readonly string[];
}

export interface ResponsesStandIn {
  /** `http://127.0.0.1:PORT` (no trailing slash). */
  url: string;
  /** Every request received, in arrival order. */
  requests: RecordedRequest[];
  /** The `POST …/responses` requests only. */
  turns(): RecordedRequest[];
  /** Stops the server and destroys open sockets; never hangs. */
  close(): Promise<void>;
}

export const DEFAULT_ANSWER = 'Hello from the stand-in.';

/** The smallest stream that completes a turn with `text` as the assistant's answer. */
export function answerEvents(text: string, responseId = 'resp_standin_1'): SseEvent[] {
  return [
    {
      type: 'response.output_item.done',
      item: {
        type: 'message',
        role: 'assistant',
        id: `msg_${responseId}`,
        content: [{ type: 'output_text', text, annotations: [] }],
      },
    },
    { type: 'response.completed', response: { id: responseId } },
  ];
}

function isResponsesPost(request: RecordedRequest): boolean {
  const pathname = request.path.split('?')[0] ?? '';
  return request.method === 'POST' && pathname.endsWith('/responses');
}

function parseJson(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

const MAX_BODY_BYTES = 16 * 1024 * 1024;
const CLOSE_TIMEOUT_MS = 2_000;

export async function startResponsesStandIn(options: StandInOptions = {}): Promise<ResponsesStandIn> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  let turnIndex = 0;

  const replyFor = (request: RecordedRequest, index: number): StandInReply => {
    if (options.reply) return options.reply(request, index);
    if (options.status !== undefined) return { status: options.status };
    return { events: answerEvents(options.answer ?? DEFAULT_ANSWER, `resp_standin_${index + 1}`) };
  };

  const send = (res: ServerResponse, reply: StandInReply): void => {
    if ('status' in reply) {
      const body = reply.body ?? JSON.stringify({ error: { message: `stand-in answered ${reply.status}`, type: 'stand_in_error', code: null } });
      res.writeHead(reply.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    for (const event of reply.events) res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    res.end();
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const request: RecordedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: parseJson(rawBody),
        rawBody,
      };
      requests.push(request);
      const models = options.models;
      if (models !== undefined && request.method === 'GET' && (request.path.split('?')[0] ?? '').endsWith('/models')) {
        const body = JSON.stringify({ object: 'list', data: models.map((id) => ({ id, object: 'model', owned_by: 'stand-in' })) });
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        res.end(body);
        return;
      }
      if (!isResponsesPost(request)) {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('not found\n');
        return;
      }
      let reply: StandInReply;
      try {
        reply = replyFor(request, turnIndex);
      } catch (error) {
        reply = { status: 500, body: error instanceof Error ? error.message : String(error) };
      }
      turnIndex += 1;
      send(res, reply);
    });
    req.on('error', () => res.destroy());
  };

  const server = createServer(handle);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('stand-in: no TCP address');

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, CLOSE_TIMEOUT_MS);
      server.close(() => {
        clearTimeout(timer);
        resolve();
      });
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
    });
    return closing;
  };

  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    turns: () => requests.filter(isResponsesPost),
    close,
  };
}

/** Top-level `field` of a recorded request's JSON body (undefined when absent or not an object). */
export function bodyField(request: RecordedRequest | undefined, field: string): unknown {
  const body = request?.body;
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[field] : undefined;
}

/** The output codex sent back for tool call `callId` (a `function_call_output` input item). */
export function toolOutput(request: RecordedRequest | undefined, callId: string): string {
  const input = bodyField(request, 'input');
  for (const item of Array.isArray(input) ? (input as unknown[]) : []) {
    if (typeof item !== 'object' || item === null) continue;
    const record = item as Record<string, unknown>;
    if (record['type'] === 'function_call_output' && record['call_id'] === callId && typeof record['output'] === 'string') {
      return record['output'];
    }
  }
  throw new Error(`no function_call_output for ${callId} in the request`);
}

/** A front on loopback whose `url` passes requests through to a stand-in; `close` stops it. */
export interface Front {
  url: string;
  close(): Promise<void>;
}

/**
 * The built-in openai provider tries a WebSocket first (GET …/responses with `Upgrade: websocket`)
 * and, on a 404, retries it with backoff for ~7 s before falling back to HTTPS; a 426 Upgrade
 * Required makes it fall back at once. This front answers the upgrade with 426 and passes every
 * other request through to the stand-in, which records it.
 */
export async function startWebSocketRefusingFront(standIn: ResponsesStandIn): Promise<Front> {
  const server: Server = createServer((req, res) => {
    if (req.headers.upgrade !== undefined) {
      req.resume();
      res.writeHead(426, { 'content-type': 'text/plain', connection: 'close' });
      res.end('no websockets here\n');
      return;
    }
    const upstream = httpRequest(`${standIn.url}${req.url ?? '/'}`, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The tool objects in `tools`, each namespace's members after the namespace itself. */
function flattenTools(tools: unknown): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  for (const tool of Array.isArray(tools) ? (tools as unknown[]) : []) {
    if (typeof tool !== 'object' || tool === null) continue;
    const record = tool as Record<string, unknown>;
    found.push(record, ...flattenTools(record['tools']));
  }
  return found;
}

/** The tools in the request's top-level `tools` (namespaces' members included). */
export function topLevelTools(request: RecordedRequest | undefined): Record<string, unknown>[] {
  return flattenTools(bodyField(request, 'tools'));
}

/**
 * Every tool a request offers the model, wherever codex put it: the top-level `tools`, and the
 * `additional_tools` input items where newer codex releases place function tools for some providers
 * (Amazon Bedrock: feature incremental_tools_legacy). Namespaces' members included.
 */
export function offeredTools(request: RecordedRequest | undefined): Record<string, unknown>[] {
  const input = bodyField(request, 'input');
  const additional = (Array.isArray(input) ? (input as unknown[]) : []).flatMap((item) =>
    typeof item === 'object' && item !== null && (item as Record<string, unknown>)['type'] === 'additional_tools' ? flattenTools((item as Record<string, unknown>)['tools']) : [],
  );
  return [...topLevelTools(request), ...additional];
}
