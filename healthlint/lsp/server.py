"""The language server: diagnostics for Markdown, HTML and text documents, and quick fixes.

Diagnostics are published when a document is opened and saved, and after a pause in typing
(debounced, 300 ms by default; ``initializationOptions: {"debounceMs": N}`` changes it). Each
document is linted with the config the CLI would use for its path (``config.discover``, looked up
afresh each time so config edits apply at once), with one :class:`~healthlint.engine.Linter` per
distinct config. Saving a YAML or TOML file (a config or a rule pack) rebuilds the linters.
Findings that carry a suggestion get a quick fix.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.workspace import TextDocument

from healthlint import __version__
from healthlint.config import Config, clear_caches, discover
from healthlint.engine import Linter
from healthlint.findings import Finding
from healthlint.lsp.positions import PositionMap
from healthlint.packs import PackError
from healthlint.parsers import format_for_path
from healthlint.registry import RegistryError
from healthlint.reporters import message_with_suggestion

log = logging.getLogger(__name__)

#: LSP language ids healthlint reads, and the parser format for each.
LANGUAGES = {"markdown": "markdown", "html": "html", "plaintext": "text", "text": "text"}
DEBOUNCE_SECONDS = 0.3
#: Saving a file like these (a config or a rule pack) rebuilds the linters.
SETTINGS_SUFFIXES = (".yaml", ".yml", ".toml")
SEVERITIES = {
    "error": lsp.DiagnosticSeverity.Error,
    "warning": lsp.DiagnosticSeverity.Warning,
    "info": lsp.DiagnosticSeverity.Information,
}


@dataclass
class Linted:
    """The findings published for one version of a document, kept for code actions."""

    version: int | None
    findings: list[Finding]
    positions: PositionMap


class HealthlintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            "healthlint",
            __version__,
            # Whole texts: articles are small, and pygls applies incremental edits with
            # str.splitlines, which also breaks lines at U+2028, form feeds and other characters
            # that scraped web text contains but LSP does not count as line breaks.
            text_document_sync_kind=lsp.TextDocumentSyncKind.Full,
        )
        self.debounce = DEBOUNCE_SECONDS
        self.linters: dict[tuple, Linter] = {}
        self.pending: dict[str, asyncio.TimerHandle] = {}
        self.linted: dict[str, Linted] = {}
        self.reported_errors: set[str] = set()

    # -- linting ---------------------------------------------------------------------------

    def linter_for(self, config: Config) -> Linter:
        key = (config.path, config.key())
        linter = self.linters.get(key)
        if linter is None:
            linter = self.linters[key] = Linter(config)
        return linter

    def lint(self, doc: TextDocument) -> Linted | None:
        """Lint a document as the CLI would lint its file; None when healthlint does not read it."""
        path = doc.path if doc.uri.startswith("file:") else None
        fmt = LANGUAGES.get(doc.language_id or "") or format_for_path(path or doc.uri)
        if fmt is None:
            return None
        text = doc.source
        positions = PositionMap(text, str(self.workspace.position_encoding or "utf-16"))
        try:
            clear_caches()  # cheap (a few stats and one small file): config edits apply at once
            config = discover(path or "-")
            if path and config.is_excluded(path):
                return Linted(doc.version, [], positions)
            findings = self.linter_for(config).lint_text(text, path=path or doc.uri, fmt=fmt)
        except (PackError, RegistryError) as exc:
            self.show_error_once(f"healthlint: {exc}")
            return Linted(doc.version, [], positions)
        return Linted(doc.version, findings, positions)

    def show_error_once(self, message: str) -> None:
        log.error(message)
        if message not in self.reported_errors:
            self.reported_errors.add(message)
            self.window_show_message(
                lsp.ShowMessageParams(type=lsp.MessageType.Error, message=message)
            )

    def publish(self, uri: str) -> Linted | None:
        """Lint the current text of ``uri`` now and publish its diagnostics."""
        self.cancel(uri)
        doc = self.workspace.get_text_document(uri)
        linted = self.lint(doc)
        if linted is None:
            return None
        self.linted[uri] = linted
        diagnostics = [diagnostic(f, linted.positions) for f in linted.findings]
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=doc.version)
        )
        return linted

    def schedule(self, uri: str) -> None:
        """Publish after ``debounce`` seconds without another change to the document."""
        self.cancel(uri)
        loop = asyncio.get_running_loop()
        self.pending[uri] = loop.call_later(self.debounce, self.publish_safely, uri)

    def publish_safely(self, uri: str) -> None:
        self.pending.pop(uri, None)
        try:
            self.publish(uri)
        except Exception:  # a bug must not take the editor's server down
            log.exception("healthlint: linting %s failed", uri)

    def cancel(self, uri: str) -> None:
        handle = self.pending.pop(uri, None)
        if handle is not None:
            handle.cancel()

    def current(self, uri: str) -> Linted | None:
        """The findings for the document's current version (linting now if a change is pending)."""
        doc = self.workspace.get_text_document(uri)
        linted = self.linted.get(uri)
        if linted is None or linted.version != doc.version or uri in self.pending:
            linted = self.publish(uri)
        return linted

    def forget_linters(self) -> None:
        """A config or rule pack was saved: build linters afresh (packs are read then)."""
        self.linters.clear()
        self.reported_errors.clear()


