"""YAML read strictly, in one place: a key written twice is an error naming both lines (plain
YAML keeps the last one silently), and every problem names the file, line and column.

Used for the settings (``params.yaml``), the field dictionary and tables (``fields.yaml``,
``resources.yaml``) and the message catalogue (``messages.yaml``).

>>> load_yaml("a: 1\\nb: 2\\n", "x.yaml")
{'a': 1, 'b': 2}
>>> load_yaml("a: 1\\na: 2\\n", "x.yaml")
Traceback (most recent call last):
...
ipstats.core.problems.IpstatsError: x.yaml, line 2, column 1: duplicate key 'a' (first on line 1); keep one
"""
from __future__ import annotations

from functools import cache
from typing import Any

from ipstats.core.problems import IpstatsError


@cache
def strict_loader() -> type:
    """A YAML SafeLoader that rejects duplicate keys, naming both lines; libyaml's parser
    (``CSafeLoader``, 8x faster: every command and report kernel reads the field dictionary
    and the message catalogue) where PyYAML was built with it."""
    import yaml  # lazy: yaml only when a YAML file is read (CLI start-up stays light)

    class StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
        pass

    def mapping(loader: Any, node: Any, deep: bool = False) -> Any:
        seen: dict[object, int] = {}
        for key_node, _ in node.value:
            key = loader.construct_object(key_node, deep=True)
            try:
                first = seen.get(key)
            except TypeError:
                continue  # an unhashable key: SafeLoader reports it
            if first is not None:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r} (first on line {first}); keep one",
                    key_node.start_mark)
            seen[key] = key_node.start_mark.line + 1
        return yaml.SafeLoader.construct_mapping(loader, node, deep)

    StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    return StrictLoader


def load_yaml(text: str, source: str, too_deep: str = "") -> Any:
    """Parse ``text`` (read from ``source``, named in errors) with :func:`strict_loader`; any
    problem raises :class:`IpstatsError` with the line and column. ``too_deep``: what to say
    when the text nests too deeply to parse."""
    import yaml  # lazy: see strict_loader

    try:
        return yaml.load(text, Loader=strict_loader())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f", line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = exc.problem or ""
        what = problem if problem.startswith("duplicate key") else (
            f"not valid YAML: {problem}" + (f" ({exc.context})" if exc.context else ""))
        raise IpstatsError(f"{source}{where}: {what}") from None
    except yaml.YAMLError as exc:
        raise IpstatsError(f"{source}: not valid YAML: {exc}") from None
    except RecursionError:
        raise IpstatsError(f"{source}: nested too deeply to read" +
                           (f"; {too_deep}" if too_deep else "")) from None
