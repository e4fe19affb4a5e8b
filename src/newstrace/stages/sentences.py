"""Sentence spans (char offsets, trimmed of whitespace) from the shared Doc."""

from __future__ import annotations

from .base import Context, Stage


def find_sentences(ctx: Context) -> None:
    text = ctx.article.text
    for sent in ctx.doc.sents:
        start, end = sent.start_char, sent.end_char
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            ctx.sentences.append((start, end))


STAGE = Stage("sentences", reads=("doc",), adds=("sentences",), run=find_sentences)
