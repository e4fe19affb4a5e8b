"""The corpus: a store of articles, copy detection between them, and claim traces."""

# The built-in store backends register their URL schemes with `store.open_store` on import.
from . import postgres_store as postgres_store
from . import sqlite_store as sqlite_store
