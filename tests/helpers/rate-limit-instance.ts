// One "app instance" for the shared rate-limit test: its own process and connection pool calling the
// real login route handler against the shared PostgreSQL database. Prints the statuses as JSON.
import { NextRequest } from "next/server";
import { SOCKET_ADDRESS_HEADER, socketAddressStamp } from "@/lib/api/socket-address";

const [count, ip, email] = [Number(process.argv[2]), process.argv[3], process.argv[4]];
const { POST } = await import("@/app/api/auth/login/route");
const statuses: number[] = [];
for (let i = 0; i < count; i++) {
  const req = new NextRequest("http://localhost/api/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json", [SOCKET_ADDRESS_HEADER]: socketAddressStamp(ip) },
    body: JSON.stringify({ email, password: "wrong-password" }),
  });
  statuses.push((await POST(req, { params: Promise.resolve({}) })).status);
}
const { closeDb } = await import("@/lib/db");
await closeDb();
process.stdout.write(JSON.stringify(statuses));
