// Shows an event's time in the reader's own time zone, but only when the browser's offset
// from UTC differs from the event's: a member in Yibin sees the page as written, a member's
// son in Vancouver also sees "Your time: …". The element carries the instants as ISO 8601
// with their offsets (data-start, data-end) and the label in the page's language.
(function () {
  "use strict";

  function writtenOffset(iso) {
    var match = /([+-])(\d\d):(\d\d)$/.exec(iso);
    if (!match) return 0; // "Z"
    var minutes = Number(match[2]) * 60 + Number(match[3]);
    return match[1] === "-" ? -minutes : minutes;
  }

  function showLocalTime(element) {
    var start = new Date(element.dataset.start);
    var end = new Date(element.dataset.end || element.dataset.start);
    if (isNaN(start.getTime()) || isNaN(end.getTime())) return;
    if (-start.getTimezoneOffset() === writtenOffset(element.dataset.start)) return;
    var language = document.documentElement.lang || undefined;
    var day = new Intl.DateTimeFormat(language, { dateStyle: "full" });
    var clock = new Intl.DateTimeFormat(language, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    var text = day.format(start) + " " + clock.format(start) + "–" + clock.format(end);
    if (day.format(end) !== day.format(start)) text += " (" + day.format(end) + ")";
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    element.textContent = element.dataset.label + text + (zone ? " · " + zone : "");
    element.hidden = false;
  }

  function run() {
    document.querySelectorAll(".club-local[data-start]").forEach(showLocalTime);
  }

  // Material's instant navigation swaps pages without a load event; document$ tells us.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(run);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();
