"""A report's content frozen as JSON at its approval, and read back: the frozen report is laid out from what
was approved, never from the status reports as they are later."""

import dataclasses
import types
import typing
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

from torju.programme.documents.report_content import PublicationContent

T = TypeVar("T")


def to_data(content: PublicationContent) -> dict[str, Any]:
    """The content as JSON-ready data (tuples become lists)."""
    return dataclasses.asdict(content)


def _read(hint: Any, value: Any) -> Any:
    origin = get_origin(hint)
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return from_data(hint, value)
    if origin is list:
        [item] = get_args(hint)
        return [_read(item, element) for element in value]
    if origin is tuple:
        return tuple(_read(item, element) for item, element in zip(get_args(hint), value, strict=True))
    if origin is dict:
        key, item = get_args(hint)
        return {_read(key, k): _read(item, v) for k, v in value.items()}
    if origin in (Union, types.UnionType):
        return value
    if origin is typing.Literal:
        return value
    return value


def from_data(cls: type[T], data: dict[str, Any]) -> T:
    """The dataclass `cls` (and the dataclasses inside it) rebuilt from to_data's output."""
    hints = get_type_hints(cls)
    fields = {field.name for field in dataclasses.fields(cls)}  # type: ignore[arg-type]
    return cls(**{name: _read(hints[name], value) for name, value in data.items() if name in fields})
