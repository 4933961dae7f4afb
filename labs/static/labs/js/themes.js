/* The themes page: dragging a need onto a theme moves it there. It only fills in and sends the
   page's own "move" form (tick the need, choose the theme), which works with the keyboard and
   without this script. */
(function () {
  "use strict";

  var form = document.querySelector("[data-move-form]");
  var select = document.getElementById("id_move_theme");
  if (!form || !select) {
    return;
  }

  Array.prototype.forEach.call(form.querySelectorAll("[data-need-id]"), function (need) {
    need.addEventListener("dragstart", function (event) {
      event.dataTransfer.setData("text/plain", need.dataset.needId);
      event.dataTransfer.effectAllowed = "move";
      need.classList.add("is-dragging");
    });
    need.addEventListener("dragend", function () {
      need.classList.remove("is-dragging");
    });
  });

  Array.prototype.forEach.call(document.querySelectorAll("[data-drop-theme]"), function (target) {
    target.addEventListener("dragover", function (event) {
      event.preventDefault();
      target.classList.add("is-drop-target");
    });
    target.addEventListener("dragleave", function () {
      target.classList.remove("is-drop-target");
    });
    target.addEventListener("drop", function (event) {
      event.preventDefault();
      var id = event.dataTransfer.getData("text/plain");
      if (!/^\d+$/.test(id)) {
        return;
      }
      Array.prototype.forEach.call(form.querySelectorAll('input[name="needs"]'), function (box) {
        box.checked = box.value === id;
      });
      select.value = target.dataset.dropTheme;
      form.submit();
    });
  });
})();
