import { z } from "zod";

// In the browser zod must not probe for `new Function` (its JIT): the page's CSP refuses eval, and the
// browser reports the probe as a violation even though zod catches it. Servers keep the faster JIT.
if (typeof window !== "undefined") z.config({ jitless: true });
