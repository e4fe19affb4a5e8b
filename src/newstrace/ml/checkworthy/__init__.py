"""Check-worthiness of sentences: the shipped linear scorer, the news labels, training."""
