"""Rule packs: YAML files with a top-level ``rules:`` list, loaded safely and validated.

Every rule, built-in or not, is data: its code, name, category, severity, message, the check
kind that runs it, its scope, the kind's parameters, and documentation with examples that are
flagged and examples that pass. Validation errors name the pack file and the line.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from healthlint.findings import CATEGORIES, SEVERITIES

#: "prose" (every prose block, the default) and the kinds of prose block ("meta": an HTML page's
#: description, keywords and social-card tags; "keywords": its keywords tag alone).
BLOCK_SCOPES = (
    "prose",
    "title",
    "heading",
    "paragraph",
    "list-item",
    "table-cell",
    "quote",
    "meta",
    "keywords",
)
#: Where a rule may look: prose blocks, front matter, sentences, link parts, the whole document.
SCOPES = (*BLOCK_SCOPES, "front-matter", "sentence", "link-text", "link-target", "document")

_CODE = re.compile(r"^[A-Z]{1,8}[0-9]{3,4}$")
_NAME = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
_COMMON_KEYS = {
    "code",
    "name",
    "category",
    "severity",
    "message",
    "kind",
    "scope",
    "description",
    "examples",
    "enabled",
    "url",
}
MAX_PACK_BYTES = 8 * 1024 * 1024
MAX_RULES_PER_PACK = 5000


class PackError(Exception):
    """A rule pack (or config file) is invalid: the message names the file and line."""


@dataclass(eq=False)
class Rule:
    """One rule, as written in its pack."""

    code: str
    name: str
    category: str
    severity: str
    message: str
    kind: str
    scope: tuple[str, ...]
    params: dict[str, Any]
    description: str = ""
    examples_flagged: list[dict] = field(default_factory=list)
    examples_passing: list[dict] = field(default_factory=list)
    pack: str = ""
    line: int = 0
    enabled: bool = True
    url: str = ""

    @property
    def where(self) -> str:
        return f"{self.pack}:{self.line}"

    def format_message(self, **values: Any) -> str:
        """The rule's message with ``{placeholders}`` filled; unknown ones are left as written."""
        return _PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), self.message)


_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


#: Values a YAML document may expand to, counting every use of an alias (``*name``) in full.
MAX_YAML_VALUES = 1_000_000


def _expanded_size(node: Any, memo: dict[int, int]) -> int:
    """How many values ``node`` stands for with every alias written out (memoised: linear)."""
    import yaml

    key = id(node)
    if key not in memo:
        memo[key] = 1  # a recursive alias counts once
        if isinstance(node, yaml.SequenceNode):
            memo[key] = 1 + sum(_expanded_size(child, memo) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            memo[key] = 1 + sum(
                _expanded_size(k, memo) + _expanded_size(v, memo) for k, v in node.value
            )
    return memo[key]


@lru_cache(maxsize=2)
def safe_loader(lines: bool = False) -> type:
    """PyYAML's safe loader (libyaml's when available), refusing alias bombs.

    Aliases are shared when loaded, but code that walks the result (validation, matching) would
    visit every expansion: a few lines of nested aliases ("billion laughs") would hang it. With
    ``lines``, every mapping also records its line (as ``__line__``) for error messages. Built on
    first use: with compiled packs cached, most runs never parse YAML at all.
    """
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: ~10x faster

    class Loader(base):  # type: ignore[misc, valid-type]
        def construct_document(self, node):
            if _expanded_size(node, {}) > MAX_YAML_VALUES:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"aliases expand to more than {MAX_YAML_VALUES} values",
                    node.start_mark,
                )
            return super().construct_document(node)

    if lines:

        def construct_mapping(loader, node) -> dict:
            mapping = loader.construct_mapping(node, deep=True)
            mapping["__line__"] = node.start_mark.line + 1
            return mapping

        Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    return Loader


