import { execFile, execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { ImapFlow } from "imapflow";
import { freeLoopbackPort, stopChild } from "./child-server";

/**
 * A real Dovecot IMAP server on 127.0.0.1:<random port> with a throwaway config and maildir in a
 * temp dir: passwd-file auth with plaintext passwords, no TLS. Runs in the foreground as our child
 * (so stop() ends exactly it). As root, Dovecot refuses root for its login and mail processes, so
 * those run as the packaged "dovenull"/"dovecot" users (or nobody); as any other user, everything
 * runs as that user.
 */
export type DovecotUser = { username: string; password: string };

export type DovecotServer = {
  host: string;
  port: number;
  /** With `tls`: the implicit-TLS port and the certificate to trust. */
  tlsPort: number | null;
  tlsCa: string | null;
  dir: string;
  users: DovecotUser[];
  /** Credentials for the IMAP provider (first user unless one is named). */
  credentials(username?: string): { host: string; port: number; secure: false; username: string; password: string };
  /** A connected imapflow client, for seeding and inspecting; log it out when done. */
  client(username?: string): Promise<ImapFlow>;
  /**
   * APPEND raw RFC 5322 messages in order (UIDs follow the array). Small sets go through imapflow's
   * append(); large ones as MULTIAPPEND batches with LITERAL+ over one connection. Returns elapsed ms.
   */
  append(messages: (string | Buffer)[], options?: { username?: string; mailbox?: string; connections?: number; flags?: string[] }): Promise<number>;
  /** Give a mailbox a new UIDVALIDITY (doveadm), as a server does after rebuilding its index. */
  setUidValidity(value: number, options?: { username?: string; mailbox?: string }): Promise<void>;
  stop(): Promise<void>;
};

const DOVECOT = process.env.DOVECOT_BIN ?? "/usr/sbin/dovecot";
const DOVEADM = process.env.DOVEADM_BIN ?? "/usr/bin/doveadm";
const run = promisify(execFile);

/** True when Dovecot is installed (tests skip with a clear reason otherwise). */
export function hasDovecot(): boolean {
  return existsSync(DOVECOT) && existsSync(DOVEADM);
}

function lookupId(name: string, flag: "-u" | "-g"): number | null {
  try {
    return Number(execFileSync("id", [flag, name], { encoding: "utf8" }).trim());
  } catch {
    return null;
  }
}

function identity() {
  const me = os.userInfo();
  if (me.uid !== 0) {
    const group = execFileSync("id", ["-gn"], { encoding: "utf8" }).trim();
    return { loginUser: me.username, internalUser: me.username, internalGroup: group, mailUid: me.uid, mailGid: me.gid, firstValidUid: Math.min(me.uid, 500) };
  }
  const pick = (names: string[]) => names.find((n) => lookupId(n, "-u") !== null) ?? "nobody";
  const loginUser = pick(["dovenull", "nobody"]);
  const internalUser = pick(["dovecot", "nobody"]);
  const mailUid = lookupId(internalUser, "-u")!;
  const mailGid = lookupId(internalUser, "-g")!;
  const internalGroup = execFileSync("id", ["-gn", internalUser], { encoding: "utf8" }).trim();
  return { loginUser, internalUser, internalGroup, mailUid, mailGid, firstValidUid: Math.min(mailUid, 100) };
}

async function waitForGreeting(port: number, child: ChildProcess, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return false;
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("data", (data) => {
        socket.destroy();
        resolve(data.toString().startsWith("* OK"));
      });
      socket.once("error", () => resolve(false));
      socket.setTimeout(1000, () => {
        socket.destroy();
        resolve(false);
      });
    });
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

function writeConfig(dir: string, port: number, id: ReturnType<typeof identity>, capabilities?: string, tlsPort?: number): string {
  const conf = path.join(dir, "dovecot.conf");
  writeFileSync(
    conf,
    `# Throwaway test server: plaintext auth on loopback only.
base_dir = ${dir}/run
state_dir = ${dir}/state
instance_name = pookai-test-${port}
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
${tlsPort ? `ssl = yes\nssl_cert = <${dir}/tls/cert.pem\nssl_key = <${dir}/tls/key.pem` : "ssl = no"}
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = ${id.loginUser}
default_internal_user = ${id.internalUser}
default_internal_group = ${id.internalGroup}
first_valid_uid = ${id.firstValidUid}
mail_uid = ${id.mailUid}
mail_gid = ${id.mailGid}
mail_location = maildir:${dir}/mail/%n
mail_max_userip_connections = 100
${capabilities ? `protocol imap {\n  imap_capability = ${capabilities}\n}` : ""}
# Throwaway data: no fsync per APPEND (it is what makes seeding slow).
mail_fsync = never
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${id.mailUid} gid=${id.mailGid} home=${dir}/mail/%n
}
# No chroot: a non-root Dovecot cannot chroot, and the temp dir is all there is.
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = ${tlsPort ?? 0}
  }
}
service anvil {
  chroot =
}
`,
  );
  return conf;
}

