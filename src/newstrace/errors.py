"""One exception tree; every error carries a stable code (NT1xx input, NT2xx store, ...)."""

from __future__ import annotations


class NewstraceError(Exception):
    """Base of every error newstrace raises on purpose."""

    code = "NT000"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class InputError(NewstraceError):
    """Input that cannot be read as an article: empty, binary, malformed, too large."""

    code = "NT100"

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        where = ""
        if path is not None:
            where = f"{path}:{line}: " if line is not None else f"{path}: "
        super().__init__(where + message)
        self.path = path
        self.line = line


class EmptyInputError(InputError):
    code = "NT101"


class BinaryInputError(InputError):
    code = "NT102"


class EncodingError(InputError):
    code = "NT103"


class InputTooLargeError(InputError):
    code = "NT104"


class MalformedInputError(InputError):
    """A record that does not parse (bad JSON line, CSV without the text column, ...)."""

    code = "NT105"


class SearchTimeoutError(InputError):
    """A full-text search that ran over its time limit: too broad a query."""

    code = "NT106"


class StoreError(NewstraceError):
    """The article store cannot be opened, read or written."""

    code = "NT200"


class ModelError(NewstraceError):
    """A model (spaCy pipeline or a shipped classifier) is missing or unusable."""

    code = "NT300"


class RatingsError(NewstraceError):
    """A rating list cannot be imported or read."""

    code = "NT400"


class PipelineError(NewstraceError):
    """Stages are wired so that one reads what no earlier stage adds."""

    code = "NT500"


class RequestError(NewstraceError):
    """A web request that cannot be served as sent: bad parameters or an unusable body."""

    code = "NT600"


class NotFoundError(RequestError):
    """The article, outlet or page a request names does not exist."""

    code = "NT601"


class UnsupportedMediaError(RequestError):
    """A request body in a media type the endpoint does not read."""

    code = "NT602"


class AnalysisTimeoutError(RequestError):
    """An analysis ran longer than the configured limit."""

    code = "NT603"


class CrossSiteError(RequestError):
    """A write request sent by another site's page (a forged form post)."""

    code = "NT604"


class ServerBusyError(NewstraceError):
    """Too many analyses are waiting; the client should retry later."""

    code = "NT605"


class ClusterError(NewstraceError):
    """A Dask scheduler that cannot be reached, or a cluster that failed the work."""

    code = "NT700"
