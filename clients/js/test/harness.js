// Shared by the test pages: configures cognate-auth.js from `config.json` (which the test's app server
// writes; see e2e/test_browser_helper.py) with any overrides a test put in sessionStorage under
// `cognate_test.config`, and exposes the module as `window.cognate` for the tests' scripts.
import * as auth from "../cognate-auth.js";

export async function setup() {
  const response = await fetch("config.json", { cache: "no-store" });
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  const config = { ...(await response.json()), ...JSON.parse(sessionStorage.getItem("cognate_test.config") || "{}") };
  auth.configure(config);
  window.cognate = auth;
  return auth;
}

/** What the helper left in this origin's cookies and storage (for the tests to inspect). */
export function snapshot() {
  const storage = (store) => Object.fromEntries(Object.keys(store).map((key) => [key, store.getItem(key)]));
  return { cookie: document.cookie, localStorage: storage(localStorage), sessionStorage: storage(sessionStorage) };
}
