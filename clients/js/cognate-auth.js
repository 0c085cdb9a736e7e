// cognate-auth.js: sign a browser app in with Cognate's (or Amazon Cognito's) hosted UI.
//
// One dependency-free ES module, no build step. It runs the OAuth 2.0 authorization-code flow with PKCE
// (RFC 7636, S256) from the browser, as a public app client (no secret) must:
//
//   configure({ cognateUrl, clientId, redirectUri, logoutUri });
//   const user = await handleRedirectCallback();   // on every page load: finishes a sign-in, refreshes
//   if (!user) await loginWithRedirect();           // or signUpWithRedirect()
//   ...
//   await performLogout();
//
// The ID and access tokens are kept in cookies (`goldstack_id_token`, `goldstack_access_token` by
// default) so that the app's own server can read them, as the Goldstack template does; the refresh token
// stays in localStorage and never leaves the browser except to the token endpoint.
//
// Security notes:
// - Nothing here verifies a token's signature. `getLoggedInUser` decodes the ID token for display only;
//   a server that reads the cookies MUST verify the tokens against the pool's JWKS
//   (`{cognateUrl}/{poolId}/.well-known/jwks.json`: RS256 signature, `iss`, `exp`, `token_use`, and
//   `aud`/`client_id`) before trusting anything in them.
// - The cookies are not HttpOnly (JavaScript writes them), so any script on the page can read them: the
//   usual price of keeping tokens in the browser. Keep the page free of untrusted scripts (CSP).
// - crypto.subtle only exists in secure contexts: serve the app over https (http://localhost and
//   http://127.0.0.1 count as secure for development).

const DEFAULT_SCOPES = ["openid", "email", "profile"];

// sessionStorage: the pending flow lives only in this tab, and only until the callback.
const VERIFIER_KEY = "cognate_auth.code_verifier";
const STATE_KEY = "cognate_auth.state";

// Parameters the hosted UI appends to the redirect URI; removed from the address bar once handled.
const CALLBACK_PARAMS = ["code", "state", "error", "error_description", "error_uri"];

let settings = null;
let callbackInProgress = null;

/** An OAuth failure: `error` is the OAuth error code (`invalid_grant`, `access_denied`, …, or
 * `state_mismatch` / `network_error` from this module), `description` the server's explanation. */
export class CognateAuthError extends Error {
  constructor(error, description, status) {
    super(description ? `${error}: ${description}` : error);
    this.name = "CognateAuthError";
    this.error = error;
    this.description = description || null;
    this.status = status ?? null;
  }
}

/**
 * Sets where Cognate is and which app client this page is. Call it once, before anything else.
 * `redirectUri` must be one of the client's callback URLs, byte for byte (Cognate compares them exactly);
 * `logoutUri`, if given, one of its sign-out URLs. `cookiePrefix` names the token cookies.
 */
export function configure({
  cognateUrl,
  clientId,
  redirectUri,
  logoutUri = null,
  scopes = DEFAULT_SCOPES,
  cookiePrefix = "goldstack_",
} = {}) {
  for (const [name, value] of Object.entries({ cognateUrl, clientId, redirectUri })) {
    if (typeof value !== "string" || value === "") throw new TypeError(`configure: ${name} is required`);
  }
  settings = Object.freeze({
    cognateUrl: cognateUrl.replace(/\/+$/, ""),
    clientId,
    redirectUri,
    logoutUri: logoutUri || null,
    scopes: [...scopes],
    cookiePrefix,
  });
}

function config() {
  if (!settings) throw new Error("cognate-auth: call configure() first");
  return settings;
}

// --- PKCE and randomness -----------------------------------------------------------------------------

