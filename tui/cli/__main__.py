"""``python -m tui.cli``: the same as the ``newsdesk`` command."""

from . import main

raise SystemExit(main())
