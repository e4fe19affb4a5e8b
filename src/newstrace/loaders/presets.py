"""Presets: format and column or field mapping of the datasets newstrace trains and tests on."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from newstrace.errors import InputError
from newstrace.loaders.options import FieldMap, LoadOptions
from newstrace.loaders.table import TableLayout, layout_for

TABLE_FORMATS = ("csv", "tsv")

_LIAR_COLUMNS = (
    "id",
    "label",
    "statement",
    "subjects",
    "speaker",
    "speaker_job",
    "state",
    "party",
    "barely_true_count",
    "false_count",
    "half_true_count",
    "mostly_true_count",
    "pants_on_fire_count",
    "context",
)
_FAKENEWSNET = FieldMap(
    text="text", title="title", date="publish_date", outlet="domain", url="url", id="id"
)


@dataclass(frozen=True)
class Preset:
    format: str
    fields: FieldMap
    header: tuple[str, ...] | None = None
    quoted: bool = True


PRESETS: dict[str, Preset] = {
    "fnc1-bodies": Preset("csv", FieldMap(text="articleBody", id="Body ID")),
    "fnc1-stances": Preset("csv", FieldMap(text="Headline")),
    # LIAR's statements hold bare quote characters: fields are read verbatim, never unquoted.
    "liar": Preset("tsv", FieldMap(text="statement", id="id"), header=_LIAR_COLUMNS, quoted=False),
    "clef2019": Preset("csv", FieldMap(text="text")),
    "clef2020": Preset("tsv", FieldMap(text="text")),
    "claimbuster": Preset("json", FieldMap(text="text", id="sentence_id")),
    "politifact": Preset("jsonl", _FAKENEWSNET),
    "gossipcop": Preset("jsonl", _FAKENEWSNET),
}


def apply_preset(options: LoadOptions) -> tuple[LoadOptions, TableLayout | None]:
    """Options with the preset's format and mapping filled in where the caller left them open."""
    if options.preset is None:
        return options, None
    preset = PRESETS.get(options.preset)
    if preset is None:
        known = ", ".join(sorted(PRESETS))
        raise InputError(f"unknown preset {options.preset!r}; known presets: {known}")
    suffix = "_col" if preset.format in TABLE_FORMATS else "_field"
    filled = {
        f"{role}{suffix}": getattr(options, f"{role}{suffix}") or getattr(preset.fields, role)
        for role in ("text", "title", "date", "outlet", "url", "id")
    }
    format_name = options.format or preset.format
    options = dataclasses.replace(options, format=format_name, **filled)
    layout = None
    if format_name in TABLE_FORMATS:
        base = layout_for(format_name)
        layout = dataclasses.replace(base, header=preset.header, quoted=preset.quoted)
    return options, layout
