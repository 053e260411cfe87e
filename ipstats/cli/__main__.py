"""``python -m ipstats.cli``: the same as the ``ipstats`` command."""
import sys

from ipstats.cli.main import main

sys.exit(main())