/** base64url without padding (RFC 4648 §5), as PKCE and JWTs use it. */
export function _base64url(bytes) {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** `size` random bytes (from the OS's CSPRNG) as base64url: 48 bytes give 64 characters, inside the
 * 43–128 that RFC 7636 §4.1 allows for a verifier. */
export function _randomString(size = 48) {
  return _base64url(crypto.getRandomValues(new Uint8Array(size)));
}

/** The S256 code challenge of `verifier`: BASE64URL(SHA-256(ASCII(verifier))) (RFC 7636 §4.2). */
export async function _pkceChallenge(verifier) {
  if (!globalThis.crypto || !crypto.subtle) {
    throw new Error("cognate-auth: crypto.subtle is unavailable (the page must be https or localhost)");
  }
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return _base64url(new Uint8Array(digest));
}

/** The claims of a JWT, decoded WITHOUT verifying its signature (display only); null if malformed. */
export function _decodeJwtPayload(token) {
  try {
    const part = token.split(".")[1];
    const base64 = part.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(part.length / 4) * 4, "=");
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes));
    return claims && typeof claims === "object" ? claims : null;
  } catch {
    return null;
  }
}

function query(params) {
  // encodeURIComponent rather than URLSearchParams: spaces in `scope` become %20, not "+".
  return Object.entries(params)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join("&");
}

/** A new pending flow (verifier and state kept in sessionStorage) and the authorize-style parameters
 * that start it. A new flow replaces an older one that never came back. */
async function startFlow() {
  const { clientId, redirectUri, scopes } = config();
  const verifier = _randomString(48);
  const state = _randomString(24);
  const challenge = await _pkceChallenge(verifier);
  sessionStorage.setItem(VERIFIER_KEY, verifier);
  sessionStorage.setItem(STATE_KEY, state);
  return {
    response_type: "code",
    client_id: clientId,
    redirect_uri: redirectUri,
    scope: scopes.join(" "),
    state,
    code_challenge: challenge,
    code_challenge_method: "S256",
  };
}

/** The URL loginWithRedirect (`/oauth2/authorize`) or signUpWithRedirect (`/signup`) goes to. Exported
 * for apps that want a link rather than a redirect; it starts a new pending flow. */
export async function _flowUrl(path) {
  return `${config().cognateUrl}${path}?${query(await startFlow())}`;
}

/**
 * Sends the browser to the hosted sign-in page (through `/oauth2/authorize`, which answers at once with a
 * code when a Cognate session already exists). The PKCE verifier and the `state` stay in this tab's
 * sessionStorage until `handleRedirectCallback` runs on the redirect URI.
 */
export async function loginWithRedirect() {
  window.location.assign(await _flowUrl("/oauth2/authorize"));
}

/** Like loginWithRedirect, but opens the hosted sign-up page; after the emailed code is confirmed the
 * browser comes back to the redirect URI with a code, as after a sign-in. */
export async function signUpWithRedirect() {
  window.location.assign(await _flowUrl("/signup"));
}

// --- cookies and storage ------------------------------------------------------------------------------

function refreshKey() {
  return `${config().cookiePrefix}refresh_token`;
}

function readCookie(name) {
  for (const part of document.cookie.split(";")) {
    const index = part.indexOf("=");
    if (index > 0 && part.slice(0, index).trim() === name) {
      try {
        return decodeURIComponent(part.slice(index + 1).trim());
      } catch {
        return null; // not written by this module
      }
    }
  }
  return null;
}

function writeCookie(name, value, maxAge) {
  // Lax: sent on top-level navigations to the app (so its server sees a signed-in user after the
  // redirect back), not on cross-site subrequests. Secure whenever the page itself is https.
  const secure = window.location.protocol === "https:" ? "; Secure" : "";
  document.cookie = `${name}=${encodeURIComponent(value)}; Path=/; Max-Age=${maxAge}; SameSite=Lax${secure}`;
}

function storeTokens(tokens) {
  const { cookiePrefix } = config();
  const maxAge = Number.isFinite(tokens.expires_in) && tokens.expires_in > 0 ? Math.floor(tokens.expires_in) : 3600;
  if (tokens.id_token) writeCookie(`${cookiePrefix}id_token`, tokens.id_token, maxAge);
  writeCookie(`${cookiePrefix}access_token`, tokens.access_token, maxAge);
  // A refresh grant returns a new refresh token only when the client rotates them: keep the old one otherwise.
  if (tokens.refresh_token) localStorage.setItem(refreshKey(), tokens.refresh_token);
}

