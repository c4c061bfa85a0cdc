import http from "node:http";
import type { AddressInfo } from "node:net";

type ChatRequest = { model: string; messages: { role: string; content: string }[]; response_format?: { type: string; json_schema?: { name: string } } };
export type SpeechRequest = { model: string; input: string; voice: string | { id: string }; instructions?: string; response_format?: string; speed?: number };

/** OpenAI's built-in speech voices (openai-node's SpeechCreateParams). */
const SPEECH_VOICES = new Set(["alloy", "ash", "ballad", "coral", "echo", "fable", "onyx", "nova", "sage", "shimmer", "verse", "marin", "cedar"]);
const SPEECH_MODELS = new Set(["tts-1", "tts-1-hd", "gpt-4o-mini-tts", "gpt-4o-mini-tts-2025-12-15"]);

/**
 * A real, tiny MP3: eight MPEG-1 Layer III frames (32 kbit/s, 32 kHz, mono) of silence, 144 bytes
 * each: the frame header FF FB 18 C4, then side information and main data all zero (no bits
 * allocated, which decoders play as silence). About a quarter of a second.
 */
export const TINY_MP3: Buffer = Buffer.concat(Array.from({ length: 8 }, () => Buffer.concat([Buffer.from([0xff, 0xfb, 0x18, 0xc4]), Buffer.alloc(140)])));

/**
 * OpenAI on loopback: /v1/chat/completions answering sender-type classifications, and
 * /v1/audio/speech answering mp3, both in the real response and error shapes. It records every
 * request body so tests can prove what was (never) sent, and can answer with an API error like the
 * real service (401, 429 with Retry-After, 500), a retired model (404 model_not_found), or slowly.
 */
export async function startOpenAiFake() {
  const requests: ChatRequest[] = [];
  const speechRequests: SpeechRequest[] = [];
  /** Every request that reached an endpoint, whichever (path and raw body). */
  const received: { path: string; body: string }[] = [];
  const retired = new Set<string>();
  let failWith: number | null = null;
  let delayMs = 0;
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", async () => {
      const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { "content-type": "application/json", "x-request-id": `req_${received.length}`, ...headers });
        res.end(JSON.stringify(body));
      };
      const error = (status: number, message: string, type: string, code: string | null, param: string | null = null) =>
        json(status, { error: { message, type, param, code } }, status === 429 ? { "retry-after": "0" } : {});
      const path = req.url ?? "";
      if (req.method !== "POST" || (path !== "/v1/chat/completions" && path !== "/v1/audio/speech")) {
        error(404, "Not found", "invalid_request_error", null);
        return;
      }
      if (req.headers.authorization !== "Bearer sk-test-key") {
        error(401, "Incorrect API key provided", "invalid_request_error", "invalid_api_key");
        return;
      }
      received.push({ path, body: raw });
      if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (res.destroyed) return;
      if (path === "/v1/audio/speech") {
        speech(JSON.parse(raw) as SpeechRequest);
        return;
      }
      const body = JSON.parse(raw) as ChatRequest;
      requests.push(body);
      if (failWith) {
        error(failWith, "The server had an error", "server_error", null);
        return;
      }
      if (retired.has(body.model)) {
        modelNotFound(body.model);
        return;
      }
      const userContent = body.messages.find((m) => m.role === "user")?.content ?? "[]";
      if (body.response_format?.json_schema?.name === "call_script") {
        // A deterministic "model" for call scripts: each line rewritten around its sender and subject.
        const lines = JSON.parse(userContent) as { id: string; from: string; subject: string; line: string }[];
        const polished = lines.map((l) => ({ id: l.id, text: `${l.from} just wrote to you about ${l.subject || "something with no subject"}.` }));
        json(200, {
          id: `chatcmpl-${requests.length}`,
          object: "chat.completion",
          created: Math.floor(Date.now() / 1000),
          model: body.model,
          choices: [
            { index: 0, message: { role: "assistant", content: JSON.stringify({ lines: polished }), refusal: null }, finish_reason: "stop", logprobs: null },
          ],
          usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
        });
        return;
      }
      const senders = JSON.parse(userContent) as { id: string; email: string; recent_subjects: string[] }[];
      // A deterministic "model": receipts and alerts are tools, "digest"/"weekly" newsletters, the rest as guessed.
      const answer = senders.map((s) => {
        const text = `${s.email} ${s.recent_subjects.join(" ")}`.toLowerCase();
        const sender_type = /receipt|alert|invoice|build|deploy/.test(text) ? "tool" : /digest|weekly|issue #/.test(text) ? "newsletter" : "personal";
        return { id: s.id, sender_type };
      });
      json(200, {
        id: `chatcmpl-${requests.length}`,
        object: "chat.completion",
        created: Math.floor(Date.now() / 1000),
        model: body.model,
        choices: [
          { index: 0, message: { role: "assistant", content: JSON.stringify({ senders: answer }), refusal: null }, finish_reason: "stop", logprobs: null },
        ],
        usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
      });

      function modelNotFound(model: string) {
        error(404, `The model \`${model}\` does not exist or you do not have access to it.`, "invalid_request_error", "model_not_found");
      }

      function speech(body: SpeechRequest) {
        speechRequests.push(body);
        if (failWith) {
          error(failWith, "The server had an error while processing your request.", "server_error", null);
          return;
        }
        if (retired.has(body.model) || !SPEECH_MODELS.has(body.model)) {
          modelNotFound(body.model);
          return;
        }
        if (typeof body.input !== "string" || !body.input) {
          error(400, "Missing required parameter: 'input'.", "invalid_request_error", "missing_required_parameter", "input");
          return;
        }
        if (body.input.length > 4096) {
          error(
            400,
            `Invalid 'input': string too long. Expected a string with maximum length 4096, but got a string with length ${body.input.length} instead.`,
            "invalid_request_error",
            "string_above_max_length",
            "input",
          );
          return;
        }
        const voice = typeof body.voice === "string" ? body.voice : body.voice?.id;
        if (!voice || (typeof body.voice === "string" && !SPEECH_VOICES.has(voice))) {
          error(400, `Invalid value for 'voice': '${voice}'.`, "invalid_request_error", "invalid_value", "voice");
          return;
        }
        if (body.instructions !== undefined && /^tts-1(-hd)?$/.test(body.model)) {
          error(400, `Instructions are not supported with ${body.model}.`, "invalid_request_error", "unsupported_parameter", "instructions");
          return;
        }
        if ((body.response_format ?? "mp3") !== "mp3") {
          error(400, `This fake answers mp3 only, not ${body.response_format}.`, "invalid_request_error", "invalid_value", "response_format");
          return;
        }
        res.writeHead(200, { "content-type": "audio/mpeg", "x-request-id": `req_${received.length}`, "openai-processing-ms": "180" });
        res.end(TINY_MP3);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    env: { OPENAI_API_KEY: "sk-test-key", OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1` },
    /** Chat completion requests. */
    requests,
    speechRequests,
    received,
    failWith: (status: number | null) => (failWith = status),
    /** Answer this model as OpenAI answers a model that was shut down (404 model_not_found). */
    retireModel: (name: string) => void retired.add(name),
    /** Wait this long before answering each request. */
    setDelayMs: (ms: number) => (delayMs = ms),
    reset: () => {
      requests.length = 0;
      speechRequests.length = 0;
      received.length = 0;
      retired.clear();
      failWith = null;
      delayMs = 0;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
