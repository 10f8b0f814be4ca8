"""``@frozen``: ``@dataclass(frozen=True)`` made in half the time, for the classes every start imports.

A frozen dataclass is six small functions that the dataclasses module writes out as text and
compiles when the class is defined (``__init__``, ``__setattr__``, ``__delattr__``, ``__eq__``,
``__hash__``, ``__repr__``); a cold ``build`` defines some forty such classes, a tenth of its time.
Here dataclasses compiles the first three, which depend on the fields, and the other three are the
same functions for every class, reading its fields: the same equality, hash and repr as
dataclasses' own, on what is still a dataclass (``dataclasses.fields``, ``replace``).
"""

import dataclasses
import reprlib
from collections.abc import Callable
from typing import Any, TypeVar, dataclass_transform

T = TypeVar("T")


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def frozen(cls: type[T]) -> type[T]:
    """The class as ``@dataclass(frozen=True)`` makes it (see the module's description)."""
    made = dataclasses.dataclass(frozen=True, eq=False, repr=False)(cls)
    fields = dataclasses.fields(made)  # type: ignore[arg-type]
    compared = _getter(tuple(field.name for field in fields if field.compare))
    hashed = _getter(tuple(field.name for field in fields
                           if (field.compare if field.hash is None else field.hash)))
    shown = tuple(field.name for field in fields if field.repr)

    def __eq__(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return compared(self) == compared(other)
        return NotImplemented

    def __hash__(self: Any) -> int:
        return hash(hashed(self))

    @reprlib.recursive_repr()
    def __repr__(self: Any) -> str:
        values = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        return f"{self.__class__.__qualname__}({values})"

    own = cls.__dict__  # a class's own methods stay, as dataclasses leaves them
    explicit_hash = "__hash__" in own and not (own["__hash__"] is None and "__eq__" in own)
    for method, keep in ((__eq__, "__eq__" in own), (__hash__, explicit_hash),
                         (__repr__, "__repr__" in own)):
        if not keep:
            method.__qualname__ = f"{cls.__qualname__}.{method.__name__}"
            setattr(made, method.__name__, method)
    return made


def _getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The tuple of these fields of an object, as the dataclasses' methods compare and hash it."""
    return lambda instance: tuple(getattr(instance, name) for name in names)
