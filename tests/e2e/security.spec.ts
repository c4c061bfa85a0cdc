import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { expect, test, type APIResponse, type Page } from "@playwright/test";
import { actAsClient, connectDemoAndScan, registerViaUi, screenshot, signOut } from "./helpers";

const ROOT = path.resolve(import.meta.dirname, "../..");
const PORT = Number(process.env.E2E_PORT ?? 3100);

/** Every file named `name` under app/, as the URL path the App Router serves it at. */
function appRoutes(name: string): { file: string; route: string }[] {
  return readdirSync(path.join(ROOT, "app"), { recursive: true, encoding: "utf8" })
    .filter((f) => path.basename(f) === name)
    .map((file) => ({
      file: path.join(ROOT, "app", file),
      route:
        "/" +
        path
          .dirname(file)
          .split(path.sep)
          .filter((seg) => seg !== "." && !/^\(.*\)$/.test(seg))
          .join("/"),
    }));
}

/** A concrete URL for a route pattern: ids become unknown ids (404s still carry the headers). */
function concrete(route: string): string {
  return route
    .replace("[...nextauth]", "session")
    .replace("[...path]", "no-such-resource")
    .replace(/\[[^\]]+\]/g, () => randomUUID());
}

function expectFixedHeaders(res: APIResponse, what: string) {
  const h = res.headers();
  expect(h["x-content-type-options"], what).toBe("nosniff");
  expect(h["referrer-policy"], what).toBe("strict-origin-when-cross-origin");
  expect(h["permissions-policy"], what).toContain("microphone=(self)");
  expect(h["x-frame-options"], what).toBe("DENY");
  expect(h["strict-transport-security"], `${what}: no HSTS over plain HTTP`).toBeUndefined();
}

function expectPagePolicy(res: APIResponse, what: string): string {
  expectFixedHeaders(res, what);
  const csp = res.headers()["content-security-policy"] ?? "";
  const scriptSrc = csp.split(";").find((d) => d.trim().startsWith("script-src")) ?? "";
  expect(scriptSrc, what).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/);
  expect(scriptSrc, what).not.toContain("unsafe-inline");
  expect(csp, what).toContain("frame-ancestors 'none'");
  return /'nonce-([^']+)'/.exec(scriptSrc)![1]!;
}

