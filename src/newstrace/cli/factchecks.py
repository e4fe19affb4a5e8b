"""`newstrace factchecks import|list|search`: a store of published fact-checks (ClaimReview,
verdict tables) to answer "has this claim been checked before?"."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from newstrace.corpus.factcheck_match import match_claims
from newstrace.corpus.store import open_store
from newstrace.errors import InputError, NewstraceError
from newstrace.loaders.factcheck_table import FactCheckColumns
from newstrace.loaders.factchecks import FACTCHECK_FORMATS
from newstrace.model import FactCheck, PriorCheck
from newstrace.render.view import verdict_text

from .common import check_format, err, fail

group = typer.Typer(
    help="Published fact-checks: import ClaimReview or verdict tables, list and search them.",
    no_args_is_help=True,
)

StorePath = Annotated[str, typer.Option("--store", help="Store file (or URL) to use.")]


def _column(help_text: str) -> Any:
    return typer.Option(help=f"CSV/TSV column with the {help_text}.")


@group.command("import")
def import_command(
    files: Annotated[list[Path], typer.Argument(help="ClaimReview JSON/HTML, CSV or TSV files.")],
    store_path: StorePath,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help=f"Input: {', '.join(FACTCHECK_FORMATS)}.")
    ] = "auto",
    skip_bad: Annotated[
        bool, typer.Option("--skip-bad", help="Skip bad records (listed on stderr).")
    ] = False,
    claim_column: Annotated[str, _column("checked claim")] = "claim",
    verdict_column: Annotated[str, _column("verdict as written")] = "verdict",
    url_column: Annotated[str, _column("fact-check's url")] = "url",
    date_column: Annotated[str, _column("fact-check's date")] = "date",
    publisher_column: Annotated[str, _column("fact-checker's name")] = "publisher",
    speaker_column: Annotated[str, _column("claimant")] = "speaker",
) -> None:
    """Import fact-checks; all files land in one transaction, and re-importing adds nothing."""
    from newstrace.corpus.factcheck_import import import_factchecks

    check_format(fmt, FACTCHECK_FORMATS)
    columns = FactCheckColumns(
        claim=claim_column,
        verdict=verdict_column,
        url=url_column,
        date=date_column,
        publisher=publisher_column,
        speaker=speaker_column,
    )
    try:
        with open_store(store_path) as store:
            summary = import_factchecks(files, store, fmt=fmt, columns=columns, skip_bad=skip_bad)
    except NewstraceError as exc:
        fail(exc)
    for problem in summary.skipped:
        err.print(f"skipped: {problem}", markup=False, soft_wrap=True)
    print(
        f"read {summary.read:,} fact-checks: {summary.stored:,} new, "
        f"{summary.duplicates:,} already stored, {len(summary.skipped):,} bad records skipped"
    )


@group.command("list")
def list_command(
    store_path: StorePath,
    limit: Annotated[int, typer.Option(help="Show at most this many.")] = 20,
    fmt: Annotated[str, typer.Option("--format", "-f", help="Output: text or json.")] = "text",
) -> None:
    """The stored fact-checks, in import order."""
    check_format(fmt, ("text", "json"))
    try:
        with open_store(store_path, read_only=True) as store:
            total = store.factcheck_count()
            checks: list[FactCheck] = []
            for check in store.iter_factchecks():
                if len(checks) >= limit:
                    break
                checks.append(check)
    except NewstraceError as exc:
        fail(exc)
    if fmt == "json":
        print(json.dumps([c.model_dump(mode="json") for c in checks], indent=2, ensure_ascii=False))
        return
    print(f"{total:,} fact-checks stored" + (f"; the first {len(checks)}:" if checks else ""))
    for check in checks:
        print(check_line(check))


@group.command("search")
def search_command(
    claim: Annotated[str, typer.Argument(help="The claim to look up.")],
    store_path: StorePath,
    limit: Annotated[int, typer.Option(help="At most this many matches.")] = 5,
    threshold: Annotated[
        float | None,
        typer.Option(
            help="Lowest match probability shown (0..1; default: the trained matcher's own)."
        ),
    ] = None,
    semantic: Annotated[
        bool,
        typer.Option(
            "--semantic/--lexical",
            help="Use sentence embeddings when newstrace[semantic] is installed (the first "
            "search of a large store encodes its checks once; they are cached).",
        ),
    ] = True,
    fmt: Annotated[str, typer.Option("--format", "-f", help="Output: text or json.")] = "text",
) -> None:
    """Has this claim been fact-checked? The stored checks of it, best first, each with the
    trained matcher's probability that it checks this claim."""
    check_format(fmt, ("text", "json"))
    if not claim.strip():
        fail(InputError("the claim is empty"))
    try:
        with open_store(store_path, read_only=True) as store:
            found = match_claims(
                [claim],
                store,
                limit=limit,
                threshold=threshold,
                semantic=None if semantic else False,
            )[0]
    except NewstraceError as exc:
        fail(exc)
    if fmt == "json":
        print(json.dumps([p.model_dump(mode="json") for p in found], indent=2, ensure_ascii=False))
        return
    if not found:
        err.print(f"no stored fact-check matches {claim!r}", markup=False)
        return
    for rank, prior in enumerate(found, start=1):
        print(f"{rank}. {prior_line(prior)}")


def check_line(check: FactCheck) -> str:
    facts = ", ".join(p for p in (check.publisher, check.date_published, check.url) if p)
    return f"{check.id}  {verdict_text(check.rating, check.verdict)}  {check.claim_reviewed}" + (
        f"  [{facts}]" if facts else ""
    )


def prior_line(prior: PriorCheck) -> str:
    facts = ", ".join(p for p in (prior.publisher, prior.date, prior.url) if p)
    return (
        f"{verdict_text(prior.rating, prior.verdict)}  score {prior.score:.2f}  "
        f"{prior.claim_reviewed}" + (f"  [{facts}]" if facts else "")
    )


def register(app: typer.Typer) -> None:
    """Add the `factchecks` group to the main app."""
    app.add_typer(group, name="factchecks")
