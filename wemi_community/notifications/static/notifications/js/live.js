/* Live updates for a signed-in person, over their private stream /ws/me/: the header's
   unread count follows every change, and each new notification shows a toast.

   Messages: {"type": "notification", "unread": n, "message": text, "url": url, "id": pk}
             {"type": "unread", "unread": n}
   The page works the same without this script: the count is right at each load. */
(function () {
  "use strict";

  var NOT_SIGNED_IN = 4403; // the consumer's close code: retrying cannot help
  var FIRST_DELAY = 1000;
  var MAX_DELAY = 60000;
  // Handshakes refused in a row (a session that ended looks like this: the browser sees no
  // close code for a refused handshake). Beyond it we stop until the network comes back.
  var MAX_FAILURES = 10;
  var TOAST_MS = 6000;
  var MAX_TOASTS = 3;

  var region = document.getElementById("wemi-toasts");
  var template = document.getElementById("wemi-toast-template");
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
    socket.addEventListener("open", function () {
      opened = true;
      failures = 0;
      delay = FIRST_DELAY;
      setState("open");
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
      socket = null;
      setState("closed");
      if (stopped || event.code === NOT_SIGNED_IN) {
        return;
      }
      if (!opened) {
        failures += 1;
        if (failures >= MAX_FAILURES) {
          return;
        }
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