/** Browser-reported CSP violations and console refusals on this page, from its first script on. */
async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  const refused: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) refused.push(`console: ${m.text()}`);
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (e) =>
      seen.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${location.pathname}`),
    );
  });
  return async () => [...refused, ...(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations ?? []))];
}

test.describe("security headers", () => {
  test("every page and API route, signed out and signed in, and static files", async ({ page, request }) => {
    const pages = appRoutes("page.tsx");
    const apis = appRoutes("route.ts").filter((r) => r.route.startsWith("/api"));
    expect(pages.length).toBeGreaterThan(8);
    expect(apis.length).toBeGreaterThan(40);

    for (const { route } of pages) {
      const res = await request.get(concrete(route), { maxRedirects: 0 });
      expectPagePolicy(res, `signed out ${route} (${res.status()})`);
    }
    await registerViaUi(page, "Header Check");
    for (const { route } of pages) {
      const res = await page.request.get(concrete(route), { maxRedirects: 0 });
      expect(res.status(), route).toBeLessThan(500);
      expectPagePolicy(res, `signed in ${route} (${res.status()})`);
    }

    for (const { file, route } of apis) {
      const methods = [...readFileSync(file, "utf8").matchAll(/(?:export (?:const|async function) |as )(GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]!);
      expect(methods.length, file).toBeGreaterThan(0);
      for (const method of new Set(methods)) {
        const url = route === "/api/auth/[...nextauth]" && method === "POST" ? "/api/auth/callback/credentials" : concrete(route);
        const res = await request.fetch(url, { method, maxRedirects: 0, ...(method === "GET" ? {} : { data: {} }) });
        const what = `${method} ${url} (${res.status()})`;
        expect(res.status(), what).not.toBe(500);
        expectFixedHeaders(res, what);
        expect(res.headers()["content-security-policy"], what).toContain("frame-ancestors 'none'");
        if (res.headers()["content-type"]?.startsWith("application/json")) expect(res.headers()["cache-control"], what).toMatch(/no-store/);
      }
    }

    const html = await (await request.get("/login")).text();
    const asset = /<script[^>]+src="(\/_next\/static\/[^"]+)"/.exec(html)![1]!;
    for (const file of [asset, "/favicon.svg", "/robots.txt"]) expectFixedHeaders(await request.get(file), file);
  });

  test("HSTS only over HTTPS, and a fresh nonce on every page, on every script Next.js renders", async ({ request }) => {
    const overTls = await request.get("/login", { headers: { "x-forwarded-proto": "https" } });
    expect(overTls.headers()["strict-transport-security"]).toBe("max-age=63072000; includeSubDomains");
    expect(overTls.headers()["content-security-policy"]).toContain("upgrade-insecure-requests");
    expect((await request.get("/api/health", { headers: { "x-forwarded-proto": "https" } })).headers()["strict-transport-security"]).toMatch(/max-age/);

    const first = await request.get("/login");
    const second = await request.get("/login");
    const nonce = expectPagePolicy(first, "/login");
    expect(expectPagePolicy(second, "/login again")).not.toBe(nonce);
    const scripts = [...(await first.text()).matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  });

  test("a walk through every page with the policy enforced reports no violation, and an injected script is refused", async ({ page }, testInfo) => {
    const violations = await watchCsp(page);
    const seen: string[] = [];
    const visit = async (url: string) => {
      await page.goto(url);
      await page.waitForLoadState("networkidle");
      seen.push(...(await violations()));
    };
    for (const url of ["/", "/login", "/register", "/verify-email?token=not-a-real-token-123", "/no-such-page"]) await visit(url);
    await registerViaUi(page, "Policy Walker");
    seen.push(...(await violations()));
    await connectDemoAndScan(page);
    seen.push(...(await violations()));
    await page.goto("/calls");
    await page.getByRole("button", { name: "Call me now" }).click();
    const follow = page.getByRole("link", { name: "Open the call" });
    await expect(follow).toBeVisible();
    const callPath = (await follow.getAttribute("href"))!;
    await visit("/senders");
    const senderId = (await page.getByTestId("sender-list").locator("li[data-sender-id]").first().getAttribute("data-sender-id"))!;
    for (const url of ["/", "/senders?category=why-did-i-signup", `/senders/${senderId}`, "/preferences", "/calls", callPath, "/integrations", "/settings"])
      await visit(url);
    // Client-side navigation and a server action under the policy.
    await page.goto("/senders");
    const first = page.locator('[data-testid="sender-list"][data-ready="true"] li[data-sender-id]').first();
    const category = (await first.getAttribute("data-category"))!;
    await page.keyboard.press(category === "call-me" ? "2" : "1");
    await expect(first).not.toHaveAttribute("data-category", category);
    await page.getByRole("link", { name: "Settings" }).first().click();
    await page.waitForURL(/\/settings/);
    seen.push(...(await violations()));
    await screenshot(page, testInfo, "walked-under-csp");
    await signOut(page);
    seen.push(...(await violations()));
    expect(seen).toEqual([]);

    // The control: a script injected into a page's HTML (as a stored XSS would be), without the
    // nonce, is refused by the browser, and the same watcher reports it.
    await page.route("**/login", async (route) => {
      const response = await route.fetch();
      const body = (await response.text()).replace("</body>", "<script>window.__injected = true</script></body>");
      await route.fulfill({ response, body });
    });
    await page.goto("/login");
    await expect.poll(async () => (await violations()).some((v) => v.includes("script-src"))).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
  });
});

/** POST JSON to the server from a connection of its own loopback address, sending whatever headers it likes. */
function postFrom(localAddress: string, urlPath: string, body: unknown, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port: PORT, localAddress, method: "POST", path: urlPath, headers: { "content-type": "application/json", ...headers } },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode!));
      },
    );
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}

test.describe("limits on the built server", () => {
  test("a client that forges every forwarding header is still one client", async () => {
    // 127.0.0.23 is no trusted proxy: its X-Forwarded-For is not read, and the socket stamp it
    // sends is replaced by the server's own (instrumentation.ts).
    const statuses = [];
    for (let i = 0; i < 7; i++) {
      statuses.push(
        await postFrom(
          "127.0.0.23",
          "/api/auth/login",
          { email: "forged-headers@example.com", password: `guess-${i}` },
          {
            "x-forwarded-for": `6.6.6.${i}`,
            "x-real-ip": `7.7.7.${i}`,
            "x-vercel-forwarded-for": `8.8.8.${i}`,
            "x-pookai-socket-address": `guess 9.9.9.${i}`,
          },
        ),
      );
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
  });

  test("the sign-up form and the API share one client's registration budget", async ({ page, request }) => {
    const client = await actAsClient(page);
    for (let i = 0; i < 5; i++) {
      const res = await request.post("/api/auth/register", {
        data: { email: `budget-${Date.now()}-${i}@example.com`, password: "correct horse battery", name: "Budget" },
        headers: { "x-forwarded-for": client },
      });
      expect(res.status()).toBe(201);
    }
    await page.goto("/register");
    await page.getByLabel("Your name").fill("Sixth Account");
    await page.getByLabel("Email").fill(`budget-${Date.now()}-6@example.com`);
    await page.getByLabel("Password").fill("correct horse battery");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByRole("alert").filter({ hasText: /Too many/ })).toHaveText(/^Too many attempts\. Try again in \d+ seconds\.$/);
  });

  test("the owner signs in from a known browser while a stranger has the account throttled", async ({ page, browser, request }, testInfo) => {
    const { email, password } = await registerViaUi(page, "Known Device");
    const device = (await page.context().cookies()).find((c) => c.name === "pookai-device");
    expect(device).toMatchObject({ path: "/api/auth", httpOnly: true, sameSite: "Strict" });
    await signOut(page);

    // A stranger guesses from ten addresses (each its own client behind the trusted local proxy).
    for (let i = 0; i < 10; i++) {
      const res = await request.post("/api/auth/login", { data: { email, password: `guess-${i}` }, headers: { "x-forwarded-for": `203.0.113.${100 + i}` } });
      expect(res.status()).toBe(401);
    }

    const stranger = await browser.newContext();
    const strangerPage = await stranger.newPage();
    await actAsClient(strangerPage);
    await strangerPage.goto("/login");
    await strangerPage.getByLabel("Email").fill(email);
    await strangerPage.getByLabel("Password").fill(password);
    await strangerPage.getByRole("button", { name: "Sign in" }).click();
    await expect(strangerPage.getByRole("alert").filter({ hasText: /Too many/ })).toHaveText(/^Too many sign-in attempts\. Try again in \d+ seconds\.$/);
    await stranger.close();

    await page.goto("/login");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.pathname === "/");
    await screenshot(page, testInfo, "owner-signed-in-while-throttled");
  });
});
