import { expect, test } from "@playwright/test";
import { registerViaUi, screenshot } from "./helpers";

const STATUSES = /^(Scheduled|In progress|Completed|Failed)$/;

test("“Call me now” schedules an urgent test call that shows up in the call history", async ({ page }, testInfo) => {
  await registerViaUi(page);
  await page.goto("/calls");
  await expect(page.getByText("No calls yet")).toBeVisible();

  await page.getByLabel("What should PookAi say?").fill("Checking that PookAi can reach me.");
  await page.getByRole("button", { name: "Call me now" }).click();
  await expect(page.getByText("Test call scheduled.")).toBeVisible();

  const rows = page.getByTestId("calls-table").locator("tr");
  await expect(rows).toHaveCount(1);
  await expect(rows.first().getByTestId("call-type")).toHaveText("Urgent");
  await expect(rows.first()).toContainText("Test");
  await expect(rows.first()).toContainText("Checking that PookAi can reach me.");
  await expect(rows.first().getByTestId("call-status")).toHaveText(STATUSES);
  await screenshot(page, testInfo, "1-calls-with-test-call");

  // Filters: the call is urgent, so a digest-only view is empty and an urgent-only view is not.
  await page.getByLabel("Type").selectOption("digest");
  await page.getByRole("button", { name: "Filter" }).click();
  await page.waitForURL(/call_type=digest/);
  await expect(page.getByText("No calls match these filters.")).toBeVisible();
  await page.getByLabel("Type").selectOption("urgent");
  await page.getByRole("button", { name: "Filter" }).click();
  await page.waitForURL(/call_type=urgent/);
  await expect(page.getByTestId("calls-table").locator("tr")).toHaveCount(1);

  await page.getByTestId("calls-table").locator("tr").first().getByRole("link").click();
  await page.waitForURL(/\/calls\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Urgent call");
  await expect(page.getByText("Checking that PookAi can reach me.")).toBeVisible();
  await expect(page.getByText("Test call", { exact: true })).toBeVisible();
  await expect(page.getByTestId("call-status")).toHaveText(STATUSES);
  await screenshot(page, testInfo, "2-call-detail");
});
