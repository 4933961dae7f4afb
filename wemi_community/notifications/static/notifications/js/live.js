/* Live updates for a signed-in person, over their private stream /ws/me/: the header's
   unread count follows every change, and each new notification shows a toast.

   Messages: {"type": "notification", "unread": n, "message": text, "url": url, "id": pk}
             {"type": "unread", "unread": n}
   The page works the same without this script: the count is right at each load.

   When the server cannot reach its channel layer (Redis down), it closes the stream with
   4503: the page says live notifications are paused, asks for the unread count every few
   seconds (data-poll-url), keeps reconnecting with backoff, and when a stream stays open
   again it drops the notice and stops polling. */
(function () {
  "use strict";

  var NOT_SIGNED_IN = 4403; // the consumer's close code: retrying cannot help
  var PAUSED = 4503; // the server has no channel layer for now: poll and retry
  // A stream that stays open this long is live (a paused one closes at once after opening).
  var STEADY_MS = 1000;
  // Streams that never opened, in a row, before the page polls anyway.
  var FAILURES_BEFORE_POLLING = 2;
  var FIRST_DELAY = 1000;
  var MAX_DELAY = 60000;
  // Handshakes refused in a row (a session that ended looks like this: the browser sees no
  // close code for a refused handshake). Beyond it we stop until the network comes back.
  var MAX_FAILURES = 10;
  var TOAST_MS = 6000;
  var MAX_TOASTS = 3;

  var region = document.getElementById("wemi-toasts");
  var template = document.getElementById("wemi-toast-template");
  var notice = document.getElementById("wemi-live-notice");
  if (!region || !("WebSocket" in window)) {
    return;
  }

  function setState(state) {
    document.documentElement.setAttribute("data-wemi-live", state);
  }

  // --- The unread count ----------------------------------------------------------------
  function setUnread(value) {
    var count = Math.max(0, parseInt(value, 10) || 0);
    var bells = document.querySelectorAll("[data-wemi-bell]");
    Array.prototype.forEach.call(bells, function (bell) {
      var badge = bell.querySelector("[data-wemi-bell-count]");
      var text = bell.querySelector("[data-wemi-bell-text]");
      if (badge) {
        badge.textContent = String(count);
        badge.hidden = count === 0;
      }
      if (text) {
        var label = count === 0 ? bell.dataset.labelNone
          : count === 1 ? bell.dataset.labelOne
            : bell.dataset.labelMany;
        text.textContent = (label || "").replace("{count}", String(count));
      }
    });
  }

  // --- Toasts ----------------------------------------------------------------------------
  function readUrl(id) {
    // The template's URL is for notification 0: put the real id in its place.
    var url = region.dataset.readUrl || "";
    return url.replace(/\/0\/([^/]*\/?)$/, "/" + encodeURIComponent(id) + "/$1");
  }

  function showToast(data) {
    if (!template || !template.content || !data.message) {
      return;
    }
    var toast = template.content.firstElementChild.cloneNode(true);
    toast.querySelector("[data-toast-message]").textContent = String(data.message);
    var form = toast.querySelector("[data-toast-open]");
    if (form && data.id) {
      form.action = readUrl(data.id);
    } else if (form) {
      form.parentNode.removeChild(form);
    }

    var timer = null;
    function dismiss() {
      clearTimeout(timer);
      var hadFocus = toast.contains(document.activeElement);
      if (toast.parentNode) {
        toast.parentNode.removeChild(toast);
      }
      if (hadFocus) {
        // Do not leave the keyboard on nothing: the bell leads to the same notifications.
        var bell = document.querySelector("[data-wemi-bell]");
        if (bell) {
          bell.focus();
        }
      }
    }
    function schedule() {
      clearTimeout(timer);
      timer = setTimeout(dismiss, TOAST_MS);
    }
    // Whoever is reading it (pointer over it, keyboard in it) keeps it open.
    toast.addEventListener("mouseenter", function () { clearTimeout(timer); });
    toast.addEventListener("mouseleave", function () {
      if (!toast.contains(document.activeElement)) {
        schedule();
      }
    });
    toast.addEventListener("focusin", function () { clearTimeout(timer); });
    toast.addEventListener("focusout", function (event) {
      if (!toast.contains(event.relatedTarget)) {
        schedule();
      }
    });
    toast.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        dismiss();
      }
    });
    var close = toast.querySelector("[data-toast-close]");
    if (close) {
      close.addEventListener("click", dismiss);
    }

    while (region.children.length >= MAX_TOASTS) {
      region.removeChild(region.firstElementChild);
    }
    region.appendChild(toast);
    schedule();
  }

  function handle(data) {
    if (!data || typeof data !== "object") {
      return;
    }
    if (data.type === "notification") {
      setUnread(data.unread);
      showToast(data);
    } else if (data.type === "unread") {
      setUnread(data.unread);
    }
  }

  // --- Paused: the notice and the polling --------------------------------------------------

  function poll() {
    if (document.hidden || !region.dataset.pollUrl || !window.fetch) {
      return;
    }
    fetch(region.dataset.pollUrl, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
      redirect: "error", // signed out: the login page is no count
    })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(handle)
      .catch(function () {
        /* the next poll tries again */
      });
  }

  var paused = window.wemiLivePause(region, notice, poll);
  var pause = paused.pause;
  var resume = paused.resume;

  // --- The socket, reconnected with backoff ------------------------------------------------
  var socket = null;
  var retryTimer = null;
  var delay = FIRST_DELAY;
  var failures = 0;
  var stopped = false;

  function streamUrl() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    return scheme + window.location.host + (region.dataset.wsPath || "/ws/me/");
  }

  function retryLater() {
    var wait = delay * (0.75 + Math.random() * 0.5); // jitter: tabs do not all return at once
    delay = Math.min(delay * 2, MAX_DELAY);
    retryTimer = setTimeout(connect, wait);
  }

  function connect() {
    retryTimer = null;
    if (stopped || socket) {
      return;
    }
    var opened = false;
    try {
      socket = new WebSocket(streamUrl());
    } catch (error) {
      // Refused by the browser (a policy, an unsupported scheme): the page works without.
      socket = null;
      setState("unavailable");
      return;
    }
    setState("connecting");
    var steadyTimer = null;
    socket.addEventListener("open", function () {
      opened = true;
      failures = 0;
      setState("open");
      steadyTimer = setTimeout(function () {
        delay = FIRST_DELAY;
        resume();
      }, STEADY_MS);
    });
    socket.addEventListener("message", function (event) {
      var data;
      try {
        data = JSON.parse(event.data);
      } catch (error) {
        return;
      }
      handle(data);
    });
    socket.addEventListener("close", function (event) {
      clearTimeout(steadyTimer);
      socket = null;
      setState(event.code === PAUSED ? "paused" : "closed");
      if (stopped || event.code === NOT_SIGNED_IN) {
        return;
      }
      if (!opened) {
        failures += 1;
        if (failures >= MAX_FAILURES) {
          return;
        }
      }
      if (event.code === PAUSED || failures >= FAILURES_BEFORE_POLLING) {
        pause();
      }
      retryLater();
    });
  }

  function restart() {
    stopped = false;
    failures = 0;
    delay = FIRST_DELAY;
    if (!socket && !retryTimer) {
      connect();
    }
  }

  // Leaving the page closes the stream cleanly; coming back from the back-forward cache or
  // from an offline spell opens it again.
  window.addEventListener("pagehide", function () {
    stopped = true;
    clearTimeout(retryTimer);
    resume();
    retryTimer = null;
    if (socket) {
      socket.close(1000);
    }
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      restart();
    }
  });
  window.addEventListener("online", restart);

  connect();
})();
