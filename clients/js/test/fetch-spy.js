// A classic script, loaded before any module: records every fetch (URL, method, body) in window.__fetches,
// so the tests can tell whether the helper called the token endpoint.
(function () {
  const original = window.fetch.bind(window);
  window.__fetches = [];
  window.fetch = function (input, init) {
    const url = typeof input === "string" ? input : input instanceof Request ? input.url : String(input);
    window.__fetches.push({
      url: new URL(url, location.href).href,
      method: (init && init.method) || "GET",
      body: init && typeof init.body === "string" ? init.body : null,
    });
    return original(input, init);
  };
})();
