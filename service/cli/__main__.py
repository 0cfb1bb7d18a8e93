"""`python -m service.cli`: the same as the `inspection-kg` command."""

import sys

from . import main

sys.exit(main())
