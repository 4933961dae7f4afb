/* The check-in page: the code field has the focus, and where the browser can read QR codes
   from the camera (BarcodeDetector), a button scans the person's code and sends it. Typing
   the code works everywhere. */
(function () {
  "use strict";

  var form = document.querySelector("[data-check-in-form]");
  if (!form) {
    return;
  }
  var input = form.querySelector('input[name="code"]');
  if (input) {
    input.focus();
  }
  var button = form.querySelector("[data-scan]");
  var video = form.querySelector("[data-scanner]");
  var status = form.querySelector("[data-scan-status]");
  if (!button || !video || !("BarcodeDetector" in window) || !navigator.mediaDevices) {
    return;
  }
  button.hidden = false;
  var stream = null;

  function stop() {
    if (stream) {
      stream.getTracks().forEach(function (track) {
        track.stop();
      });
      stream = null;
    }
    video.hidden = true;
  }

  button.addEventListener("click", function () {
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: "environment" } })
      .then(function (media) {
        stream = media;
        video.srcObject = media;
        video.hidden = false;
        return video.play();
      })
      .then(function scan() {
        if (!stream) {
          return;
        }
        detector
          .detect(video)
          .then(function (codes) {
            if (codes.length) {
              input.value = codes[0].rawValue;
              stop();
              form.submit();
            } else {
              window.requestAnimationFrame(scan);
            }
          })
          .catch(function () {
            window.requestAnimationFrame(scan);
          });
      })
      .catch(function () {
        stop();
        if (status) {
          status.textContent = button.dataset.labelNoCamera || "";
        }
      });
  });
})();
