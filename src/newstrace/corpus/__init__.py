"""The corpus: a store of articles, copy detection between them, and claim traces."""
