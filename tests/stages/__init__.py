"""Specification tests for the analysis stages, one module per stage."""
