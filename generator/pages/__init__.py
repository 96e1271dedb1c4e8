"""The site's generated Markdown pages (events, birthdays, journal issues, home) and the
Jinja environment they share with the sheets.
"""
