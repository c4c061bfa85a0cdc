import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations, registerViaUi, screenshot } from "./helpers";

test("calendar: connect the demo calendar, see the next meetings, and the dashboard plans reminder calls", async ({ page }, testInfo) => {
  await registerViaUi(page, "Robin Calder");
  await page.goto("/integrations");
  const calendars = page.getByRole("region", { name: "Calendars" });
  await expect(calendars.getByText("Connect a calendar and PookAi will plan a reminder call")).toBeVisible();

  await calendars.getByRole("button", { name: "Connect the demo calendar" }).click();
  const row = calendars.getByTestId("calendar");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Demo calendar");
  await expect(row).toContainText("Connected");
  await expect(row).toContainText("alex.morgan@northwindlabs.com");
  await expect(row).toContainText("Last read");
  const meetings = calendars.getByTestId("upcoming-events").locator("li");
  await expect(meetings.first()).toBeVisible();
  expect(await meetings.count()).toBeGreaterThan(3);
  await expect(calendars.getByTestId("upcoming-events")).toContainText("Daily stand-up");
  await expectNoSeriousA11yViolations(page, testInfo, "integrations-calendar");
  await screenshot(page, testInfo, "1-integrations-calendar");

  // A wrong CalDAV address is refused inline and stores nothing.
  await calendars.getByText("Any other calendar (CalDAV").click();
  await calendars.getByLabel("CalDAV server address").fill("not a url");
  await calendars.getByLabel("CalDAV username").fill("robin");
  await calendars.getByLabel("CalDAV password or app password").fill("secret");
  await calendars.getByRole("button", { name: "Connect CalDAV calendar" }).click();
  await expect(page.locator("#caldav-url-error")).toContainText("http(s) address");
  await expect(row).toHaveCount(1);

  await page.goto("/");
  const card = page.getByRole("region", { name: "Planned meeting reminders" });
  const reminders = card.getByTestId("reminder-calls").locator("li");
  await expect(reminders.first()).toBeVisible();
  await expect(reminders.first()).toContainText(/Reminder planned for|Reminder planned as soon as possible/);
  await expect(card).toContainText("15 minutes before");
  await expectNoSeriousA11yViolations(page, testInfo, "dashboard-reminders");
  await screenshot(page, testInfo, "2-dashboard-reminders");

  // On a phone the page reflows without sideways scrolling.
  await page.setViewportSize({ width: 375, height: 740 });
  await page.goto("/integrations");
  await expectNoSeriousA11yViolations(page, testInfo, "integrations-calendar-phone");
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  await screenshot(page, testInfo, "3-integrations-calendar-phone", false);
  await page.setViewportSize({ width: 1280, height: 800 });

  // Disconnecting stops the planning.
  page.once("dialog", (dialog) => dialog.accept());
  await calendars.getByRole("button", { name: "Disconnect Demo calendar alex.morgan@northwindlabs.com" }).click();
  await expect(row).toContainText("Disconnected");
  await expect(calendars.getByTestId("upcoming-events")).toHaveCount(0);
  await page.goto("/");
  await expect(page.getByRole("region", { name: "Planned meeting reminders" })).toContainText("No calendar connected yet");
});
