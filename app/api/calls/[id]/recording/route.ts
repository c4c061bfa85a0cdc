import { withUser } from "@/lib/api/with-user";
import { readCallRecording } from "@/lib/calls/read-call-recording";

// GET /api/calls/:id/recording - the call's synthesized speech as one MP3 (calls spoken with OpenAI speech)
export const GET = withUser<"id">(async ({ user, params }) => {
  const { audio, contentType } = await readCallRecording(user.id, params.id);
  return new Response(new Uint8Array(audio), {
    headers: { "content-type": contentType, "content-length": String(audio.length), "cache-control": "private, no-store" },
  });
});
