import twilio from "twilio";
import type RequestClient from "twilio/lib/base/RequestClient";

type RequestOptions<TData> = RequestClient.RequestOptions<TData>;

/**
 * twilio-node's own RequestClient (request building, Basic auth, form encoding, error answers all
 * unchanged) with every *.twilio.com URL moved onto another base: scheme, host, port and an optional
 * path prefix. twilio-node has no base-URL option; `edge`/`region` only rename the host.
 */
export class TwilioBaseUrlClient extends twilio.RequestClient {
  private readonly base: URL;

  constructor(baseUrl: string, options?: ConstructorParameters<typeof twilio.RequestClient>[0]) {
    super(options);
    this.base = new URL(baseUrl);
  }

  request<TData>(opts: RequestOptions<TData>) {
    return super.request<TData>({ ...opts, uri: this.rebase(opts.uri) });
  }

  /** The same request on the configured base; a URL that is not Twilio's is left alone. */
  rebase(uri: string): string {
    const url = new URL(uri);
    if (url.hostname !== "twilio.com" && !url.hostname.endsWith(".twilio.com")) return uri;
    const prefix = this.base.pathname.replace(/\/$/, "");
    return `${this.base.protocol}//${this.base.host}${prefix}${url.pathname}${url.search}`;
  }
}
