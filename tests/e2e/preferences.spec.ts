import { expect, test } from "@playwright/test";
import { registerViaUi, screenshot } from "./helpers";

test("preferences: change timing and call time, see a bad value flagged inline, save, and the next digest moves", async ({ page }, testInfo) => {
  await registerViaUi(page);
  await page.goto("/preferences");
  const nextDigest = page.getByTestId("next-digest");
  await expect(nextDigest).toContainText("9:00 AM");
  await screenshot(page, testInfo, "1-preferences-defaults");

  await page.getByLabel("When").selectOption({ label: "1 hour before" });
  const time = page.getByLabel("Daily digest call at");
  await time.fill("25:61");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(time).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#preferred_call_time-error")).toHaveText("Must be a 24-hour time as HH:MM, e.g. 08:30");
  await expect(nextDigest).toContainText("9:00 AM");
  await screenshot(page, testInfo, "2-preferences-invalid-time");

  await time.fill("07:15");
  await expect(page.locator("#preferred_call_time-error")).toHaveCount(0);
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Preferences saved.")).toBeVisible();
  await expect(nextDigest).toContainText("7:15 AM");
  await expect(nextDigest).not.toContainText("9:00 AM");
  await screenshot(page, testInfo, "3-preferences-saved");

  await page.reload();
  await expect(page.getByLabel("When")).toHaveValue("1-hour");
  await expect(page.getByLabel("Daily digest call at")).toHaveValue("07:15");
  await expect(page.getByTestId("next-digest")).toContainText("7:15 AM");
});
