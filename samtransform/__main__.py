"""`python -m samtransform` is the `samtransform` command."""

import sys

from .cli import main

sys.exit(main())
