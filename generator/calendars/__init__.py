"""iCalendar: the public feeds and each event's file, SEQUENCE from the git history, the
planners' birthday calendar.
"""
