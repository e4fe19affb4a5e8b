"""Low-rank adapters on MiniLM's linear layers, shared by the models built on the encoder (the
transformer attribution tagger, the store's sentence encoder): the frozen weight plus
scale * B @ A, with B starting at zero so training starts from the shipped encoder."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import torch


def quiet_transformers() -> None:
    """transformers draws a "Loading weights" bar and load reports on stderr whatever the
    environment says; the library never prints."""
    from transformers.utils import logging

    hf_logging: Any = logging
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()


def adapt_linears(
    model: Any, targets: Sequence[str], rank: int, scale: float, dropout: float = 0.0
) -> None:
    """Wrap every linear layer of `model` whose path ends with one of `targets` in an adapter
    (parameters `lora_a`, `lora_b`; the wrapped layer is `base`)."""
    import torch
    from torch import nn

    class LoraLinear(nn.Module):
        def __init__(self, base: nn.Linear) -> None:
            super().__init__()
            self.base = base
            self.lora_a = nn.Parameter(torch.randn(rank, base.in_features) / rank**0.5 * 0.1)
            self.lora_b = nn.Parameter(torch.zeros(base.out_features, rank))
            self.drop = nn.Dropout(dropout)
            self.scale = scale

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            low_rank = (self.drop(x) @ self.lora_a.T) @ self.lora_b.T
            return self.base(x) + low_rank * self.scale  # type: ignore[no-any-return]

    for name, module in list(model.named_modules()):
        for child_name, child in list(module.named_children()):
            if isinstance(child, nn.Linear) and f"{name}.{child_name}".endswith(tuple(targets)):
                setattr(module, child_name, LoraLinear(child))
