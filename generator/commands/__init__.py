"""The `club` commands that are not a build: a new event file, a demo club, a spreadsheet
import.
"""
