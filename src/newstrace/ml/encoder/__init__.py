"""The store's sentence encoder: MiniLM with adapters trained so that a claim's versions lie close
(training only; the runtime is `newstrace.ml.embedding`)."""
