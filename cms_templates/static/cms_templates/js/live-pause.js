/* The "live updates paused" state of the pages that listen on a websocket (a lab's wall, the
   notifications bell, an event's seats), in one place. When the server closes the socket as
   paused (its channel layer is down), the page's notice says so and `poll` fetches what the
   socket would have pushed, every data-poll-seconds of `element`; once the socket is steady
   again, the notice empties and the polling stops. Loaded before the scripts that use it. */
(function () {
  "use strict";

  window.wemiLivePause = function (element, notice, poll) {
    var timer = null;

    function pause() {
      if (timer) {
        return;
      }
      if (notice) {
        notice.className = notice.dataset.classPaused || "";
        notice.textContent = notice.dataset.labelPaused || "";
      }
      var seconds = parseInt(element.dataset.pollSeconds || "15", 10) || 15;
      timer = window.setInterval(poll, seconds * 1000);
      poll();
    }

    function resume() {
      if (!timer) {
        return;
      }
      window.clearInterval(timer);
      timer = null;
      if (notice) {
        notice.className = notice.dataset.classLive || "";
        notice.textContent = "";
      }
    }

    return { pause: pause, resume: resume };
  };
})();