def load_yaml(path: str | os.PathLike, text: str | None = None, limit: bool = True) -> Any:
    """Load YAML safely; any error becomes a PackError naming the file and line."""
    import yaml

    path = str(path)
    try:
        if text is None:
            if limit and os.path.getsize(path) > MAX_PACK_BYTES:
                raise PackError(f"{path}: larger than {MAX_PACK_BYTES // (1024 * 1024)} MB")
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
        return yaml.load(text, Loader=safe_loader(lines=True))  # noqa: S506 - a safe loader
    except PackError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f":{mark.line + 1}" if mark else ""
        problem = exc.problem or str(exc).splitlines()[0]
        raise PackError(f"{path}{line}: invalid YAML: {problem}") from None
    except RecursionError:
        raise PackError(f"{path}: invalid YAML: nested too deeply") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise PackError(f"{path}: cannot read: {exc}") from None


def strip_lines(value: Any) -> Any:
    """Drop the ``__line__`` bookkeeping from loaded YAML."""
    if isinstance(value, dict):
        return {k: strip_lines(v) for k, v in value.items() if k != "__line__"}
    if isinstance(value, list):
        return [strip_lines(v) for v in value]
    return value


def _examples(value: Any, where: str) -> list[dict]:
    out = []
    for item in value or []:
        if isinstance(item, str):
            out.append({"text": item, "format": "text"})
        elif isinstance(item, dict) and isinstance(item.get("text"), str):
            out.append({"text": item["text"], "format": item.get("format", "text")})
        else:
            raise PackError(f"{where}: an example is a string or a map with 'text'")
    return out


def parse_rule(raw: Any, path: str, known_kinds: dict[str, Any] | None) -> Rule:
    """Validate one rule mapping and turn it into a Rule."""
    line = raw.get("__line__", 0) if isinstance(raw, dict) else 0
    where = f"{path}:{line}"
    if not isinstance(raw, dict):
        raise PackError(f"{where}: each rule must be a mapping")
    for key in ("code", "name", "category", "severity", "message", "kind"):
        if not isinstance(raw.get(key), str) or not raw.get(key):
            raise PackError(f"{where}: rule is missing '{key}' (a string)")
    code, name = raw["code"], raw["name"]
    if not _CODE.match(code):
        raise PackError(f"{where}: code {code!r} must look like HL101 (letters then digits)")
    if not _NAME.match(name):
        raise PackError(f"{where}: name {name!r} must be kebab-case")
    if raw["category"] not in CATEGORIES:
        raise PackError(
            f"{where}: {code}: category {raw['category']!r} is not one of {', '.join(CATEGORIES)}"
        )
    if raw["severity"] not in SEVERITIES:
        raise PackError(f"{where}: {code}: severity must be one of {', '.join(SEVERITIES)}")
    scope = raw.get("scope", "prose")
    scopes = tuple(scope) if isinstance(scope, list) else (scope,)
    for item in scopes:
        if item not in SCOPES:
            raise PackError(f"{where}: {code}: scope {item!r} is not one of {', '.join(SCOPES)}")
    examples = raw.get("examples") or {}
    if not isinstance(examples, dict):
        raise PackError(f"{where}: {code}: 'examples' must map 'flagged' and 'passing' to lists")
    params = {
        k: strip_lines(v) for k, v in raw.items() if k not in _COMMON_KEYS and k != "__line__"
    }
    rule = Rule(
        code=code,
        name=name,
        category=raw["category"],
        severity=raw["severity"],
        message=raw["message"],
        kind=raw["kind"],
        scope=scopes,
        params=params,
        description=str(raw.get("description", "")).strip(),
        examples_flagged=_examples(examples.get("flagged"), where),
        examples_passing=_examples(examples.get("passing"), where),
        pack=path,
        line=line,
        enabled=bool(raw.get("enabled", True)),
        url=str(raw.get("url", "")),
    )
    if known_kinds is not None:
        kind = known_kinds.get(rule.kind)
        if kind is None:
            raise PackError(
                f"{where}: {code}: unknown kind {rule.kind!r} (known: {', '.join(sorted(known_kinds))})"
            )
        try:
            kind.validate(rule)
        except PackError as exc:
            raise PackError(f"{where}: {code}: {exc}") from None
    return rule


