"""The site's generated Markdown pages: events, birthdays, journal issues, home."""
