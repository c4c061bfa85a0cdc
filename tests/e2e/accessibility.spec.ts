import { expect, test } from "@playwright/test";
import { connectDemoAndScan, expectNoSeriousA11yViolations, registerViaUi, screenshot, signOut } from "./helpers";

test("every page passes axe without serious or critical violations, on a desktop and a phone", async ({ page }, testInfo) => {
  // axe takes seconds per page on two shared cores, and there are sixteen checks: three times the usual budget.
  test.slow();
  // Signed out.
  for (const [label, path] of [
    ["landing", "/"],
    ["login", "/login"],
    ["register", "/register"],
    ["verify-email-invalid", "/verify-email?token=not-a-real-token-123"],
    ["not-found", "/no-such-page"],
  ]) {
    await page.goto(path!);
    await expectNoSeriousA11yViolations(page, testInfo, label!);
    await screenshot(page, testInfo, label!);
  }

  // Signed in, with real data behind every page.
  await registerViaUi(page, "Casey Jordan");
  await connectDemoAndScan(page);
  await page.goto("/calls");
  await page.getByRole("button", { name: "Call me now" }).click();
  const follow = page.getByRole("link", { name: "Open the call" });
  await expect(follow).toBeVisible();
  const callPath = (await follow.getAttribute("href"))!;
  await page.goto("/senders");
  const senderId = (await page.getByTestId("sender-list").locator("li[data-sender-id]").first().getAttribute("data-sender-id"))!;

  const pages: [string, string][] = [
    ["dashboard", "/"],
    ["triage", "/senders"],
    ["triage-why", "/senders?category=why-did-i-signup"],
    ["sender", `/senders/${senderId}`],
    ["preferences", "/preferences"],
    ["calls", "/calls"],
    ["call", callPath],
    ["integrations", "/integrations"],
    ["settings", "/settings"],
  ];
  for (const [label, path] of pages) {
    await page.goto(path);
    await expectNoSeriousA11yViolations(page, testInfo, label);
    // The triage list is thousands of pixels long: its first screen is what matters.
    await screenshot(page, testInfo, label, !label.startsWith("triage"));
  }

  // The shortcut sheet is a modal dialog: check it open.
  await page.goto("/senders");
  await expect(page.getByTestId("sender-list")).toHaveAttribute("data-ready", "true");
  await page.keyboard.press("?");
  await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeVisible();
  await expectNoSeriousA11yViolations(page, testInfo, "shortcuts-dialog");
  await screenshot(page, testInfo, "shortcuts-dialog", false);
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);

  // A phone's width: the same pages reflow without horizontal scrolling.
  await page.setViewportSize({ width: 375, height: 740 });
  for (const [label, path] of [pages[0]!, pages[1]!, pages[4]!, pages[5]!, pages[6]!, pages[7]!, pages[8]!]) {
    await page.goto(path);
    await expectNoSeriousA11yViolations(page, testInfo, `${label}-phone`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${label} scrolls sideways on a phone`).toBeLessThanOrEqual(0);
    await screenshot(page, testInfo, `${label}-phone`, false);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await signOut(page);
});
