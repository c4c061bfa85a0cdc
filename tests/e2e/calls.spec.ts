import { expect, test, type Page } from "@playwright/test";
import { registerViaUi, screenshot } from "./helpers";

const NOT_DIALLED = "Not dialled — no phone line is configured on this server: nothing rang";

/** No horizontal scrolling at this width: the page reflows. */
async function expectNoSidewaysScroll(page: Page, label: string) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${label} scrolls sideways`).toBeLessThanOrEqual(0);
}

/** A moment `minutes` from now as a time zone's clocks show it: "HH:MM" (a form's value) and "2:15 AM" (the app's words). */
function clockIn(timeZone: string, minutes: number) {
  const at = new Date(Date.now() + minutes * 60_000);
  return {
    hhmm: new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(at),
    words: new Intl.DateTimeFormat("en-US", { timeZone, hour: "numeric", minute: "2-digit" }).format(at),
  };
}

test("“Call me now” with no phone line ends as a completed, clearly not-dialled call with its script and transcript, in the voice picked", async ({
  page,
}, testInfo) => {
  await registerViaUi(page);
  await page.goto("/calls");
  await expect(page.getByText("No calls yet")).toBeVisible();
  const card = page.getByRole("region", { name: "Call me now" });
  await expect(card.getByTestId("phone-state")).toContainText("Not needed on this server");
  await expect(card).toContainText("No phone line is configured on this server: nothing is dialled");

  await page.getByLabel("What should PookAi say?").fill("Checking that PookAi can reach me.");
  await page.getByLabel("Voice", { exact: true }).selectOption({ label: "Nova — bright and upbeat (US English)" });
  await expect(card).toContainText("Energetic and friendly.");
  await page.getByRole("button", { name: "Call me now" }).click();
  await expect(card.getByRole("status")).toContainText(
    "No phone line is configured on this server, so nothing will ring: the call is recorded with its script.",
  );
  const callHref = (await card.getByRole("link", { name: "Open the call" }).getAttribute("href"))!;
  expect(callHref).toMatch(/^\/calls\/[0-9a-f-]{36}$/);

  // The list follows the call through the pipeline on its own (it re-reads itself while a call is live).
  const rows = page.getByTestId("calls-table").locator("tr");
  await expect(rows).toHaveCount(1);
  await expect(rows.first().getByTestId("call-type")).toHaveText("Urgent");
  await expect(rows.first()).toContainText("Test");
  await expect(rows.first()).toContainText("Checking that PookAi can reach me.");
  await expect(rows.first().getByTestId("call-outcome")).toHaveText("Not dialled", { timeout: 30_000 });
  await expect(rows.first().getByTestId("call-status")).toHaveText("Completed");
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
  await page.waitForURL(new RegExp(`${callHref}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Urgent call");
  await expect(page.getByText("Test call", { exact: true })).toBeVisible();
  await expect(page.getByTestId("call-status")).toHaveText("Completed");
  await expect(page.getByTestId("call-summary")).toHaveText(NOT_DIALLED);
  await expect(page.getByTestId("call-script")).toContainText("Checking that PookAi can reach me.");
  const transcript = page.getByTestId("call-transcript");
  await expect(transcript).toContainText("Not dialled: no phone line is configured on this server");
  await expect(transcript.locator("li").filter({ hasText: "PookAi (not dialled):" }).filter({ hasText: "Checking that PookAi can reach me." })).toHaveCount(1);
  await expect(page.getByTestId("call-attempts").locator("tbody tr")).toHaveCount(1);
  await expect(page.getByTestId("call-attempts").locator("tbody tr").first()).toContainText("Not dialled");
  const details = page.getByRole("region", { name: "Details" });
  await expect(details).toContainText("None: no phone line is configured on this server");
  await expect(details).toContainText("Nova — bright and upbeat (US English)");
  await expect(details).toContainText("Nothing was spoken aloud: not dialled");
  // Over: nothing to cancel, nothing to retry.
  await expect(page.getByRole("button", { name: "Cancel this call" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Try again" })).toHaveCount(0);
  await screenshot(page, testInfo, "2-call-detail-not-dialled");

  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(page.getByTestId("call-summary")).toHaveText(NOT_DIALLED);
  await expectNoSidewaysScroll(page, "the call page at 390 px");
  await screenshot(page, testInfo, "3-call-detail-phone", false);
  await page.setViewportSize({ width: 1280, height: 800 });

  // The voice picked with the call is the user's voice now.
  await page.goto("/preferences");
  await expect(page.getByLabel("Voice", { exact: true })).toHaveValue("nova");
});

test("quiet hours saved in preferences hold an urgent call; it can be cancelled, then tried again as a new call", async ({ page }, testInfo) => {
  await registerViaUi(page);
  await page.goto("/preferences");
  const quiet = page.getByRole("region", { name: "Quiet hours" });
  const timeZone = (await quiet.locator("strong").first().innerText()).trim();
  await expect(page.getByLabel("Quiet from")).toHaveValue("21:00");
  await expect(page.getByLabel("Quiet until")).toHaveValue("08:00");
  await expect(page.getByRole("switch", { name: /Let urgent calls from mail ring during quiet hours/ })).not.toBeChecked();
  await expect(quiet).toContainText("a call you ask for yourself rings at once");

  // A window around the present moment, in the user's zone: an urgent call from now on waits for its end.
  const start = clockIn(timeZone, -120).hhmm;
  const end = clockIn(timeZone, 120);
  await page.getByLabel("Quiet from").fill("9pm");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.locator("#quiet_hours_start-error")).toHaveText("Must be a 24-hour time as HH:MM, e.g. 08:30");
  await page.getByLabel("Quiet from").fill(start);
  await page.getByLabel("Quiet until").fill(end.hhmm);
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Preferences saved.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Quiet from")).toHaveValue(start);
  await expect(page.getByLabel("Quiet until")).toHaveValue(end.hhmm);
  await screenshot(page, testInfo, "1-quiet-hours-saved");

  // An urgent call from the API (the door mail and other clients use), with this browser's session.
  const res = await page.request.post("/api/calls/schedule-urgent", { data: { content: "The server room is on fire." } });
  expect(res.status()).toBe(201);
  const callId = (await res.json()).data.call.id as string;

  await page.goto(`/calls/${callId}`);
  const summary = page.getByTestId("call-summary");
  await expect(summary).toHaveText(`Waiting for your quiet hours to end — calling at ${end.words}`, { timeout: 30_000 });
  await expect(page.getByTestId("call-status")).toHaveText("Scheduled");
  await screenshot(page, testInfo, "2-waiting-for-quiet-hours");

  await page.getByRole("button", { name: "Cancel this call" }).click();
  await expect(page.getByText("Cancelled: this call will not ring.")).toBeVisible();
  await expect(summary).toHaveText("Not dialled: Cancelled by you.");
  await expect(page.getByTestId("call-status")).toHaveText("Failed");
  await expect(page.getByRole("button", { name: "Cancel this call" })).toHaveCount(0);
  await screenshot(page, testInfo, "3-cancelled");

  await page.getByRole("button", { name: "Try again" }).click();
  await expect(page.getByText("Trying again: a new call is on its way.")).toBeVisible();
  await page.getByRole("link", { name: "Open the new call" }).click();
  // Another call's page: the retry is a new call, the cancelled one stays as it ended.
  await page.waitForURL((url) => /^\/calls\/[0-9a-f-]{36}$/.test(url.pathname) && url.pathname !== `/calls/${callId}`);
  await expect(page.getByText("The server room is on fire.").first()).toBeVisible();
  // Still inside quiet hours: the new call waits as well, and can be cancelled as well.
  await expect(summary).toContainText("Waiting for your quiet hours to end", { timeout: 30_000 });
  await page.getByRole("button", { name: "Cancel this call" }).click();
  await expect(summary).toHaveText("Not dialled: Cancelled by you.");

  await page.goto("/calls");
  await expect(page.getByTestId("calls-table").locator("tr")).toHaveCount(2);
  await expect(page.getByTestId("calls-table").getByTestId("call-outcome")).toHaveText(["Not dialled", "Not dialled"]);
});

