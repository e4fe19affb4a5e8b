"""The web app and HTTP API: `create_app()`, served by `newstrace serve`."""

from newstrace.web.app import create_app

__all__ = ["create_app"]
