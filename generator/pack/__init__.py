"""The planners' pack in private/: the roster, the birthday list, their HTML tables and CSV
cells.
"""
