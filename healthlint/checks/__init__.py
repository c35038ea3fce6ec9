"""Built-in check kinds. Each is registered under the ``healthlint.checks`` entry-point group."""