#: The name of a pattern in a pack's ``define:`` map, and its use in a rule: ``(?&medicines)``.
_DEFINE_NAME = r"[a-z][a-z0-9_-]*"
_DEFINED = re.compile(rf"\(\?&({_DEFINE_NAME})\)")
#: A named pattern may use earlier ones; past this size it is a blow-up, not a word list.
MAX_DEFINITION_CHARS = 100_000


def _definitions(data: dict, path: str) -> dict[str, str]:
    """A pack's ``define:`` map of named patterns, each already expanded and grouped.

    A word list that several rules (or several triggers of one rule) need, such as the names of
    medicines, is written once and used as ``(?&name)``. A definition may use earlier ones.
    """
    raw = data.get("define") or {}
    if not isinstance(raw, dict):
        raise PackError(f"{path}: 'define' must map names to regular expressions")
    defined: dict[str, str] = {}
    for name, pattern in raw.items():
        if name == "__line__":
            continue
        if not isinstance(pattern, str) or not re.fullmatch(_DEFINE_NAME, str(name)):
            raise PackError(f"{path}: define: {name!r} must be a lower-case name with a pattern")
        defined[name] = "(?:" + _expand(pattern, defined, f"{path}: define: {name}") + ")"
        if len(defined[name]) > MAX_DEFINITION_CHARS:
            raise PackError(
                f"{path}: define: {name} expands to more than {MAX_DEFINITION_CHARS} characters"
            )
    return defined


def _expand(value: Any, defined: dict[str, str], where: str) -> Any:
    """``value`` with every ``(?&name)`` in its strings replaced by the named pattern."""
    if isinstance(value, str):

        def replace(match: re.Match) -> str:
            if match.group(1) not in defined:
                raise PackError(f"{where}: (?&{match.group(1)}) is not defined in the pack")
            return defined[match.group(1)]

        return _DEFINED.sub(replace, value)
    if isinstance(value, list):
        return [_expand(v, defined, where) for v in value]
    if isinstance(value, dict):
        return {k: _expand(v, defined, where) for k, v in value.items()}
    return value


def load_pack(
    path: str | os.PathLike, known_kinds: dict[str, Any] | None = None, trusted: bool = False
) -> list[Rule]:
    """Load and validate one pack file."""
    path = str(path)
    data = load_yaml(path, limit=not trusted)  # size limits are for packs from the linted tree
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise PackError(f"{path}:1: a rule pack needs a top-level 'rules:' list")
    if not trusted and len(data["rules"]) > MAX_RULES_PER_PACK:
        raise PackError(f"{path}: more than {MAX_RULES_PER_PACK} rules")
    defined = _definitions(data, path)
    rules = [
        parse_rule(_expand_rule(raw, defined, path), path, known_kinds) for raw in data["rules"]
    ]
    seen: dict[str, Rule] = {}
    for rule in rules:
        if rule.code in seen:
            raise PackError(
                f"{rule.where}: code {rule.code} is already used at line {seen[rule.code].line}"
            )
        seen[rule.code] = rule
    return rules


def _expand_rule(raw: Any, defined: dict[str, str], path: str) -> Any:
    """A rule with named patterns expanded in its parameters (not in its prose or examples)."""
    if not isinstance(raw, dict):
        return raw
    where = f"{path}:{raw.get('__line__', 0)}"
    return {
        k: v if k in _COMMON_KEYS or k == "__line__" else _expand(v, defined, where)
        for k, v in raw.items()
    }


def pack_files(path: str | os.PathLike) -> list[Path]:
    """The pack files named by a path: the file itself, or every .yaml/.yml in a folder."""
    p = Path(path)
    if p.is_dir():
        return sorted(q for q in p.iterdir() if q.suffix in (".yaml", ".yml") and q.is_file())
    if p.is_file():
        return [p]
    raise PackError(f"{path}: no such rule pack")


def builtin_pack_dir() -> Path:
    """The built-in packs: inside the installed package, or ``rules/`` beside the source tree."""
    here = Path(__file__).resolve().parent
    installed = here / "rules"
    if installed.is_dir():
        return installed
    return here.parent / "rules"
