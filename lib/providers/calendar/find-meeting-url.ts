// Video-meeting hosts whose links people paste into a location or description.
const MEETING_HOSTS =
  /^(?:[\w-]+\.)*(?:zoom\.us|zoom\.com|meet\.google\.com|teams\.microsoft\.com|teams\.live\.com|webex\.com|whereby\.com|around\.co|chime\.aws|gotomeeting\.com|meet\.jit\.si|bluejeans\.com|discord\.gg|slack\.com)$/i;
const URL_PATTERN = /https:\/\/[^\s<>"')\]]+/gi;

/** The first video-meeting link in the given texts (location, description, conference fields), or null. */
export function findMeetingUrl(...texts: (string | null | undefined)[]): string | null {
  for (const text of texts) {
    for (const match of (text ?? "").matchAll(URL_PATTERN)) {
      const candidate = match[0].replace(/[.,;:!?]+$/, "");
      try {
        if (MEETING_HOSTS.test(new URL(candidate).hostname)) return candidate;
      } catch {
        // Not a URL after all.
      }
    }
  }
  return null;
}
