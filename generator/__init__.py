"""club journal: a members' club's site, calendars and printable sheets from YAML."""
