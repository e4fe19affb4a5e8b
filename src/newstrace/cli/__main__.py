"""`python -m newstrace.cli`: the same as the `newstrace` command."""

from newstrace.cli import main

main()
