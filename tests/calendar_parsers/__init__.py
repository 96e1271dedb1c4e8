"""Independent iCalendar readers the tests parse generated calendars back with."""
