import http from "node:http";
import type { AddressInfo } from "node:net";

type ChatRequest = { model: string; messages: { role: string; content: string }[]; response_format?: { type: string } };

/**
 * OpenAI's /v1/chat/completions on loopback, answering sender-type classifications in the real
 * response shape. It records every request body so tests can prove what was (never) sent, and can
 * answer with an API error like the real service (401, 429 with Retry-After, 500).
 */
export async function startOpenAiFake() {
  const requests: ChatRequest[] = [];
  let failWith: number | null = null;
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      if (req.method !== "POST" || req.url !== "/v1/chat/completions") {
        res.writeHead(404, { "content-type": "application/json" });
        return res.end(JSON.stringify({ error: { message: "Not found", type: "invalid_request_error", code: null } }));
      }
      if (req.headers.authorization !== "Bearer sk-test-key") {
        res.writeHead(401, { "content-type": "application/json" });
        return res.end(JSON.stringify({ error: { message: "Incorrect API key provided", type: "invalid_request_error", code: "invalid_api_key" } }));
      }
      const body = JSON.parse(raw) as ChatRequest;
      requests.push(body);
      if (failWith) {
        res.writeHead(failWith, { "content-type": "application/json", ...(failWith === 429 ? { "retry-after": "0" } : {}) });
        return res.end(JSON.stringify({ error: { message: "The server had an error", type: "server_error", code: null } }));
      }
      const senders = JSON.parse(body.messages.find((m) => m.role === "user")?.content ?? "[]") as { id: string; email: string; recent_subjects: string[] }[];
      // A deterministic "model": receipts and alerts are tools, "digest"/"weekly" newsletters, the rest as guessed.
      const answer = senders.map((s) => {
        const text = `${s.email} ${s.recent_subjects.join(" ")}`.toLowerCase();
        const sender_type = /receipt|alert|invoice|build|deploy/.test(text) ? "tool" : /digest|weekly|issue #/.test(text) ? "newsletter" : "personal";
        return { id: s.id, sender_type };
      });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          id: `chatcmpl-${requests.length}`,
          object: "chat.completion",
          created: Math.floor(Date.now() / 1000),
          model: body.model,
          choices: [
            { index: 0, message: { role: "assistant", content: JSON.stringify({ senders: answer }), refusal: null }, finish_reason: "stop", logprobs: null },
          ],
          usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    env: { OPENAI_API_KEY: "sk-test-key", OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1` },
    requests,
    failWith: (status: number | null) => (failWith = status),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