function clearTokens() {
  const { cookiePrefix } = config();
  writeCookie(`${cookiePrefix}id_token`, "", 0);
  writeCookie(`${cookiePrefix}access_token`, "", 0);
  localStorage.removeItem(refreshKey());
}

function clearPendingFlow() {
  sessionStorage.removeItem(VERIFIER_KEY);
  sessionStorage.removeItem(STATE_KEY);
}

function isLive(token) {
  const claims = token && _decodeJwtPayload(token);
  return Boolean(claims && typeof claims.exp === "number" && claims.exp * 1000 > Date.now());
}

// --- the token endpoint -------------------------------------------------------------------------------

/** POSTs a form to /oauth2/token. A form-encoded POST without credentials is a CORS "simple request"
 * (no preflight); the endpoint must answer with Access-Control-Allow-Origin for the page to read it. */
async function tokenRequest(params) {
  let response;
  try {
    response = await fetch(`${config().cognateUrl}/oauth2/token`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(params).toString(),
      credentials: "omit", // no cookies: the grant is the code (or refresh token) and the PKCE verifier
      cache: "no-store",
    });
  } catch (error) {
    // Offline, refused, or a CORS refusal (the browser hides which).
    throw new CognateAuthError("network_error", `POST /oauth2/token failed: ${error.message}`);
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    // not JSON: reported below
  }
  if (!response.ok || !body || typeof body.access_token !== "string") {
    throw new CognateAuthError(
      (body && body.error) || "invalid_response",
      (body && body.error_description) || `HTTP ${response.status} from /oauth2/token`,
      response.status,
    );
  }
  return body;
}

/** Asks the server to revoke `refreshToken` (and the access tokens it produced). Fire and forget:
 * `keepalive` lets the request outlive the navigation that follows, and `no-cors` means nothing needs
 * reading from the answer. */
function revokeInBackground(refreshToken) {
  try {
    fetch(`${config().cognateUrl}/oauth2/revoke`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: refreshToken, client_id: config().clientId }).toString(),
      credentials: "omit",
      mode: "no-cors",
      keepalive: true,
    }).catch(() => {});
  } catch {
    // best effort: the tokens are gone from the browser either way
  }
}

// --- the callback ---------------------------------------------------------------------------------------

/**
 * Call on every page load (at least on the redirect URI). Returns the logged-in user or null.
 *
 * With `?code=` (or `?error=`) in the URL: the `state` must equal the one loginWithRedirect stored in this
 * tab, else it throws a CognateAuthError `state_mismatch` and exchanges nothing (the response may have
 * been planted by another site: login CSRF). Then the code is exchanged with the PKCE verifier, the
 * tokens stored, the pending flow cleared, and `code`/`state` removed from the address bar (so they do not
 * linger in history, bookmarks or Referer headers). An `?error=` answer throws it as a CognateAuthError.
 *
 * Without: if the access token is missing or expired and a refresh token is stored, it gets new tokens
 * (grant_type=refresh_token). A refusal by the server (the refresh token expired or was revoked) clears
 * everything; a network failure keeps the refresh token for a later try.
 *
 * Concurrent calls (say, two components on one page) share one run, so a code is never redeemed twice.
 */
export function handleRedirectCallback() {
  if (!callbackInProgress) {
    callbackInProgress = runCallback().finally(() => {
      callbackInProgress = null;
    });
  }
  return callbackInProgress;
}

