"""Training for the attribution models (imported only by `newstrace train` / `eval`)."""
