"""Writing: what every output family yields, the families a build runs, output folders
staged and put in place together, the planners' pack's second process.
"""
