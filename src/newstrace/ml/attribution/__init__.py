"""Attribution models: the CRF and transformer taggers with their merger and source reranker,
the gold-set and PolNeAR scorers; training under `train/`."""
