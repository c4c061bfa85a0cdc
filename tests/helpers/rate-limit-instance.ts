// One "app instance" for the shared-limits test: its own process and connection pool calling the
// real route handlers against the shared PostgreSQL database. argv: the clock to pin (ISO; both
// instances and the test count in the same windows) and a JSON list of requests
// [{ path, body, ip }] (ip: the connection's address). Prints the statuses as JSON.
import { NextRequest } from "next/server";
import { SOCKET_ADDRESS_HEADER, socketAddressStamp } from "@/lib/request/socket-address";

const pinned = new Date(process.argv[2]!).getTime();
const RealDate = Date;
globalThis.Date = class extends RealDate {
  constructor(...args: unknown[]) {
    if (args.length) super(...(args as [number]));
    else super(pinned);
  }
  static override now() {
    return pinned;
  }
} as DateConstructor;

const requests = JSON.parse(process.argv[3]!) as { path: string; body: unknown; ip: string }[];
// tests/helpers/api.ts finds routes with import.meta.glob, which only Vite has: the doors used here.
const routes: Record<string, () => Promise<{ POST: (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response> }>> = {
  "/api/auth/login": () => import("@/app/api/auth/login/route"),
  "/api/auth/register": () => import("@/app/api/auth/register/route"),
};
const statuses: number[] = [];
for (const { path, body, ip } of requests) {
  const req = new NextRequest(`http://localhost${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", [SOCKET_ADDRESS_HEADER]: socketAddressStamp(ip) },
    body: JSON.stringify(body),
  });
  const { POST } = await routes[path]!();
  statuses.push((await POST(req, { params: Promise.resolve({}) })).status);
}
const { closeDb } = await import("@/lib/db");
await closeDb();
process.stdout.write(JSON.stringify(statuses));
