import { expect, test } from "@playwright/test";
import { connectDemoAndScan, registerViaUi, screenshot, signOut } from "./helpers";

test("a second user never sees the first user's senders or calls, even by editing the URL", async ({ page }, testInfo) => {
  const first = await registerViaUi(page, "First User");
  await connectDemoAndScan(page);
  await page.goto("/senders");
  const firstRow = page.getByTestId("sender-list").locator("li[data-sender-id]").first();
  const senderId = (await firstRow.getAttribute("data-sender-id"))!;
  const senderName = (await firstRow.locator("a").first().innerText()).trim();
  await page.goto(`/senders/${senderId}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(senderName);
  await page.goto("/calls");
  await page.getByRole("button", { name: "Call me now" }).click();
  const callHref = (await page.getByRole("link", { name: "Open the call" }).getAttribute("href"))!;
  await signOut(page);

  await registerViaUi(page, "Second User");
  await page.goto("/senders");
  await expect(page.getByText("Inbox triaged. Nothing left to decide.")).toBeVisible();
  await expect(page.getByTestId("tab-count-all")).toHaveText("0");
  await page.goto(`/senders?category=all&q=${encodeURIComponent(senderName)}`);
  await expect(page.getByTestId("sender-list")).toHaveCount(0);

  for (const path of [`/senders/${senderId}`, callHref]) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await expect(page.getByText(senderName)).toHaveCount(0);
  }
  await screenshot(page, testInfo, "not-found-for-second-user");
  await page.goto("/calls");
  await expect(page.getByText("No calls yet")).toBeVisible();

  // And the first user, back with the right password only, still has everything.
  await signOut(page);
  await page.getByLabel("Email").fill(first.email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Invalid email or password.")).toBeVisible();
  await page.getByLabel("Password").fill(first.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/$/);
  await expect(page.getByRole("heading", { name: "Hello, First" })).toBeVisible();
  await page.goto(`/senders/${senderId}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(senderName);
});
