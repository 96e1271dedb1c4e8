"""Writing: what every output family yields, output folders staged and put in place
together, the planners' pack's second process.
"""
