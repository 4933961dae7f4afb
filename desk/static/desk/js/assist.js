// An assisted session's pages: every write carries the session's token, so the server
// refuses a write from a page of a session that has ended; the banner counts down and,
// when the time is up, reloads the page (the server then ends the session).
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="wemi-assist"]');
  if (!meta) return;
  var token = meta.getAttribute("content");
  var FIELD = "_wemi_assist";
  var HEADER = "X-Wemi-Assist";

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form || (form.method || "").toLowerCase() !== "post") return;
    if (!form.querySelector('input[name="' + FIELD + '"]')) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = FIELD;
      input.value = token;
      form.appendChild(input);
    }
  }, true);

  document.body.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers[HEADER] = token;
  });

  if (window.fetch) {
    var plainFetch = window.fetch.bind(window);
    window.fetch = function (resource, options) {
      options = options || {};
      var url = typeof resource === "string" ? resource : (resource && resource.url) || "";
      var sameSite = url.indexOf("//") === -1 || url.indexOf(window.location.origin) === 0;
      if (sameSite) {
        var headers = new Headers(options.headers || (resource && resource.headers) || {});
        headers.set(HEADER, token);
        options.headers = headers;
      }
      return plainFetch(resource, options);
    };
  }

  var banner = document.getElementById("wemi-assist-banner");
  var counter = banner && banner.querySelector(".wemi-assist-countdown");
  if (!banner || !counter) return;
  var left = parseInt(banner.getAttribute("data-seconds-left"), 10) || 0;
  var endAt = Date.now() + left * 1000;
  function show() {
    var seconds = Math.max(0, Math.round((endAt - Date.now()) / 1000));
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    counter.textContent = minutes + ":" + (rest < 10 ? "0" : "") + rest;
    banner.classList.toggle("wemi-assist-ending", seconds <= 120);
    if (seconds <= 0) {
      window.clearInterval(timer);
      window.location.reload();
    }
  }
  var timer = window.setInterval(show, 1000);
  show();
})();
