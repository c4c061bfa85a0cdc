import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freeLoopbackPort, stopChild } from "./child-server";

/**
 * A real Radicale CalDAV server (Debian package `radicale`) on 127.0.0.1:<random port> with a
 * throwaway config, htpasswd users with plain passwords and a temp storage dir. It runs in the
 * foreground as our child, so stop() ends exactly it. Calendars are created and seeded over CalDAV
 * itself (MKCALENDAR, PUT), as a client would.
 */
export type RadicaleUser = { username: string; password: string };

export type RadicaleServer = {
  url: string;
  port: number;
  dir: string;
  users: RadicaleUser[];
  /** Credentials for the CalDAV provider (first user unless one is named). */
  credentials(username?: string): { url: string; username: string; password: string };
  /** MKCALENDAR /<user>/<name>/ holding VEVENTs. */
  createCalendar(name: string, options?: { username?: string; displayName?: string }): Promise<void>;
  /** PUT one iCalendar object (a VCALENDAR text) into a calendar under `<uid>.ics`. */
  putEvent(calendar: string, uid: string, ics: string, options?: { username?: string }): Promise<void>;
  stop(): Promise<void>;
};

const RADICALE = process.env.RADICALE_BIN ?? "/usr/bin/radicale";

/** True when Radicale is installed (tests skip with a clear reason otherwise, except on CI). */
export function hasRadicale(): boolean {
  return existsSync(RADICALE);
}

/** Until Radicale answers HTTP at all (401 to an anonymous PROPFIND is an answer). */
async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return false;
    try {
      const res = await fetch(url, { method: "OPTIONS", signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      return true;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return false;
}

export async function startRadicale(options: { users?: RadicaleUser[] } = {}): Promise<RadicaleServer> {
  if (!hasRadicale()) throw new Error(`Radicale not found at ${RADICALE} (apt-get install -y radicale)`);
  const users = options.users ?? [{ username: "alex", password: "pookai-caldav-password" }];
  const dir = mkdtempSync(path.join(os.tmpdir(), "pookai-radicale-"));
  mkdirSync(path.join(dir, "collections"));
  writeFileSync(path.join(dir, "users"), users.map((u) => `${u.username}:${u.password}`).join("\n") + "\n", { mode: 0o600 });

  let child: ChildProcess | null = null;
  let port = 0;
  let stderr = "";
  for (let attempt = 0; attempt < 4 && !child; attempt++) {
    port = await freeLoopbackPort();
    const conf = path.join(dir, "config");
    writeFileSync(
      conf,
      `# Throwaway test server: plain-text passwords on loopback only.
[server]
hosts = 127.0.0.1:${port}
[auth]
type = htpasswd
htpasswd_filename = ${dir}/users
htpasswd_encryption = plain
# No pause after a wrong password: the tests try one on purpose.
delay = 0
[rights]
type = owner_only
[storage]
filesystem_folder = ${dir}/collections
[web]
type = none
[logging]
level = warning
mask_passwords = True
`,
    );
    const proc = spawn(RADICALE, ["--config", conf], { stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" } });
    proc.stderr.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    if (await waitForHttp(`http://127.0.0.1:${port}/`, proc, 15_000)) child = proc;
    else {
      proc.kill("SIGKILL");
      if (attempt === 3) throw new Error(`Radicale did not start: ${stderr}`);
    }
  }

  const url = `http://127.0.0.1:${port}/`;
  const find = (username?: string) => {
    const user = username ? users.find((u) => u.username === username) : users[0];
    if (!user) throw new Error(`no Radicale test user ${username}`);
    return user;
  };
  const request = async (method: string, pathname: string, username: string | undefined, body?: string, contentType = "application/xml; charset=utf-8") => {
    const user = find(username);
    const res = await fetch(new URL(pathname, url), {
      method,
      headers: { authorization: `Basic ${Buffer.from(`${user.username}:${user.password}`).toString("base64")}`, "content-type": contentType },
      body,
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`Radicale ${method} ${pathname}: ${res.status} ${text.slice(0, 300)}`);
  };

  return {
    url,
    port,
    dir,
    users,
    credentials: (username) => {
      const user = find(username);
      return { url, username: user.username, password: user.password };
    },
    async createCalendar(name, opts = {}) {
      const user = find(opts.username);
      await request(
        "MKCALENDAR",
        `/${user.username}/${name}/`,
        user.username,
        `<?xml version="1.0" encoding="utf-8"?>
<C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:set><D:prop>
    <D:displayname>${opts.displayName ?? name}</D:displayname>
    <C:supported-calendar-component-set><C:comp name="VEVENT"/></C:supported-calendar-component-set>
  </D:prop></D:set>
</C:mkcalendar>`,
      );
    },
    async putEvent(calendar, uid, ics, opts = {}) {
      const user = find(opts.username);
      await request("PUT", `/${user.username}/${calendar}/${encodeURIComponent(uid)}.ics`, user.username, ics, "text/calendar; charset=utf-8");
    },
    async stop() {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** iCalendar UTC form: 20260305T150000Z. */
function icalUtc(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

/** A one-VEVENT VCALENDAR for seeding (CRLF line ends, as RFC 5545 wants). */
export function buildTestEvent(input: {
  uid: string;
  summary: string;
  start: Date;
  end: Date;
  rrule?: string;
  exdates?: Date[];
  allDay?: boolean;
  organizer?: string;
  attendees?: { email: string; partstat?: string }[];
  status?: "CONFIRMED" | "TENTATIVE" | "CANCELLED";
  location?: string;
  description?: string;
}): string {
  const date = (d: Date) => d.toISOString().slice(0, 10).replace(/-/g, "");
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//PookAi//Tests//EN",
    "BEGIN:VEVENT",
    `UID:${input.uid}`,
    `DTSTAMP:${icalUtc(new Date(Date.UTC(2026, 0, 1)))}`,
    input.allDay ? `DTSTART;VALUE=DATE:${date(input.start)}` : `DTSTART:${icalUtc(input.start)}`,
    input.allDay ? `DTEND;VALUE=DATE:${date(input.end)}` : `DTEND:${icalUtc(input.end)}`,
    `SUMMARY:${input.summary}`,
    ...(input.rrule ? [`RRULE:${input.rrule}`] : []),
    ...(input.exdates ?? []).map((d) => `EXDATE:${icalUtc(d)}`),
    ...(input.status ? [`STATUS:${input.status}`] : []),
    ...(input.location ? [`LOCATION:${input.location}`] : []),
    ...(input.description ? [`DESCRIPTION:${input.description}`] : []),
    ...(input.organizer ? [`ORGANIZER:mailto:${input.organizer}`] : []),
    ...(input.attendees ?? []).map((a) => `ATTENDEE;PARTSTAT=${a.partstat ?? "ACCEPTED"}:mailto:${a.email}`),
    "END:VEVENT",
    "END:VCALENDAR",
  ];
  return `${lines.join("\r\n")}\r\n`;
}
