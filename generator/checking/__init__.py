"""Checking: the rules across files (members named by events, overlaps, capacity) and who
an event's audience selects.
"""
