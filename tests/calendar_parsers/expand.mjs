// Reads calendars with ical.js (Thunderbird's parser) and prints every occurrence as JSON.
// stdin: {"calendars": {"name": "<ics text>", ...}, "from": "YYYY-MM-DD", "until": "YYYY-MM-DD"}
// stdout: {"name": {"method": ..., "name": ..., "occurrences": [...]}, ...}
// Timed occurrences are UTC instants (ISO 8601 with Z); all-day ones are dates.
import ICAL from "ical.js";

function moment(time) {
  if (time.isDate) return time.toString();
  return new Date(time.toUnixTime() * 1000).toISOString().replace(".000Z", "Z");
}

function read(text, from, until) {
  ICAL.TimezoneService.reset();
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(zone);
  }
  const occurrences = [];
  for (const component of calendar.getAllSubcomponents("vevent")) {
    const event = new ICAL.Event(component);
    const common = {
      uid: event.uid,
      summary: event.summary,
      sequence: event.sequence,
      status: component.getFirstPropertyValue("status"),
      location: event.location,
      description: event.description,
      attendees: component.getAllProperties("attendee").map((p) => p.getFirstValue()),
      alarms: component.getAllSubcomponents("valarm").map((a) => a.getFirstPropertyValue("trigger").toString()),
      tzids: ["dtstart", "dtend"].map((name) => component.getFirstProperty(name).getParameter("tzid") || null),
    };
    const span = (start, end) => ({ ...common, start: moment(start), end: moment(end), allDay: start.isDate });
    if (!event.isRecurring()) {
      occurrences.push(span(event.startDate, event.endDate));
      continue;
    }
    const iterator = event.iterator();
    const stop = ICAL.Time.fromDateString(until);
    for (let next = iterator.next(); next && next.compare(stop) < 0; next = iterator.next()) {
      const details = event.getOccurrenceDetails(next);
      if (details.startDate.toString().slice(0, 10) >= from) {
        occurrences.push(span(details.startDate, details.endDate));
      }
    }
  }
  return {
    method: calendar.getFirstPropertyValue("method"),
    name: calendar.getFirstPropertyValue("x-wr-calname"),
    occurrences,
  };
}

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const request = JSON.parse(input);
  const result = {};
  for (const [name, text] of Object.entries(request.calendars)) {
    result[name] = read(text, request.from, request.until);
  }
  process.stdout.write(JSON.stringify(result));
});
