import OpenAI from "openai";
import { z } from "zod";
import { SENDER_TYPES, type SenderType } from "@/lib/schemas/enums";
import type { CallLineDraft, LlmProvider, SenderSample } from "./types";

const answerSchema = z.object({ senders: z.array(z.object({ id: z.string(), sender_type: z.enum(SENDER_TYPES) })) });

const polishSchema = z.object({ lines: z.array(z.object({ id: z.string(), text: z.string() })) });
const POLISH_MAX_CHARS = 600;
const POLISH_SYSTEM = [
  "You write what a calm, friendly phone assistant says about urgent emails.",
  "Rewrite each line into one or two short spoken sentences: who wrote, what it is about and why it may matter.",
  "Keep the sender's name and the subject's facts; add nothing that is not in the line; no markdown, no emojis, at most 60 words each.",
  "Answer in JSON only, with the same ids.",
].join(" ");

const SYSTEM = [
  "You classify email senders for an inbox assistant. For each sender, choose exactly one sender_type:",
  "newsletter (editorial content sent to a list), promotional (marketing, sales, offers),",
  "tool (automated notifications from software and services: alerts, receipts, security, CI),",
  "meeting (calendar invitations and scheduling), personal (a human writing to the user).",
  "Use the address, the display name, recent subjects and the header-based guess. Answer in JSON only.",
].join(" ");

/** Sender-type refinement through OpenAI's chat completions with a strict JSON schema answer. */
export class OpenAiLlmProvider implements LlmProvider {
  readonly name = "openai" as const;
  private readonly client: OpenAI;

  constructor(options: { apiKey: string; baseURL?: string; model?: string }) {
    this.client = new OpenAI({ apiKey: options.apiKey, baseURL: options.baseURL, maxRetries: 2, timeout: 30_000 });
    this.model = options.model ?? "gpt-4o-mini";
  }

  private readonly model: string;

  async classifySenders(samples: SenderSample[]): Promise<Map<string, SenderType>> {
    if (!samples.length) return new Map();
    const completion = await this.client.chat.completions.create({
      model: this.model,
      temperature: 0,
      messages: [
        { role: "system", content: SYSTEM },
        {
          role: "user",
          content: JSON.stringify(
            samples.map((s) => ({ id: s.id, email: s.email, name: s.name, recent_subjects: s.subjects.slice(0, 3), header_guess: s.header_type })),
          ),
        },
      ],
      response_format: {
        type: "json_schema",
        json_schema: {
          name: "sender_types",
          strict: true,
          schema: {
            type: "object",
            additionalProperties: false,
            required: ["senders"],
            properties: {
              senders: {
                type: "array",
                items: {
                  type: "object",
                  additionalProperties: false,
                  required: ["id", "sender_type"],
                  properties: { id: { type: "string" }, sender_type: { type: "string", enum: [...SENDER_TYPES] } },
                },
              },
            },
          },
        },
      },
    });
    const content = completion.choices[0]?.message.content ?? "{}";
    const parsed = answerSchema.safeParse(JSON.parse(content));
    if (!parsed.success) throw new Error("The LLM answered in an unexpected shape");
    const known = new Set(samples.map((s) => s.id));
    return new Map(parsed.data.senders.filter((s) => known.has(s.id)).map((s) => [s.id, s.sender_type]));
  }

  async polishCallItems(lines: CallLineDraft[]): Promise<Map<string, string>> {
    if (!lines.length) return new Map();
    const completion = await this.client.chat.completions.create(
      {
        model: this.model,
        temperature: 0.3,
        messages: [
          { role: "system", content: POLISH_SYSTEM },
          { role: "user", content: JSON.stringify(lines.map((l) => ({ id: l.id, from: l.from, subject: l.subject, line: l.text }))) },
        ],
        response_format: {
          type: "json_schema",
          json_schema: {
            name: "call_script",
            strict: true,
            schema: {
              type: "object",
              additionalProperties: false,
              required: ["lines"],
              properties: {
                lines: {
                  type: "array",
                  items: {
                    type: "object",
                    additionalProperties: false,
                    required: ["id", "text"],
                    properties: { id: { type: "string" }, text: { type: "string" } },
                  },
                },
              },
            },
          },
        },
      },
      // A call must not wait long for polish: the template is good enough.
      { timeout: 8_000, maxRetries: 0 },
    );
    const parsed = polishSchema.safeParse(JSON.parse(completion.choices[0]?.message.content ?? "{}"));
    if (!parsed.success) throw new Error("The LLM answered in an unexpected shape");
    const known = new Set(lines.map((l) => l.id));
    return new Map(
      parsed.data.lines
        .filter((l) => known.has(l.id) && l.text.trim() && l.text.length <= POLISH_MAX_CHARS)
        .map((l) => [l.id, l.text.replace(/\s+/g, " ").trim()]),
    );
  }
}
