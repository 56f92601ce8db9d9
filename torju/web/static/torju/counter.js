/* Torju: a counter under each text field that has a maximum length (torju/form_fields.py).
 *
 * The field carries data-max-length (never maxlength, which cuts pasted text
 * silently); the server refuses a longer text and sends it back with the
 * field's error. The counter counts as the server does: characters (code
 * points), a line break as the two characters the browser sends. The visible
 * counter follows every key; screen readers hear it once typing pauses.
 */
(function () {
  "use strict";

  function length(value) {
    // A field's value has line breaks as "\n"; the form sends them as "\r\n". Characters beyond the
    // Basic Multilingual Plane are one character to the server and two UTF-16 units here.
    var pairs = value.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g);
    var breaks = value.match(/\n/g);
    return value.length - (pairs ? pairs.length : 0) + (breaks ? breaks.length : 0);
  }

  function attach(counter) {
    var field = document.getElementById(counter.getAttribute("data-counter-for"));
    if (!field || !field.hasAttribute("data-max-length")) {
      return;
    }
    var limit = parseInt(field.getAttribute("data-max-length"), 10);
    var announcer = document.createElement("div");
    announcer.className = "visually-hidden";
    announcer.setAttribute("role", "status");
    counter.parentNode.appendChild(announcer);
    var pause = null;

    function update() {
      var left = limit - length(field.value);
      var template = counter.getAttribute(left < 0 ? "data-over" : "data-left");
      var text = template.replace("{count}", String(Math.abs(left)));
      counter.textContent = text;
      counter.classList.toggle("field__counter--over", left < 0);
      window.clearTimeout(pause);
      pause = window.setTimeout(function () {
        announcer.textContent = text;
      }, 1000);
    }

    field.addEventListener("input", update);
    update();
    window.clearTimeout(pause);
  }

  function start(root) {
    var counters = root.querySelectorAll("[data-counter-for]");
    for (var index = 0; index < counters.length; index += 1) {
      attach(counters[index]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      start(document);
    });
  } else {
    start(document);
  }
  // Rows that htmx swaps in (a meeting's participant added in place) count as well.
  document.addEventListener("htmx:load", function (event) {
    if (event.target !== document.body) {
      start(event.target);
    }
  });
})();
