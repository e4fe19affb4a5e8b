"""Stance of a body toward a claim (FNC-1 labels): the shipped trees, FNC-1 reading, training."""
