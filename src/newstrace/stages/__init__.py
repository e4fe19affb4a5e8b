"""The analysis stages: one module per step over one parsed Doc (see `base.Stage`)."""
