"""Reading: the club's files into the model, YAML with the position of every value, the
schema, values and run-sheet times, where the files may be.
"""
