/* Free seats of an event, live: the page's number follows every registration and
   cancellation, over the event's websocket. Without it the number is right at each reload. */
(function () {
  "use strict";

  var card = document.querySelector("[data-event-seats]");
  if (!card || !("WebSocket" in window)) {
    return;
  }
  var NOT_FOUND = 4404;
  var delay = 1000;

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

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + card.dataset.wsPath);
    socket.addEventListener("open", function () {
      delay = 1000;
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
      if (event.code !== NOT_FOUND) {
        window.setTimeout(connect, delay);
        delay = Math.min(delay * 2, 30000);
      }
    });
  }

  connect();
})();
