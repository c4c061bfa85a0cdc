import { describe, expect, it } from "vitest";
import { BatchFormatError, buildBatchRequest, GMAIL_BATCH_LIMIT, multipartBoundary, parseBatchResponse, splitMultipart } from "./gmail-batch";

const json = (value: unknown) => JSON.stringify(value, null, 2).replace(/\n/g, "\r\n");

/** A batch answer as Google writes it: CRLF, unquoted boundary with "=", inner status line and headers. */
function googleAnswer(boundary: string, parts: { id: string; status: string; headers?: string[]; body: string }[]): string {
  return (
    parts
      .map(
        (p) =>
          `--${boundary}\r\nContent-Type: application/http\r\nContent-ID: <response-${p.id}>\r\n\r\nHTTP/1.1 ${p.status}\r\n` +
          `${["Content-Type: application/json; charset=UTF-8", "Vary: Origin", ...(p.headers ?? [])].join("\r\n")}\r\n\r\n${p.body}\r\n`,
      )
      .join("") + `--${boundary}--\r\n`
  );
}

describe("buildBatchRequest", () => {
  it("writes one application/http part per call with its Content-ID, CRLF line ends and a closing delimiter", () => {
    const { body, contentType } = buildBatchRequest(
      [
        { contentId: "item-0", path: "/gmail/v1/users/me/messages/18c1?format=metadata&metadataHeaders=from" },
        { contentId: "item-1", path: "/gmail/v1/users/me/messages/18c2?format=metadata&metadataHeaders=from" },
      ],
      "batch_test",
    );
    expect(contentType).toBe("multipart/mixed; boundary=batch_test");
    expect(body).toBe(
      "--batch_test\r\nContent-Type: application/http\r\nContent-ID: <item-0>\r\n\r\nGET /gmail/v1/users/me/messages/18c1?format=metadata&metadataHeaders=from\r\n\r\n" +
        "--batch_test\r\nContent-Type: application/http\r\nContent-ID: <item-1>\r\n\r\nGET /gmail/v1/users/me/messages/18c2?format=metadata&metadataHeaders=from\r\n\r\n" +
        "--batch_test--\r\n",
    );
    // What we write, a multipart reader splits back into the same two requests.
    expect(splitMultipart(body, "batch_test").map((p) => p.split("\r\n").at(3))).toEqual([
      "GET /gmail/v1/users/me/messages/18c1?format=metadata&metadataHeaders=from",
      "GET /gmail/v1/users/me/messages/18c2?format=metadata&metadataHeaders=from",
    ]);
  });

  it("picks a fresh boundary each time and refuses more calls than Google takes", () => {
    const a = buildBatchRequest([{ contentId: "x", path: "/a" }]);
    const b = buildBatchRequest([{ contentId: "x", path: "/a" }]);
    expect(a.contentType).not.toBe(b.contentType);
    expect(multipartBoundary(a.contentType)).toMatch(/^batch_[\w-]{20,}$/);
    const tooMany = Array.from({ length: GMAIL_BATCH_LIMIT + 1 }, (_, i) => ({ contentId: `item-${i}`, path: "/a" }));
    expect(() => buildBatchRequest(tooMany)).toThrow(RangeError);
  });
});

describe("multipartBoundary", () => {
  it("reads quoted, unquoted and oddly spaced boundaries, and nothing from non-multipart types", () => {
    expect(multipartBoundary("multipart/mixed; boundary=batch_pK7JBAk73-E=_AA5eFwv4m2Q=")).toBe("batch_pK7JBAk73-E=_AA5eFwv4m2Q=");
    expect(multipartBoundary('multipart/mixed; charset=UTF-8; boundary="a b;c"')).toBe("a b;c");
    expect(multipartBoundary("Multipart/Mixed;BOUNDARY = xyz ; charset=utf-8")).toBe("xyz");
    expect(multipartBoundary("application/json; charset=UTF-8")).toBeNull();
    expect(multipartBoundary("multipart/mixed")).toBeNull();
    expect(multipartBoundary(null)).toBeNull();
  });
});

