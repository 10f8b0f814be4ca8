"""``@frozen``: a class as ``@dataclass(frozen=True)`` makes it, defined without compiling anything.

The dataclasses module writes six small functions for each frozen dataclass out as text and compiles
them when the class is defined; a cold ``build`` defines some forty such classes, a fifth of its own
time. The functions here are the same for every class and read its fields: the same ``__init__``
(fields in order, defaults, ``field(default_factory=…, compare=False, hash=False, repr=False)``),
equality, hash, repr and ``FrozenInstanceError``, at a microsecond more for each object made.
Type checkers read the class as a frozen dataclass (``dataclass_transform``); ``dataclasses.fields``
and ``replace`` do not apply (nothing here uses them on these classes).
"""

import dataclasses
import inspect
import reprlib
from collections.abc import Callable
from typing import Any, TypeVar, dataclass_transform

T = TypeVar("T")
_MISSING = dataclasses.MISSING


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def frozen(cls: type[T]) -> type[T]:
    """The class as ``@dataclass(frozen=True)`` makes it (see the module's description)."""
    fields: list[dataclasses.Field[Any]] = [
        field for base in reversed(cls.__mro__[1:]) for field in getattr(base, "__frozen_fields__", ())]
    for name, annotation in inspect.get_annotations(cls).items():
        if str(annotation).startswith(("ClassVar", "typing.ClassVar")):
            continue
        given = cls.__dict__.get(name, _MISSING)
        field = given if isinstance(given, dataclasses.Field) else dataclasses.field(default=given)
        field.name = name
        if field.default is _MISSING:
            if name in cls.__dict__:  # a field(default_factory=…) stays no class attribute
                delattr(cls, name)
        else:
            setattr(cls, name, field.default)
        names = [known.name for known in fields]
        if name in names:  # a base's field given again: its place stays, as in dataclasses
            fields[names.index(name)] = field
        else:
            fields.append(field)
    cls.__frozen_fields__ = tuple(fields)  # type: ignore[attr-defined]
    own = dict(cls.__dict__)
    methods = _methods(cls, fields)
    explicit_hash = "__hash__" in own and not (own["__hash__"] is None and "__eq__" in own)
    for name, method in methods.items():
        if name == "__init__" or (name not in own and not (name == "__hash__" and explicit_hash)):
            method.__qualname__ = f"{cls.__qualname__}.{name}"
            setattr(cls, name, method)
    return cls


def _methods(cls: type, fields: list[dataclasses.Field[Any]]) -> dict[str, Callable[..., Any]]:
    names = tuple(field.name for field in fields)
    compared = _getter(tuple(field.name for field in fields if field.compare))
    hashed = _getter(tuple(field.name for field in fields
                           if (field.compare if field.hash is None else field.hash)))
    shown = tuple(field.name for field in fields if field.repr)
    defaults = {field.name: field for field in fields
                if field.default is not _MISSING or field.default_factory is not _MISSING}
    set_value = object.__setattr__

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        values = dict(zip(names, args, strict=False))
        for name, value in kwargs.items():
            if name in values or name not in names:
                raise TypeError(name)  # given twice, or no field: a mistake in the code
            values[name] = value
        if len(args) > len(names):
            raise TypeError(args)
        for name in names:
            if name in values:
                set_value(self, name, values[name])
            elif name in defaults:
                field = defaults[name]
                set_value(self, name, field.default if field.default_factory is _MISSING
                          else field.default_factory())
            else:
                raise TypeError(name)  # a required field not given

    def __setattr__(self: Any, name: str, value: Any) -> None:
        said = f"cannot assign to field {name!r}"  # dataclasses' words
        raise dataclasses.FrozenInstanceError(said)

    def __delattr__(self: Any, name: str) -> None:
        said = f"cannot delete field {name!r}"
        raise dataclasses.FrozenInstanceError(said)

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

    return {"__init__": __init__, "__setattr__": __setattr__, "__delattr__": __delattr__,
            "__eq__": __eq__, "__hash__": __hash__, "__repr__": __repr__}


def _getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The tuple of these fields of an object, as the dataclasses' methods compare and hash it."""
    return lambda instance: tuple(getattr(instance, name) for name in names)