export type DovecotOptions = {
  users?: DovecotUser[];
  /** Override the advertised capabilities, e.g. without CONDSTORE/QRESYNC to test the UID-only path. */
  capabilities?: string;
  /**
   * TLS with a throwaway self-signed certificate for 127.0.0.1: implicit TLS on `tlsPort` and
   * STARTTLS on the plain port. The certificate (PEM) is `tlsCa` on the server object.
   */
  tls?: boolean;
};

export async function startDovecot(options: DovecotOptions = {}): Promise<DovecotServer> {
  if (!hasDovecot()) throw new Error(`Dovecot not found at ${DOVECOT} (apt-get install -y dovecot-imapd)`);
  const users = options.users ?? [{ username: "test@example.com", password: "pookai-test-password" }];
  const dir = mkdtempSync(path.join(os.tmpdir(), "pookai-dovecot-"));
  // Dovecot's unprivileged login processes must reach base_dir under it.
  chmodSync(dir, 0o755);
  const id = identity();
  for (const sub of ["run", "state", "mail"]) mkdirSync(path.join(dir, sub), { recursive: true });
  if (os.userInfo().uid === 0) chownSync(path.join(dir, "mail"), id.mailUid, id.mailGid);
  writeFileSync(path.join(dir, "passwd"), users.map((u) => `${u.username}:{PLAIN}${u.password}::::::`).join("\n") + "\n", { mode: 0o644 });
  const tlsCa = options.tls ? selfSignedCertificate(path.join(dir, "tls")) : null;

  let child: ChildProcess | null = null;
  let port = 0;
  let tlsPort: number | null = null;
  let conf = "";
  for (let attempt = 0; attempt < 4 && !child; attempt++) {
    port = await freeLoopbackPort();
    tlsPort = options.tls ? await freeLoopbackPort() : null;
    conf = writeConfig(dir, port, id, options.capabilities, tlsPort ?? undefined);
    const proc = spawn(DOVECOT, ["-F", "-c", conf], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    proc.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    if (await waitForGreeting(port, proc, 10_000)) child = proc;
    else {
      proc.kill("SIGKILL");
      if (attempt === 3) {
        const log = existsSync(path.join(dir, "dovecot.log")) ? readFileSync(path.join(dir, "dovecot.log"), "utf8") : "";
        throw new Error(`Dovecot did not start: ${stderr}\n${log.slice(-2000)}`);
      }
    }
  }

  const find = (username?: string) => {
    const user = username ? users.find((u) => u.username === username) : users[0];
    if (!user) throw new Error(`no Dovecot test user ${username}`);
    return user;
  };
  const client = async (username?: string) => {
    const user = find(username);
    const c = new ImapFlow({
      host: "127.0.0.1",
      port,
      secure: false,
      doSTARTTLS: false,
      auth: { user: user.username, pass: user.password },
      logger: false,
      disableAutoIdle: true,
    });
    await c.connect();
    return c;
  };

  return {
    host: "127.0.0.1",
    port,
    tlsPort,
    tlsCa,
    dir,
    users,
    credentials: (username) => {
      const user = find(username);
      return { host: "127.0.0.1", port, secure: false, username: user.username, password: user.password };
    },
    client,
    async append(messages, opts = {}) {
      const started = Date.now();
      const mailbox = opts.mailbox ?? "INBOX";
      if (messages.length > 50) {
        // Bulk: MULTIAPPEND batches with LITERAL+ (no round trip per message), one transaction each.
        const user = find(opts.username);
        await multiAppend(port, user, mailbox, messages, opts.flags ?? [], 500);
        return Date.now() - started;
      }
      const connections = Math.max(1, Math.min(opts.connections ?? 1, messages.length));
      let next = 0;
      await Promise.all(
        Array.from({ length: connections }, async () => {
          const c = await client(opts.username);
          try {
            while (next < messages.length) {
              const i = next++;
              const raw = Buffer.isBuffer(messages[i]) ? messages[i] : Buffer.from(messages[i]!);
              await c.append(mailbox, messages[i]!, opts.flags ?? [], internalDate(raw) ?? undefined);
            }
          } finally {
            await c.logout().catch(() => c.close());
          }
        }),
      );
      return Date.now() - started;
    },
    async setUidValidity(value, opts = {}) {
      await run(DOVEADM, ["-c", conf, "mailbox", "update", "-u", find(opts.username).username, "--uid-validity", String(value), opts.mailbox ?? "INBOX"]);
    },
    async stop() {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A one-day self-signed certificate for 127.0.0.1 (key and cert in `dir`); returns the cert PEM. */
function selfSignedCertificate(dir: string): string {
  mkdirSync(dir, { recursive: true });
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "1",
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1,DNS:localhost",
      "-keyout",
      path.join(dir, "key.pem"),
      "-out",
      path.join(dir, "cert.pem"),
    ],
    { stdio: "ignore" },
  );
  chmodSync(path.join(dir, "key.pem"), 0o644);
  return readFileSync(path.join(dir, "cert.pem"), "utf8");
}

/** RFC 3502 MULTIAPPEND with RFC 7888 LITERAL+: one command per batch, no continuation round trips. */
async function multiAppend(port: number, user: DovecotUser, mailbox: string, messages: (string | Buffer)[], flags: string[], batchSize: number) {
  const socket = connect(port, "127.0.0.1");
  let buffer = "";
  let waiter: { tag: string; resolve: (line: string) => void; reject: (e: Error) => void } | null = null;
  const check = () => {
    if (!waiter) return;
    const match = buffer.match(new RegExp(`(?:^|\\r\\n)(${waiter.tag} (OK|NO|BAD)[^\\r\\n]*)\\r\\n`));
    if (!match) return;
    const w = waiter;
    waiter = null;
    buffer = "";
    if (match[2] === "OK") w.resolve(match[1]!);
    else w.reject(new Error(`IMAP ${match[1]}`));
  };
  socket.on("data", (d: Buffer) => {
    buffer += d.toString("latin1");
    check();
  });
  const failed = new Promise<never>((_, reject) => socket.once("error", reject));
  const command = (tag: string, parts: (string | Buffer)[]) => {
    const done = new Promise<string>((resolve, reject) => (waiter = { tag, resolve, reject }));
    for (const part of parts) socket.write(part);
    check();
    return Promise.race([done, failed]);
  };
  await new Promise<void>((resolve, reject) => {
    socket.once("data", () => resolve());
    socket.once("error", reject);
  });
  buffer = "";
  const quote = (v: string) => `"${v.replace(/(["\\])/g, "\\$1")}"`;
  try {
    await command("a0", [`a0 LOGIN ${quote(user.username)} ${quote(user.password)}\r\n`]);
    const flagList = `(${flags.join(" ")})`;
    for (let start = 0, n = 1; start < messages.length; start += batchSize, n++) {
      const parts: (string | Buffer)[] = [`b${n} APPEND ${quote(mailbox)}`];
      for (const message of messages.slice(start, start + batchSize)) {
        const body = Buffer.isBuffer(message) ? message : Buffer.from(message, "utf8");
        const date = internalDate(body);
        parts.push(` ${flagList}${date ? ` "${imapDate(date)}"` : ""} {${body.length}+}\r\n`, body);
      }
      parts.push("\r\n");
      await command(`b${n}`, parts);
    }
    await command("z", ["z LOGOUT\r\n"]).catch(() => undefined);
  } finally {
    socket.destroy();
  }
}

/** The message's Date header: APPEND it as the internal date, as delivery would have set it. */
function internalDate(raw: Buffer): Date | null {
  const head = raw
    .subarray(0, Math.min(raw.length, 8192))
    .toString("latin1")
    .split(/\r?\n\r?\n/)[0];
  const match = head!.match(/^Date:[ \t]*(.+)$/im);
  const date = match ? new Date(match[1]!.trim()) : null;
  return date && !Number.isNaN(date.getTime()) ? date : null;
}

/** RFC 3501 date-time: "01-Jan-2025 00:00:00 +0000". */
function imapDate(date: Date): string {
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(date.getUTCDate())}-${months[date.getUTCMonth()]}-${date.getUTCFullYear()} ${p(date.getUTCHours())}:${p(date.getUTCMinutes())}:${p(date.getUTCSeconds())} +0000`;
}

/** A small RFC 5322 message for seeding (CRLF line ends, as IMAP APPEND expects). */
export function buildTestMessage(input: {
  from: string;
  subject: string;
  date: Date;
  to?: string;
  headers?: Record<string, string>;
  body?: string;
  messageId?: string;
}): string {
  const lines = [
    `From: ${input.from}`,
    `To: ${input.to ?? "test@example.com"}`,
    `Subject: ${input.subject}`,
    `Date: ${input.date.toUTCString().replace("GMT", "+0000")}`,
    `Message-ID: ${input.messageId ?? `<${input.date.getTime()}.${Math.abs(hash(input.subject))}@test.local>`}`,
    "MIME-Version: 1.0",
    ...Object.entries(input.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
  ];
  if (!Object.keys(input.headers ?? {}).some((k) => k.toLowerCase() === "content-type")) lines.push("Content-Type: text/plain; charset=utf-8");
  return `${lines.join("\r\n")}\r\n\r\n${(input.body ?? "Hello,\nthis is a test message.\n").replace(/\r?\n/g, "\r\n")}`;
}

function hash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(31, h) + text.charCodeAt(i)) | 0;
  return h;
}
