import { withPublic } from "@/lib/api/with-user";
import { readCallAudio } from "@/lib/calls/call-audio";
import { uuidSchema } from "@/lib/schemas/common";

// GET /api/calls/:id/audio/:hash - a call's synthesized speech, from a signed URL that expires (the carrier plays it)
export const GET = withPublic<"id" | "hash">(
  async ({ params, searchParams }) => {
    const audio = await readCallAudio(uuidSchema.parse(params.id), params.hash, searchParams.get("exp"), searchParams.get("sig"));
    return new Response(new Uint8Array(audio.content), {
      headers: { "content-type": audio.content_type, "content-length": String(audio.content.length), "cache-control": "private, max-age=3600" },
    });
  },
  { rateLimit: false },
);
