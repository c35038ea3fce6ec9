"""``healthlint lsp`` end to end: a subprocess driven over stdio as an editor would."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest
from integration_helpers import ARTICLE, PACK
from lsp_client import LspClient

from healthlint.lsp.positions import PositionMap, code_units

pytest.importorskip("pygls")


def server_command() -> list[str]:
    script = Path(sys.executable).parent / ("healthlint.exe" if os.name == "nt" else "healthlint")
    if script.exists():
        return [str(script), "lsp", "--stdio"]
    return [sys.executable, "-m", "healthlint.cli", "lsp", "--stdio"]


def diagnostics_for(uri: str, version: int | None = None):
    def match(params: dict) -> bool:
        return params["uri"] == uri and (version is None or params.get("version") == version)

    return match


def ranges(params: dict) -> list[tuple[str, tuple[int, int, int, int]]]:
    out = []
    for d in params["diagnostics"]:
        r = d["range"]
        out.append(
            (
                d["code"],
                (
                    r["start"]["line"],
                    r["start"]["character"],
                    r["end"]["line"],
                    r["end"]["character"],
                ),
            )
        )
    return out


@pytest.fixture
def client(tmp_path):
    (tmp_path / ".healthlint.yaml").write_text(
        f"rules: [{PACK.as_posix()!r}]\nselect: [TST001, HL901]\n", encoding="utf-8"
    )
    lsp = LspClient(server_command(), cwd=str(tmp_path))
    try:
        result = lsp.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": tmp_path.as_uri(),
                "capabilities": {
                    "general": {"positionEncodings": ["utf-16"]},
                    "textDocument": {"publishDiagnostics": {"versionSupport": True}},
                },
            },
            timeout=30,
        )
        capabilities = result["capabilities"]
        assert capabilities["positionEncoding"] == "utf-16"
        assert capabilities["textDocumentSync"]["change"] == 1  # full texts
        assert capabilities["codeActionProvider"]["codeActionKinds"] == ["quickfix"]
        lsp.notify("initialized", {})
        yield lsp
    finally:
        lsp.close()


def test_diagnostics_quick_fix_and_lifecycle(client, tmp_path):
    uri = (tmp_path / "article.md").as_uri()
    # A language healthlint does not read gets no diagnostics (its publish would come first).
    client.notify(
        "textDocument/didOpen",
        {
            "textDocument": {
                "uri": (tmp_path / "x.py").as_uri(),
                "languageId": "python",
                "version": 1,
                "text": "miracle cure = 1\n",
            }
        },
    )
    client.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": ARTICLE}},
    )
    opened = client.wait_for("textDocument/publishDiagnostics")
    assert opened["uri"] == uri
    assert opened["version"] == 1
    # UTF-16: "Our " (4) + the emoji (2 units) + " tea is a " (10) = 16, 0-based lines.
    assert ranges(opened) == [("TST001", (2, 16, 2, 28)), ("HL901", (4, 0, 4, 13))]
    cure = opened["diagnostics"][0]
    assert cure["severity"] == 2
    assert cure["source"] == "healthlint"
    assert cure["message"].startswith("'miracle cure' oversells")

    # Two quick edits (whole texts, as the server asks): only the last version is linted
    # (debounced), with ranges that moved down and right.
    edited = ARTICLE.replace("\n\n", "\n\nIntro.\n\n", 1)
    client.notify(
        "textDocument/didChange",
        {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": edited}]},
    )
    edited = edited.replace("Our ", "Our \U0001f375", 1)
    client.notify(
        "textDocument/didChange",
        {"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": edited}]},
    )
    start = time.monotonic()
    changed = client.wait_for("textDocument/publishDiagnostics", diagnostics_for(uri))
    assert changed["version"] == 3
    assert time.monotonic() - start >= 0.2  # waited for a pause in typing
    assert ranges(changed) == [("TST001", (4, 18, 4, 30)), ("HL901", (6, 0, 6, 13))]

    actions = client.request(
        "textDocument/codeAction",
        {
            "textDocument": {"uri": uri},
            "range": {"start": {"line": 4, "character": 20}, "end": {"line": 4, "character": 20}},
            "context": {"diagnostics": [changed["diagnostics"][0]]},
        },
    )
    (action,) = actions
    assert action["kind"] == "quickfix"
    assert action["title"] == "Replace with 'remedy' (TST001)"
    (edit,) = action["edit"]["changes"][uri]
    assert edit == {
        "range": {"start": {"line": 4, "character": 18}, "end": {"line": 4, "character": 30}},
        "newText": "remedy",
    }
    nothing = client.request(
        "textDocument/codeAction",
        {
            "textDocument": {"uri": uri},
            "range": {"start": {"line": 6, "character": 2}, "end": {"line": 6, "character": 2}},
            "context": {"diagnostics": []},
        },
    )
    assert nothing == []  # HL901 has no suggestion
    other_kind = client.request(
        "textDocument/codeAction",
        {
            "textDocument": {"uri": uri},
            "range": {"start": {"line": 4, "character": 20}, "end": {"line": 4, "character": 20}},
            "context": {"diagnostics": [], "only": ["source.organizeImports"]},
        },
    )
    assert other_kind == []

    client.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
    saved = client.wait_for("textDocument/publishDiagnostics", diagnostics_for(uri))
    assert ranges(saved) == ranges(changed)

    # Config edits apply at the next lint, without restarting the server.
    (tmp_path / ".healthlint.yaml").write_text(
        f"rules: [{PACK.as_posix()!r}]\nselect: [HL901]\n", encoding="utf-8"
    )
    client.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
    reconfigured = client.wait_for("textDocument/publishDiagnostics", diagnostics_for(uri))
    assert ranges(reconfigured) == [("HL901", (6, 0, 6, 13))]

    client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    closed = client.wait_for("textDocument/publishDiagnostics", diagnostics_for(uri))
    assert closed["diagnostics"] == []
    assert not [n for n in client.notifications if n["params"].get("uri", "").endswith("x.py")]

    assert client.request("shutdown", None) is None
    client.notify("exit", None)
    assert client.proc.wait(timeout=10) == 0


def test_position_map_counts_utf16_units_and_lsp_line_breaks():
    text = "a\U0001f375b\r\nc\u2028d\re"
    positions = PositionMap(text)
    assert positions.position(2) == (0, 3)  # after the emoji: 1 + 2 units
    assert positions.position(5) == (1, 0)  # CRLF is one break
    assert positions.position(7) == (1, 2)  # U+2028 is not a line break in LSP
    assert positions.position(9) == (2, 0)
    assert positions.offset(0, 3) == 2
    assert positions.offset(0, 99) == 3  # clamped to the line's end
    assert positions.offset(9, 0) == len(text)
    assert PositionMap(text, "utf-8").position(2) == (0, 5)
    assert code_units("\U0001f375", "utf-32") == 1


def test_check_does_not_import_the_language_server(tmp_path):
    import subprocess

    (tmp_path / "a.md").write_text(ARTICLE, encoding="utf-8")
    code = (
        "import sys; from healthlint.cli import main; "
        "main(['check', '--isolated', '--format', 'sarif', 'a.md']); "
        "sys.exit(3 if 'pygls' in sys.modules or 'lsprotocol' in sys.modules else 0)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, timeout=60
    )
    assert done.returncode == 0, done.stderr.decode()


def test_lsp_without_pygls_says_how_to_install_it(monkeypatch, capsys):
    from healthlint.cli import main

    monkeypatch.setitem(sys.modules, "healthlint.lsp.server", None)  # as if pygls were missing
    assert main(["lsp"]) == 2
    assert "pip install 'healthlint[lsp]'" in capsys.readouterr().err
