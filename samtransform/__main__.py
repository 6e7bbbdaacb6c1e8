"""`python -m samtransform` is the `samtransform` command."""

from .cli import run

run()
