"""Payband's benchmark knowledge: the data file, its validating loader and pure queries.

No Rasa import lives here, so this layer is tested in milliseconds and can
serve any front end.
"""
