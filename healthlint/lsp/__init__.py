"""``healthlint lsp``: the language server. pygls is imported only when the server starts.

Install it with ``pip install 'healthlint[lsp]'``.
"""

from __future__ import annotations

import sys


def serve() -> int:
    """Run the server over stdio until the client says exit; 2 when pygls is missing."""
    try:
        from healthlint.lsp.server import build_server
    except ImportError as exc:
        print(
            f"healthlint: error: the language server needs pygls ({exc}); "
            "install it with: pip install 'healthlint[lsp]'",
            file=sys.stderr,
        )
        return 2
    build_server().start_io()
    return 0
