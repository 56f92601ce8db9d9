/* Torju: "Select all" and "Select none" above a long list of checkboxes (web/forms/field.html).
 *
 * The buttons are in the page, hidden, and shown here: without JavaScript they
 * would do nothing, so they are not offered. Each names the list it acts on
 * (aria-controls) and ticks or clears its boxes as a click on each would, so
 * that anything listening for a change hears it.
 */
(function () {
  "use strict";

  function choose(button) {
    var list = document.getElementById(button.getAttribute("aria-controls"));
    if (!list) {
      return;
    }
    var wanted = button.getAttribute("data-choose") === "all";
    var boxes = list.querySelectorAll("input[type=checkbox]:not(:disabled)");
    for (var index = 0; index < boxes.length; index += 1) {
      if (boxes[index].checked !== wanted) {
        boxes[index].checked = wanted;
        boxes[index].dispatchEvent(new Event("change", { bubbles: true }));
      }
    }
  }

  function start(root) {
    var tools = root.querySelectorAll("[data-choice-tools]");
    for (var index = 0; index < tools.length; index += 1) {
      tools[index].hidden = false;
    }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-choose]") : null;
    if (button) {
      choose(button);
    }
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      start(document);
    });
  } else {
    start(document);
  }
  document.addEventListener("htmx:load", function (event) {
    start(event.target);
  });
})();
