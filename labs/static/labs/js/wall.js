/* The live wall of a lab, on the lab's page and in projector mode.

   It opens the lab's websocket, adds each need that arrives (once: the page keeps the ids it
   shows), moves the "me too" counts, and after a dropped connection asks for what it missed
   ({"type": "since", "after": <highest id shown>}). Posting a need and "me too" go through
   fetch when the script runs, and through plain forms when it does not: the page works, and
   is right at each reload, without any of this.

   A need of one's own never offers "me too": the server marks it "own" for its author's
   connections (guests included), and the page marks what it posted itself, whichever of the
   two arrives first.

   Messages from the server:
     {"type": "need", "id", "text", "category", "author", "me_too", "own"?}
     {"type": "count", "id", "me_too"}
     {"type": "counts", "counts": {id: me_too, ...}}   (after a "since")
     {"type": "phase", "phase", "label"}
     {"type": "caught_up", "phase"}
     {"type": "error", "error"}

   When the server cannot reach its channel layer (Redis down), it closes the socket with
   4503: the page says live updates are paused, asks the server every few seconds for the same
   messages over HTTP (data-poll-url?after=<highest id shown>), keeps reconnecting with
   backoff, and when a socket stays open again it drops the notice and stops polling. */
(function () {
  "use strict";

  var NOT_ALLOWED = 4404; // the consumer refuses: retrying cannot help
  var PAUSED = 4503; // the server has no channel layer for now: poll and retry
  var FIRST_DELAY = 1000;
  var MAX_DELAY = 30000;
  // A socket that stays open this long is live (a paused one closes at once after opening).
  var STEADY_MS = 1000;
  // Sockets that never opened, in a row, before the page polls anyway.
  var FAILURES_BEFORE_POLLING = 2;

  var wall = document.querySelector("[data-wall]");
  if (!wall) {
    return;
  }
  var template = document.getElementById("need-template");
  var announcer = document.querySelector("[data-wall-announcer]");
  var statusLabel = document.querySelector("[data-live-status]");
  var totalLabel = document.querySelector("[data-needs-total]");
  var notice = document.querySelector("[data-live-notice]");
  var limit = parseInt(wall.dataset.limit || "0", 10) || 0;
  var canMeToo = wall.dataset.canMeToo === "true";
  var labels = document.getElementById("me-too-labels");
  var meTooLabels = labels && labels.content ? labels.content.firstElementChild : null;

  // --- The needs shown -------------------------------------------------------------------
  function cardOf(id) {
    return wall.querySelector('[data-need-id="' + String(id) + '"]');
  }

  function highestId() {
    var highest = 0;
    Array.prototype.forEach.call(wall.querySelectorAll("[data-need-id]"), function (card) {
      highest = Math.max(highest, parseInt(card.dataset.needId, 10) || 0);
    });
    return highest;
  }

  function setTotal(delta) {
    if (totalLabel) {
      totalLabel.textContent = String((parseInt(totalLabel.textContent, 10) || 0) + delta);
    }
  }

  function setCount(id, value) {
    var card = cardOf(id);
    var count = card && card.querySelector("[data-count]");
    if (count && count.textContent !== String(value)) {
      count.textContent = String(value);
      card.classList.remove("wemi-need-bumped");
      void card.offsetWidth; // restart the highlight
      card.classList.add("wemi-need-bumped");
    }
  }

  function meTooUrl(id) {
    return (wall.dataset.meTooUrl || "").replace(/\/0\/([^/]*\/?)$/, "/" + encodeURIComponent(id) + "/$1");
  }

  function markOwn(card) {
    var form = card && card.querySelector("[data-me-too-form]");
    if (form) {
      form.remove();
    }
    var ownLabel = card && card.querySelector("[data-own]");
    if (ownLabel) {
      ownLabel.hidden = false;
    }
  }

  function addNeed(event, own) {
    var existing = cardOf(event.id);
    if (existing) {
      if (own) {
        markOwn(existing);
      }
      return null;
    }
    if (!template || !template.content) {
      return null;
    }
    var card = template.content.firstElementChild.cloneNode(true);
    card.dataset.needId = String(event.id);
    card.id = "need-" + event.id;
    ["text", "category", "author"].forEach(function (field) {
      var slot = card.querySelector('[data-field="' + field + '"]');
      if (slot) {
        slot.textContent = event[field] || "";
      }
    });
    var count = card.querySelector("[data-count]");
    if (count) {
      count.textContent = String(event.me_too || 0);
    }
    var form = card.querySelector("[data-me-too-form]");
    if (form) {
      if (own || !canMeToo) {
        form.remove();
      } else {
        // Not form.action: the form's input named "action" would answer instead.
        form.setAttribute("action", meTooUrl(event.id));
      }
    }
    var ownLabel = card.querySelector("[data-own]");
    if (ownLabel) {
      ownLabel.hidden = !own;
    }
    var empty = document.querySelector("[data-wall-empty]");
    if (empty) {
      empty.remove();
    }
    // The newest first, as the server renders them.
    var first = wall.firstElementChild;
    var placed = false;
    while (first) {
      if ((parseInt(first.dataset.needId, 10) || 0) < event.id) {
        wall.insertBefore(card, first);
        placed = true;
        break;
      }
      first = first.nextElementSibling;
    }
    if (!placed) {
      wall.appendChild(card);
    }
    if (limit && wall.children.length > limit) {
      wall.removeChild(wall.lastElementChild);
    }
    setTotal(1);
    if (announcer && !own) {
      announcer.textContent = (wall.dataset.labelNew || "") + " " + (event.text || "");
    }
    return card;
  }

  // --- The phase ---------------------------------------------------------------------------
  function phaseChanged(phase) {
    if (!phase || phase === wall.dataset.phase) {
      return;
    }
    wall.dataset.phase = phase;
    if (wall.dataset.reloadOnPhase === "true") {
      window.location.reload();
      return;
    }
    if (document.getElementById("wemi-phase-notice")) {
      return;
    }
    var notice = document.createElement("div");
    notice.id = "wemi-phase-notice";
    notice.className = "alert alert-info wemi-phase-notice";
    notice.setAttribute("role", "status");
    notice.textContent = (wall.dataset.labelPhase || "") + " ";
    var link = document.createElement("a");
    link.href = window.location.pathname;
    link.textContent = wall.dataset.labelReload || "";
    notice.appendChild(link);
    wall.parentNode.insertBefore(notice, wall.parentNode.firstChild);
  }

  // --- The connection ------------------------------------------------------------------------
  function setStatus(state) {
    if (!statusLabel) {
      return;
    }
    statusLabel.dataset.state = state;
    var text = statusLabel.dataset["label" + state.charAt(0).toUpperCase() + state.slice(1)];
    if (text) {
      statusLabel.textContent = text;
    }
  }

  function handle(data) {
    if (!data || typeof data !== "object") {
      return;
    }
    if (data.type === "need") {
      addNeed(data, data.own === true);
    } else if (data.type === "count") {
      setCount(data.id, data.me_too);
    } else if (data.type === "counts" && data.counts) {
      Object.keys(data.counts).forEach(function (id) {
        setCount(id, data.counts[id]);
      });
    } else if (data.type === "phase" || data.type === "caught_up") {
      phaseChanged(data.phase);
    }
  }

  // --- Paused: the notice and the polling --------------------------------------------------
  var polling = false;

  function poll() {
    if (polling || document.hidden || !wall.dataset.pollUrl || !window.fetch) {
      return;
    }
    polling = true;
    var url = wall.dataset.pollUrl + "?after=" + encodeURIComponent(highestId());
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (body) {
        if (body && Array.isArray(body.messages)) {
          body.messages.forEach(handle);
        }
      })
      .catch(function () {
        /* the next poll tries again */
      })
      .then(function () {
        polling = false;
      });
  }

  var paused = window.wemiLivePause(wall, notice, poll);
  var pause = paused.pause;
  var resume = paused.resume;

  // --- The connection ------------------------------------------------------------------------
  var delay = FIRST_DELAY;
  var failures = 0;
  function connect() {
    if (!("WebSocket" in window) || !wall.dataset.wsPath) {
      setStatus("none");
      return;
    }
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket;
    try {
      socket = new WebSocket(scheme + window.location.host + wall.dataset.wsPath);
    } catch (error) {
      setStatus("none");
      return;
    }
    var opened = false;
    var steadyTimer = null;
    socket.addEventListener("open", function () {
      opened = true;
      socket.send(JSON.stringify({ type: "since", after: highestId() }));
      steadyTimer = window.setTimeout(function () {
        delay = FIRST_DELAY;
        failures = 0;
        setStatus("live");
        resume();
      }, STEADY_MS);
    });
    socket.addEventListener("message", function (message) {
      try {
        handle(JSON.parse(message.data));
      } catch (error) {
        /* a message we cannot read: the next reload shows the truth */
      }
    });
    socket.addEventListener("close", function (event) {
      window.clearTimeout(steadyTimer);
      if (event.code === NOT_ALLOWED) {
        setStatus("none");
        return;
      }
      setStatus("offline");
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

  // --- Posting a need and "me too" without leaving the page ------------------------------------
  function post(form) {
    return fetch(form.getAttribute("action"), {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json", "X-Requested-With": "fetch" },
      credentials: "same-origin",
    }).then(function (response) {
      return response.json().then(function (body) {
        return { ok: response.ok, body: body };
      });
    });
  }

  var needForm = document.querySelector("[data-need-form]");
  if (needForm && window.fetch && window.FormData) {
    var needStatus = needForm.querySelector("[data-need-status]");
    needForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = needForm.querySelector('button[type="submit"]');
      button.disabled = true;
      post(needForm)
        .then(function (result) {
          if (result.ok && result.body.need) {
            addNeed(result.body.need, true);
            needForm.querySelector("textarea").value = "";
            needStatus.className = "wemi-need-form-status small text-success";
            needStatus.textContent = needForm.dataset.labelDone || result.body.need.text;
          } else {
            needStatus.className = "wemi-need-form-status small text-danger";
            needStatus.textContent = result.body.error || "";
          }
        })
        .catch(function () {
          needForm.submit(); // the network or the script failed: the plain form still works
        })
        .then(function () {
          button.disabled = false;
        });
    });
  }

  function toggleMeToo(form, mine) {
    var button = form.querySelector("button");
    var action = form.querySelector('input[name="action"]');
    action.value = mine ? "remove" : "add";
    button.setAttribute("aria-pressed", mine ? "true" : "false");
    button.classList.toggle("btn-primary", mine);
    button.classList.toggle("btn-outline-primary", !mine);
    if (meTooLabels) {
      button.textContent = mine ? meTooLabels.dataset.on : meTooLabels.dataset.off;
      if (mine) {
        var hint = document.createElement("span");
        hint.className = "visually-hidden";
        hint.textContent = " — " + meTooLabels.dataset.undo;
        button.appendChild(hint);
      }
    }
  }

  // A refusal is said next to the need, where the person pressed, and to screen readers.
  function showRefusal(card, text) {
    var actions = card && card.querySelector(".wemi-need-actions");
    if (!actions) {
      return;
    }
    var note = actions.querySelector("[data-refusal]");
    if (!note) {
      note = document.createElement("span");
      note.className = "small text-danger";
      note.setAttribute("data-refusal", "");
      note.setAttribute("role", "status");
      actions.appendChild(note);
    }
    note.textContent = text;
  }

  if (window.fetch && window.FormData) {
    wall.addEventListener("submit", function (event) {
      var form = event.target.closest("[data-me-too-form]");
      if (!form) {
        return;
      }
      event.preventDefault();
      post(form)
        .then(function (result) {
          if (result.ok) {
            toggleMeToo(form, result.body.mine);
            setCount(result.body.id, result.body.me_too);
            return;
          }
          var card = form.closest("[data-need-id]");
          if (result.body.own) {
            markOwn(card);
          }
          if (result.body.error) {
            showRefusal(card, result.body.error);
          }
        })
        .catch(function () {
          form.submit();
        });
    });
  }

  var fullscreen = document.querySelector("[data-fullscreen]");
  if (fullscreen && document.documentElement.requestFullscreen) {
    fullscreen.addEventListener("click", function () {
      if (document.fullscreenElement) {
        document.exitFullscreen();
      } else {
        document.documentElement.requestFullscreen();
      }
    });
  } else if (fullscreen) {
    fullscreen.hidden = true;
  }

  connect();
})();
