"""Third-party check kinds plug in through the ``healthlint.checks`` entry-point group."""

from __future__ import annotations

import sys
import textwrap

from healthlint import registry
from healthlint.config import Config
from healthlint.engine import Linter, Options


def test_a_plugin_kind_registered_by_entry_point_runs(tmp_path, monkeypatch):
    (tmp_path / "shouty_plugin.py").write_text(
        textwrap.dedent("""\
        from healthlint.checks.base import CheckKind, Param

        class ShoutCheck(CheckKind):
            name = "shout"
            summary = "Words written in capitals."
            params = {"min_length": Param((int,), help="shortest word to flag")}

            def check(self, doc, report):
                for rule in self.rules:
                    size = rule.params.get("min_length", 4)
                    for block in doc.blocks:
                        start = None
                        for i, ch in enumerate(block.text + " "):
                            if ch.isupper() and start is None:
                                start = i
                            elif not ch.isupper():
                                if start is not None and i - start >= size:
                                    report.at_text(rule, block, start, i)
                                start = None
        """)
    )
    dist = tmp_path / "shouty_plugin-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: shouty-plugin\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text(
        "[healthlint.checks]\nshout = shouty_plugin:ShoutCheck\n"
    )
    pack = tmp_path / "shout.yaml"
    pack.write_text(
        textwrap.dedent("""\
        rules:
          - code: SH100
            name: shouting
            category: promotional
            severity: warning
            kind: shout
            min_length: 3
            message: "Shouting: {match}"
        """)
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    registry.check_kinds.cache_clear()
    try:
        linter = Linter(Config(), Options(select=["SH100"], rules=[str(pack)]))
        findings = linter.lint_text("Get it NOW at a LOW price, ok?\n", path="x.txt")
        assert [(f.column, f.message) for f in findings] == [
            (8, "Shouting: NOW"),
            (17, "Shouting: LOW"),
        ]
    finally:
        registry.check_kinds.cache_clear()
        sys.modules.pop("shouty_plugin", None)
