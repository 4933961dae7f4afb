/* Free seats of an event, live: the page's number follows every registration and
   cancellation, over the event's websocket. Without it the number is right at each reload.

   When the server cannot reach its channel layer (Redis down), it closes the socket with
   4503: the card says live updates are paused, asks for the seats every few seconds
   (data-poll-url), keeps reconnecting with backoff, and when a socket stays open again it
   drops the notice and stops polling. */
(function () {
  "use strict";

  var card = document.querySelector("[data-event-seats]");
  if (!card || !("WebSocket" in window)) {
    return;
  }
  var NOT_FOUND = 4404;
  var PAUSED = 4503; // the server has no channel layer for now: poll and retry
  var FIRST_DELAY = 1000;
  var MAX_DELAY = 30000;
  // A socket that stays open this long is live (a paused one closes at once after opening).
  var STEADY_MS = 1000;
  // Sockets that never opened, in a row, before the page polls anyway.
  var FAILURES_BEFORE_POLLING = 2;
  var delay = FIRST_DELAY;
  var failures = 0;
  var notice = card.querySelector("[data-live-notice]");

  function show(data) {
    var text = card.querySelector("[data-seats-text]");
    if (!text || data.free === null || data.free === undefined || data.cancelled) {
      return;
    }
    if (data.free === 0) {
      text.textContent = card.dataset.labelFull;
    } else if (data.free === 1) {
      text.textContent = card.dataset.labelFreeOne;
    } else {
      text.textContent = (card.dataset.labelFreeMany || "").replace("{n}", String(data.free));
    }
    text.classList.toggle("wemi-event-seats-full", data.free === 0);
    var button = card.querySelector("[data-register-button]");
    if (button) {
      button.textContent = data.free === 0 ? card.dataset.labelWaitlist : card.dataset.labelRegister;
    }
  }

  // --- Paused: the notice and the polling --------------------------------------------------

  function poll() {
    if (document.hidden || !card.dataset.pollUrl || !window.fetch) {
      return;
    }
    fetch(card.dataset.pollUrl, { headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (data && data.type === "seats") {
          show(data);
        }
      })
      .catch(function () {
        /* the next poll tries again */
      });
  }

  var paused = window.wemiLivePause(card, notice, poll);
  var pause = paused.pause;
  var resume = paused.resume;

  // --- The socket, reconnected with backoff ------------------------------------------------
  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + card.dataset.wsPath);
    var opened = false;
    var steadyTimer = null;
    socket.addEventListener("open", function () {
      opened = true;
      steadyTimer = window.setTimeout(function () {
        delay = FIRST_DELAY;
        failures = 0;
        resume();
      }, STEADY_MS);
    });
    socket.addEventListener("message", function (message) {
      try {
        var data = JSON.parse(message.data);
        if (data.type === "seats") {
          show(data);
        }
      } catch (error) {
        /* ignored: the next reload shows the truth */
      }
    });
    socket.addEventListener("close", function (event) {
      window.clearTimeout(steadyTimer);
      if (event.code === NOT_FOUND) {
        return;
      }
      if (!opened) {
        failures += 1;
      }
      if (event.code === PAUSED || failures >= FAILURES_BEFORE_POLLING) {
        pause();
      }
      window.setTimeout(connect, delay);
      delay = Math.min(delay * 2, MAX_DELAY);
    });
  }

  connect();
})();
