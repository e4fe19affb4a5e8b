"""Read articles from files, directories, stdin or text: record, txt, JSON, JSONL, CSV/TSV, HTML."""

from newstrace.loaders.dispatch import load, load_text
from newstrace.loaders.options import FORMATS, FieldMap, LoadOptions
from newstrace.loaders.presets import PRESETS

__all__ = ["FORMATS", "PRESETS", "FieldMap", "LoadOptions", "load", "load_text"]
