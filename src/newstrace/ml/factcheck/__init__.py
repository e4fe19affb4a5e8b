"""Has this claim been fact-checked before? Checked claims ranked for a query, with a probability.

Pure functions over in-memory data: the fact-check store builds a `FactCheckIndex` from its
claims and asks it for the best matches with a calibrated probability; nothing here reads a store.
"""
