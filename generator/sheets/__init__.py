"""Printable sheets (WeasyPrint): run-of-show, host script, agenda, the journal's print
edition; their cache and fonts.
"""
