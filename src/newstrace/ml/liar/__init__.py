"""LIAR statement classifier (six-way and binary truth labels): runtime and training."""