test("with no phone line, settings and the dashboard say no confirmation is needed and that nothing rings", async ({ page }, testInfo) => {
  await registerViaUi(page);
  await page.goto("/settings");
  const phone = page.getByRole("region", { name: "Phone" });
  await expect(phone.getByTestId("phone-state")).toContainText("Not needed on this server");
  await expect(phone).toContainText("No phone line is configured on this server: calls are not dialled, so your number needs no confirmation.");
  await expect(phone.getByRole("button", { name: "Call me to confirm" })).toHaveCount(0);
  await expect(phone.getByLabel("Six-digit code")).toHaveCount(0);

  await page.getByLabel("Phone number").fill("+14155550123");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByText("Profile saved.")).toBeVisible();
  await expect(phone.getByTestId("phone-state")).toContainText("+14155550123");
  await expect(phone.getByTestId("phone-state")).toContainText("Not needed on this server");
  await screenshot(page, testInfo, "1-settings-phone-no-line");
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoSidewaysScroll(page, "settings at 390 px");
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.goto("/");
  await expect(page.getByTestId("phone-state")).toContainText("Not needed on this server");
  await expect(page.getByTestId("urgent-calls-line")).toHaveText(
    "None right now. When a “Call me” sender writes, PookAi records an urgent call here with its script; no phone line is configured on this server, so nothing rings.",
  );
  await screenshot(page, testInfo, "2-dashboard-phone-state");
});
