"""``python -m sync.server --data DIR [--port N] …``: the same as ``vanthu axis serve``."""

from __future__ import annotations

import sys

from sync.cli_axis import main_serve

if __name__ == "__main__":
    sys.exit(main_serve(sys.argv[1:]))