describe("parseBatchResponse", () => {
  const boundary = "batch_pK7JBAk73-E=_AA5eFwv4m2Q=";
  const contentType = `multipart/mixed; boundary=${boundary}`;

  it("pairs each answer with its request by Content-ID, whatever order they come in", () => {
    const body = googleAnswer(boundary, [
      {
        id: "item-1",
        status: "404 Not Found",
        body: json({ error: { code: 404, message: "Requested entity was not found.", errors: [{ reason: "notFound" }] } }),
      },
      { id: "item-0", status: "200 OK", body: json({ id: "18c1", snippet: "hello", payload: { headers: [{ name: "From", value: "a@b.c" }] } }) },
      {
        id: "item-2",
        status: "429 Too Many Requests",
        headers: ["Retry-After: 7"],
        body: json({ error: { code: 429, errors: [{ reason: "rateLimitExceeded" }] } }),
      },
    ]);
    const parts = parseBatchResponse(body, contentType);
    expect(parts.map((p) => [p.contentId, p.status])).toEqual([
      ["item-1", 404],
      ["item-0", 200],
      ["item-2", 429],
    ]);
    expect(JSON.parse(parts[1]!.body)).toEqual({ id: "18c1", snippet: "hello", payload: { headers: [{ name: "From", value: "a@b.c" }] } });
    expect(parts[2]!.headers).toMatchObject({ "retry-after": "7", "content-type": "application/json; charset=UTF-8" });
  });

  it("accepts a quoted boundary, bare LF line ends, a preamble, an epilogue and padding after delimiters", () => {
    const body = [
      "This is the preamble.",
      "--b1   ",
      "Content-Type: application/http",
      "content-id: <response-item-0>",
      "",
      "HTTP/1.1 200 OK",
      "Content-Type: application/json",
      "",
      '{"id":"m1"}',
      "--b1--",
      "epilogue",
    ].join("\n");
    const [part] = parseBatchResponse(body, 'multipart/mixed; boundary="b1"');
    expect(part).toEqual({ contentId: "item-0", status: 200, headers: { "content-type": "application/json" }, body: '{"id":"m1"}' });
  });

  it("keeps a body that itself holds blank lines and folded headers", () => {
    const body = `--z\r\nContent-Type: application/http\r\nContent-ID: <response-a>\r\n\r\nHTTP/1.1 503 Service Unavailable\r\nX-Long: one\r\n two\r\n\r\n{\r\n\r\n"error": {"code": 503}\r\n}\r\n--z--`;
    const [part] = parseBatchResponse(body, "multipart/mixed; boundary=z");
    expect(part!.headers).toEqual({ "x-long": "one two" });
    expect(JSON.parse(part!.body)).toEqual({ error: { code: 503 } });
  });

  it("tolerates a part without Content-ID (an empty id the caller cannot pair)", () => {
    const body = `--z\r\nContent-Type: application/http\r\n\r\nHTTP/1.1 200 OK\r\n\r\n{}\r\n--z--\r\n`;
    expect(parseBatchResponse(body, "multipart/mixed; boundary=z")[0]).toMatchObject({ contentId: "", status: 200 });
  });

  it("throws BatchFormatError on a non-multipart type, a missing closing delimiter or a part with no status line", () => {
    expect(() => parseBatchResponse("{}", "application/json")).toThrow(BatchFormatError);
    expect(() => parseBatchResponse("--z\r\nContent-Type: application/http\r\n\r\nHTTP/1.1 200 OK\r\n\r\n{}", "multipart/mixed; boundary=z")).toThrow(
      /closing delimiter/,
    );
    expect(() => parseBatchResponse("--z\r\nContent-Type: application/http\r\n\r\n{}\r\n--z--", "multipart/mixed; boundary=z")).toThrow(/status line/);
  });
});
