"""``python -m inquirygen``: the same as the ``inquirygen`` command."""

from .cli import main

main()
