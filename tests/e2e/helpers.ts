import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, type TestInfo } from "@playwright/test";

let counter = 0;

/**
 * A client address of its own for this browser context. The e2e server trusts 127.0.0.1 as a proxy
 * (TRUSTED_PROXIES in serve-built-app.mjs), so X-Forwarded-For names the client, as a real proxy
 * would: every journey is a different visitor, with its own sign-up and sign-in budgets.
 */
export async function actAsClient(page: Page, address = `198.18.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`) {
  await page.context().setExtraHTTPHeaders({ "x-forwarded-for": address });
  return address;
}

/** Sign up through the real form; the form signs in and lands on the integrations page. */
export async function registerViaUi(page: Page, name = "Alex Morgan") {
  counter += 1;
  await actAsClient(page);
  const email = `e2e-${Date.now()}-${counter}-${Math.random().toString(36).slice(2, 7)}@example.com`;
  const password = "correct horse battery";
  await page.goto("/register");
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/integrations/);
  return { email, password };
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).first().click();
  await page.waitForURL(/\/login/);
}

/**
 * Connect the demo mailbox from the integrations page and follow the scan's progress bar until it
 * reports 100 %. Returns every value the bar showed, in order.
 */
export async function connectDemoAndScan(page: Page): Promise<number[]> {
  await page.goto("/integrations");
  await page.getByRole("button", { name: "Connect the demo mailbox" }).click();
  const bar = page.getByRole("progressbar");
  await expect(bar).toBeVisible();
  const seen: number[] = [];
  const deadline = Date.now() + 240_000;
  while (Date.now() < deadline) {
    const value = Number(await bar.getAttribute("aria-valuenow"));
    if (seen.at(-1) !== value) seen.push(value);
    if (value === 100 && (await page.getByText("Scan complete").isVisible())) break;
    if (await page.getByText("Scan failed").isVisible()) throw new Error("the demo scan failed");
    await page.waitForTimeout(200);
  }
  await expect(page.getByText("Scan complete")).toBeVisible();
  return seen;
}

/** A screenshot kept in the test's output dir (test-results/e2e/…) and attached to the report. */
export async function screenshot(page: Page, testInfo: TestInfo, name: string, fullPage = true) {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage });
  await testInfo.attach(name, { path: file, contentType: "image/png" });
}

/** axe-core on the current page; serious and critical violations fail, with what and where. */
export async function expectNoSeriousA11yViolations(page: Page, testInfo: TestInfo, label: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  await testInfo.attach(`axe-${label}.json`, { body: JSON.stringify(results.violations, null, 2), contentType: "application/json" });
  expect(
    serious.map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(" "))
          .slice(0, 5)
          .join(" | ")}`,
    ),
    `serious or critical accessibility violations on ${label}`,
  ).toEqual([]);
}