def diagnostic(f: Finding, positions: PositionMap) -> lsp.Diagnostic:
    start, end = positions.position(f.start), positions.position(f.end)
    return lsp.Diagnostic(
        range=lsp.Range(start=lsp.Position(*start), end=lsp.Position(*end)),
        message=message_with_suggestion(f),
        severity=SEVERITIES.get(f.severity, lsp.DiagnosticSeverity.Warning),
        code=f.rule,
        source="healthlint",
        data={"suggestion": f.suggestion} if f.suggestion is not None else None,
    )


def quick_fixes(uri: str, linted: Linted, start: int, end: int) -> list[lsp.CodeAction]:
    """A quick fix for each finding with a suggestion that touches ``[start, end]``."""
    actions = []
    for f in linted.findings:
        if f.suggestion is None or f.end < start or f.start > end:
            continue
        diag = diagnostic(f, linted.positions)
        edit = lsp.TextEdit(range=diag.range, new_text=f.suggestion)
        actions.append(
            lsp.CodeAction(
                title=f"Replace with '{f.suggestion}' ({f.rule})",
                kind=lsp.CodeActionKind.QuickFix,
                diagnostics=[diag],
                is_preferred=True,
                edit=lsp.WorkspaceEdit(changes={uri: [edit]}),
            )
        )
    return actions


def build_server() -> HealthlintServer:
    server = HealthlintServer()

    @server.feature(lsp.INITIALIZE)
    def initialize(ls: HealthlintServer, params: lsp.InitializeParams) -> None:
        options = params.initialization_options
        if isinstance(options, dict) and isinstance(options.get("debounceMs"), (int, float)):
            ls.debounce = max(0.0, options["debounceMs"] / 1000)

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: HealthlintServer, params: lsp.DidOpenTextDocumentParams) -> None:
        ls.publish_safely(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    async def did_change(ls: HealthlintServer, params: lsp.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: HealthlintServer, params: lsp.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        if uri.endswith(SETTINGS_SUFFIXES):
            ls.forget_linters()
            for open_uri in list(ls.workspace.text_documents):
                ls.publish_safely(open_uri)
        else:
            ls.publish_safely(uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: HealthlintServer, params: lsp.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.cancel(uri)
        if ls.linted.pop(uri, None) is not None:
            ls.text_document_publish_diagnostics(
                lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[])
            )

    @server.feature(
        lsp.TEXT_DOCUMENT_CODE_ACTION,
        lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix]),
    )
    def code_action(ls: HealthlintServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
        only = params.context.only
        if only and not any(lsp.CodeActionKind.QuickFix.startswith(kind) for kind in only):
            return []
        uri = params.text_document.uri
        linted = ls.current(uri)
        if linted is None:
            return []
        rng = params.range
        start = linted.positions.offset(rng.start.line, rng.start.character)
        end = linted.positions.offset(rng.end.line, rng.end.character)
        return quick_fixes(uri, linted, start, end)

    @server.feature(lsp.SHUTDOWN)
    def shutdown(ls: HealthlintServer, params: None) -> None:
        for uri in list(ls.pending):
            ls.cancel(uri)

    return server
