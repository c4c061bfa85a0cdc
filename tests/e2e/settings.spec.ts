import { expect, test } from "@playwright/test";
import { registerViaUi, screenshot } from "./helpers";

test("settings: profile with inline phone validation, this browser's session, and account deletion that ends sign-in", async ({ page }, testInfo) => {
  const { email, password } = await registerViaUi(page, "Robin Vale");
  await page.goto("/settings");
  await expect(page.getByRole("list", { name: "Active sessions" }).getByText("This browser")).toBeVisible();

  await page.getByLabel("Name").fill("Robin Q. Vale");
  await page.getByLabel("Time zone").selectOption("Europe/Paris");
  await page.getByLabel("Phone number").fill("0612345678");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.locator("#phone_number-error")).toHaveText("Must be an E.164 phone number such as +14155550123");
  await expect(page.getByLabel("Phone number")).toHaveAttribute("aria-invalid", "true");
  await page.getByLabel("Phone number").fill("+33 6 12 34 56 78");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByText("Profile saved.")).toBeVisible();
  await screenshot(page, testInfo, "1-settings-saved");

  // The new zone is used everywhere at once: the digest line now speaks Paris time.
  await page.goto("/preferences");
  await expect(page.getByTestId("next-digest")).toContainText("Europe/Paris");
  await page.reload();
  await page.goto("/settings");
  await expect(page.getByLabel("Phone number")).toHaveValue("+33612345678");
  await expect(page.getByRole("banner")).toContainText("Robin Q. Vale");

  await page.getByRole("button", { name: "Delete my account…" }).click();
  const confirm = page.getByRole("button", { name: "Delete account permanently" });
  await expect(confirm).toBeDisabled();
  await page.getByLabel(/to confirm/).fill(email);
  await confirm.click();
  await page.waitForURL(/\/\?deleted=1$/);
  await expect(page.getByText("Your account has been deleted.")).toBeVisible();

  // Every session ended and the credentials no longer sign in.
  await page.goto("/settings");
  await page.waitForURL(/\/login/);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Invalid email or password.")).toBeVisible();
  await screenshot(page, testInfo, "2-deleted-cannot-sign-in");
});
