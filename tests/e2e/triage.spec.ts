import { expect, test, type Page } from "@playwright/test";
import { connectDemoAndScan, registerViaUi, screenshot } from "./helpers";

const KEY_CATEGORY: Record<string, string> = { "1": "call-me", "2": "remind-me", "3": "keep-quiet", "4": "why-did-i-signup", "5": "dont-tell-anyone" };
const TABS = ["unassigned", "call-me", "remind-me", "keep-quiet", "why-did-i-signup", "dont-tell-anyone", "all"];

async function tabCounts(page: Page): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const tab of TABS) counts[tab] = Number((await page.getByTestId(`tab-count-${tab}`).innerText()).replace(/,/g, ""));
  return counts;
}

const row = (page: Page, id: string) => page.locator(`li[data-sender-id="${id}"]`);

test("register, scan the demo mailbox, triage ten senders by keyboard, and the choices persist", async ({ page }, testInfo) => {
  await registerViaUi(page);
  await screenshot(page, testInfo, "1-integrations-welcome");

  const progress = await connectDemoAndScan(page);
  await testInfo.attach("progress-values", { body: JSON.stringify(progress), contentType: "application/json" });
  // The bar shows the job's own progress: it never goes backwards and ends at 100 %.
  expect(progress.at(-1)).toBe(100);
  expect(progress).toEqual([...progress].sort((a, b) => a - b));
  await screenshot(page, testInfo, "2-scan-complete");

  await page.getByRole("link", { name: "Triage your senders →" }).click();
  await page.waitForURL(/\/senders$/);
  const list = page.getByTestId("sender-list");
  await expect(list).toHaveAttribute("data-ready", "true");
  const before = await tabCounts(page);
  expect(before.unassigned).toBeGreaterThan(10);
  expect(before.all).toBe(
    before.unassigned! + before["call-me"]! + before["remind-me"]! + before["keep-quiet"]! + before["why-did-i-signup"]! + before["dont-tell-anyone"]!,
  );
  await screenshot(page, testInfo, "3-triage-before", false);

  const ids = await list.locator("li[data-sender-id]").evaluateAll((rows) => rows.slice(0, 10).map((r) => (r as HTMLElement).dataset.senderId!));
  expect(ids).toHaveLength(10);

  // Keyboard only from here: j/k move the cursor...
  await expect(row(page, ids[0]!)).toHaveAttribute("data-active", "true");
  await page.keyboard.press("j");
  await expect(row(page, ids[1]!)).toHaveAttribute("data-active", "true");
  await page.keyboard.press("k");
  await expect(row(page, ids[0]!)).toHaveAttribute("data-active", "true");

  // ...a digit files the current sender and moves on (eight senders one by one)...
  const keys = ["1", "2", "3", "4", "5", "3", "3", "2"];
  const expected: Record<string, string> = {};
  for (const [i, key] of keys.entries()) {
    await page.keyboard.press(key);
    expected[ids[i]!] = KEY_CATEGORY[key]!;
    await expect(row(page, ids[i]!)).toHaveAttribute("data-category", KEY_CATEGORY[key]!);
    await expect(row(page, ids[i + 1]!)).toHaveAttribute("data-active", "true");
  }
  // ...and x selects, Shift+digit files the whole selection (the last two, together).
  await page.keyboard.press("x");
  await page.keyboard.press("j");
  await page.keyboard.press("x");
  await expect(page.getByTestId("selection-count")).toHaveText("2 selected");
  await page.keyboard.press("Shift+Digit4");
  expected[ids[8]!] = "why-did-i-signup";
  expected[ids[9]!] = "why-did-i-signup";
  await expect(row(page, ids[8]!)).toHaveAttribute("data-category", "why-did-i-signup");
  await expect(row(page, ids[9]!)).toHaveAttribute("data-category", "why-did-i-signup");

  // The tabs count the choices at once; then wait for the server to confirm every one of them.
  const tally = (c: string) => Object.values(expected).filter((v) => v === c).length;
  const want = {
    unassigned: before.unassigned! - 10,
    "call-me": before["call-me"]! + tally("call-me"),
    "remind-me": before["remind-me"]! + tally("remind-me"),
    "keep-quiet": before["keep-quiet"]! + tally("keep-quiet"),
    "why-did-i-signup": before["why-did-i-signup"]! + tally("why-did-i-signup"),
    "dont-tell-anyone": before["dont-tell-anyone"]! + tally("dont-tell-anyone"),
    all: before.all,
  };
  await expect.poll(() => tabCounts(page)).toEqual(want);
  await expect(list).not.toHaveAttribute("aria-busy", "true");
  await expect(page.getByText(/Could not file/)).toHaveCount(0);
  await screenshot(page, testInfo, "4-triage-after-keys", false);

  // Offline for a moment: the choice shows, the server action cannot go through, and it rolls back
  // with a visible message (the counts too).
  const eleventh = (await list.locator("li[data-sender-id]").nth(10).getAttribute("data-sender-id"))!;
  await page.keyboard.press("j");
  await expect(row(page, eleventh)).toHaveAttribute("data-active", "true");
  await page.route("**/senders", (route) => (route.request().method() === "POST" ? route.abort("internetdisconnected") : route.continue()));
  await page.keyboard.press("1");
  await expect(page.getByText(/Could not file .* under “Call me”: PookAi could not be reached\. The previous category is back\./)).toBeVisible();
  await expect(row(page, eleventh)).toHaveAttribute("data-category", "unassigned");
  expect(await tabCounts(page)).toEqual(want);
  await screenshot(page, testInfo, "4b-rolled-back", false);
  await page.unroute("**/senders");
  await page.getByRole("button", { name: "Dismiss" }).click();

  // z undoes the last choice (here a twelfth sender filed and taken back).
  const twelfth = (await list.locator("li[data-sender-id]").nth(11).getAttribute("data-sender-id"))!;
  await expect(row(page, twelfth)).toHaveAttribute("data-active", "true");
  await page.keyboard.press("3");
  await expect(page.getByTestId("triage-toast")).toContainText("→ “Keep quiet”");
  await expect(list).not.toHaveAttribute("aria-busy", "true");
  await page.keyboard.press("z");
  await expect(page.getByTestId("triage-toast")).toContainText("back to “Unassigned”");
  await expect(row(page, twelfth)).toHaveAttribute("data-category", "unassigned");
  await expect(list).not.toHaveAttribute("aria-busy", "true");
  await expect.poll(() => tabCounts(page)).toEqual(want);

  // The private sender shows no preview, even before a reload.
  await expect(row(page, ids[4]!)).toContainText("Private sender");

  await page.reload();
  await expect(page.getByTestId("sender-list")).toHaveAttribute("data-ready", "true");
  expect(await tabCounts(page)).toEqual(want);
  for (const id of ids) await expect(row(page, id)).toHaveCount(0);
  for (const category of Object.keys(KEY_CATEGORY).map((k) => KEY_CATEGORY[k])) {
    await page.getByTestId(`tab-${category}`).click();
    await page.waitForURL(new RegExp(`category=${category}`));
    const filed = Object.entries(expected)
      .filter(([, c]) => c === category)
      .map(([id]) => id);
    for (const id of filed) await expect(row(page, id)).toHaveAttribute("data-category", category!);
    await expect(page.getByTestId("sender-list").locator("li[data-sender-id]")).toHaveCount(want[category as keyof typeof want]!);
  }
  await screenshot(page, testInfo, "5-why-did-i-signup-tab", false);
});