async function runCallback() {
  const { clientId, redirectUri } = config();
  const url = new URL(window.location.href);
  const code = url.searchParams.get("code");
  const error = url.searchParams.get("error");
  const errorDescription = url.searchParams.get("error_description");
  const returned = url.searchParams.get("state");

  if (code !== null || error !== null) {
    const expected = sessionStorage.getItem(STATE_KEY);
    removeCallbackParams(url);
    if (!expected || returned !== expected) {
      // Not our flow: refuse it, and leave any genuine pending flow of this tab in place.
      throw new CognateAuthError("state_mismatch", "the state in the redirect is not the one this tab sent");
    }
    const verifier = sessionStorage.getItem(VERIFIER_KEY);
    clearPendingFlow();
    if (error !== null) throw new CognateAuthError(error, errorDescription);
    if (!verifier) throw new CognateAuthError("state_mismatch", "no PKCE verifier for this flow in this tab");
    const tokens = await tokenRequest({
      grant_type: "authorization_code",
      client_id: clientId,
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    });
    storeTokens(tokens);
    return getLoggedInUser();
  }

  const { cookiePrefix } = config();
  const fresh = isLive(readCookie(`${cookiePrefix}access_token`)) && isLive(readCookie(`${cookiePrefix}id_token`));
  const refreshToken = localStorage.getItem(refreshKey());
  if (!fresh && refreshToken) {
    try {
      storeTokens(await tokenRequest({ grant_type: "refresh_token", client_id: clientId, refresh_token: refreshToken }));
    } catch (failure) {
      if (failure.error === "network_error") {
        console.warn("cognate-auth: could not refresh the tokens:", failure.message);
      } else {
        clearTokens();
        clearPendingFlow();
        return null;
      }
    }
  }
  return getLoggedInUser();
}

function removeCallbackParams(url) {
  for (const name of CALLBACK_PARAMS) url.searchParams.delete(name);
  // Synchronously, before any await: a second call on this page no longer sees the code.
  window.history.replaceState(window.history.state, "", url.pathname + url.search + url.hash);
}

// --- the user -------------------------------------------------------------------------------------------

/**
 * The signed-in user from the token cookies, or null when they are absent or the ID token has expired:
 * `{ idToken, accessToken, email, username, sub, expiresAt (a Date), claims }`.
 *
 * The claims are decoded WITHOUT verifying the signature: fine for showing a name, worthless as proof.
 * Servers must verify the tokens against the JWKS before trusting them.
 */
export function getLoggedInUser() {
  const { cookiePrefix } = config();
  const idToken = readCookie(`${cookiePrefix}id_token`);
  const accessToken = readCookie(`${cookiePrefix}access_token`);
  if (!idToken || !accessToken) return null;
  const claims = _decodeJwtPayload(idToken);
  if (!claims || typeof claims.exp !== "number" || claims.exp * 1000 <= Date.now()) return null;
  return {
    idToken,
    accessToken,
    email: claims.email ?? null,
    username: claims["cognito:username"] ?? claims.username ?? null,
    sub: claims.sub ?? null,
    expiresAt: new Date(claims.exp * 1000),
    claims,
  };
}

// --- logout ---------------------------------------------------------------------------------------------

/**
 * Signs out: forgets the tokens (cookies, refresh token, any pending flow), asks Cognate to revoke the
 * refresh token, and sends the browser to `/logout`, which ends the hosted UI's session (otherwise the
 * next loginWithRedirect would sign the user straight back in).
 *
 * With `logoutUri` configured, Cognate then redirects there (it must be one of the client's sign-out
 * URLs). Without, it uses the tutorial's form (`redirect_uri` + `response_type=code`), which shows the
 * sign-in page again; a fresh state and PKCE challenge go with it, so that signing in there comes back
 * to handleRedirectCallback as a flow this tab started.
 */
export async function performLogout() {
  const { cognateUrl, clientId, logoutUri } = config();
  const refreshToken = localStorage.getItem(refreshKey());
  clearTokens();
  clearPendingFlow();
  if (refreshToken) revokeInBackground(refreshToken);
  const params = logoutUri ? { client_id: clientId, logout_uri: logoutUri } : await startFlow();
  window.location.assign(`${cognateUrl}/logout?${query(params)}`);
}
