/**
 * What an auth_token given to a connect endpoint is, when the caller did not say: Google refresh
 * tokens start "1//"; Microsoft authorization codes are short "M."/"0." strings while its refresh
 * tokens are much longer. Anything else is taken as an authorization code.
 */
export function guessOAuthTokenKind(issuer: "google" | "microsoft", token: string): "authorization_code" | "refresh_token" {
  if (issuer === "google") return token.startsWith("1//") ? "refresh_token" : "authorization_code";
  return token.length > 600 ? "refresh_token" : "authorization_code";
}
