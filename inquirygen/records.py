"""Plain immutable records of what people write, checked without pydantic where a value surely passes.

The pydantic models (``schema.py``, ``config.py``) say what a valid answer file, snippet front matter
or inquirygen.yaml is, in every message and in the JSON Schemas; but building them takes a good part
of a cold start. The later stages read records instead (``answerfile.py``, ``settings.py``): one class
per model, of the same name and fields. :meth:`Record.checked` reads a value the common way, the way
a valid file is written, exactly as the model would; wherever it is not sure (an unknown key, a
value that does not fit, anything unusual), it gives ``None`` and the model decides, with its
messages. ``tests/test_records.py`` holds both to the same results.

A field is an annotation: ``Line``, ``GermanDate``, ``list[…]``, ``dict[str, …]``, ``… | None``, a
``Literal``, another record; a value (``None``, ``""``) or ``factory(list)`` gives its default, none
makes it required.
"""

import datetime
import inspect
import re
import types
import typing
from collections.abc import Callable
from typing import Annotated, Any, ClassVar, Literal, TypeVar, Union

T = TypeVar("T")
Rec = TypeVar("Rec", bound="Record")
# What a checker returns when it cannot vouch for a value: the model is asked instead.
UNSURE: Any = type("Unsure", (), {"__repr__": lambda self: "UNSURE"})()
Checker = Callable[[Any], Any]


class Rule:
    """A check and conversion of a text (``Annotated[str, Rule(…)]``): ``convert`` gives the value
    the model's validators give, or ``UNSURE`` where they might refuse it."""

    def __init__(self, convert: Callable[[str], Any]) -> None:
        self.convert = convert


class Size:
    """A list's length, as pydantic's ``min_length`` and ``max_length`` say it."""

    def __init__(self, least: int, most: int) -> None:
        self.least, self.most = least, most


class Above:
    """A number above ``low`` and at most ``high`` (pydantic's ``gt`` and ``le``)."""

    def __init__(self, low: float, high: float) -> None:
        self.low, self.high = low, high

    def holds(self, number: float) -> bool:
        return self.low < number <= self.high


class AtLeast(Above):
    """A number from ``low`` to ``high`` (pydantic's ``ge`` and ``le``)."""

    def holds(self, number: float) -> bool:
        return self.low <= number <= self.high


class Upper:
    """A text taken in capitals before it is checked (``form: a`` is form A)."""


class _Factory:
    def __init__(self, make: Callable[[], Any]) -> None:
        self.make = make


def factory(make: Callable[[], T]) -> T:
    """A default made anew for each record (``factory(list)``), as pydantic's ``default_factory``."""
    return typing.cast(T, _Factory(make))


_REQUIRED: Any = object()


class Record:
    """An immutable record of checked values (see the module's description)."""

    _fields: ClassVar[dict[str, tuple[Checker, Any]]] = {}
    model_fields_set: set[str]  # the fields the data gave, as pydantic's (the others have defaults)

    def __init_subclass__(cls) -> None:
        fields = dict(cls._fields)  # the bases' fields first, as pydantic orders them
        for name, annotation in inspect.get_annotations(cls).items():
            fields[name] = (_checker(annotation), cls.__dict__.get(name, _REQUIRED))
        cls._fields = fields

    def __init__(self, **values: Any) -> None:
        """A record of values known to be valid (made in code): as the model would, it is given them
        unchecked."""
        given = set(values)
        for name, (_check, default) in self._fields.items():
            if name in values:
                value = values.pop(name)
            elif default is _REQUIRED:
                raise TypeError(name)  # a required field not given: a mistake in the code
            else:
                value = default.make() if isinstance(default, _Factory) else default
            object.__setattr__(self, name, value)
        if values:
            raise TypeError(*values)  # no such field
        object.__setattr__(self, "model_fields_set", given)

    @classmethod
    def _made(cls: type[Rec], values: dict[str, Any], given: set[str]) -> Rec:
        record = cls.__new__(cls)
        record.__dict__.update(values)
        record.__dict__["model_fields_set"] = given
        return record

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(name)  # frozen, as the models are

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and \
            tuple(map(self.__dict__.get, self._fields)) == tuple(map(other.__dict__.get, self._fields))

    def __hash__(self) -> int:
        return hash((type(self), *(getattr(self, name) for name in self._fields)))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__name__}({shown})"

    def model_dump(self, *, exclude_none: bool = False, exclude_unset: bool = False) -> dict[str, Any]:
        """The values as plain data, records as dictionaries: as pydantic's ``model_dump``."""
        given: set[str] = self.__dict__["model_fields_set"]
        return {name: _dumped(getattr(self, name), exclude_none, exclude_unset)
                for name in self._fields
                if not (exclude_unset and name not in given)
                and not (exclude_none and getattr(self, name) is None)}

    @classmethod
    def checked(cls: type[Rec], data: object) -> Rec | None:
        """``data`` read from YAML as the record it surely is, or ``None`` for the model to judge."""
        result = cls._check(data)
        return None if result is UNSURE else typing.cast(Rec, result)

    @classmethod
    def _check(cls, data: Any) -> Any:
        if type(data) is cls:
            return data
        if type(data) is not dict or not all(key in cls._fields for key in data):
            return UNSURE  # not a mapping, or an unknown key: the model says which
        values = {}
        for name, (check, default) in cls._fields.items():
            if name in data:
                value = check(data[name])
                if value is UNSURE:
                    return UNSURE
            elif default is _REQUIRED:
                return UNSURE
            else:
                value = default.make() if isinstance(default, _Factory) else default
            values[name] = value
        return cls._made(values, set(data))

    @classmethod
    def validate(cls: type[Rec], data: object) -> Rec:
        """``data`` as the record, checked here or by the model (whose ``ValidationError`` says why not)."""
        record = cls.checked(data)
        return record if record is not None else from_model(cls, cls.model().model_validate(data))

    @classmethod
    def model(cls) -> Any:
        """The pydantic model of this record (loading pydantic): ``schema.X`` or ``config.X``."""
        from . import config, schema

        return getattr(schema, cls.__name__, None) or getattr(config, cls.__name__)


def record_class(name: str) -> type[Record]:
    """The record of the model called ``name``."""
    from . import answerfile, settings

    found = getattr(answerfile, name, None) or getattr(settings, name)
    assert isinstance(found, type) and issubclass(found, Record), name
    return found


def from_model(cls: type[Rec], model: Any) -> Rec:
    """The record of a validated pydantic model (its nested models become records of their names)."""
    return cls._made({name: _from_model(getattr(model, name)) for name in cls._fields},
                     set(model.model_fields_set))


def _from_model(value: Any) -> Any:
    if isinstance(value, list):
        return [_from_model(item) for item in value]
    if isinstance(value, dict):
        return {key: _from_model(item) for key, item in value.items()}
    if hasattr(value, "model_fields_set"):
        return from_model(record_class(type(value).__name__), value)
    return value


def _dumped(value: Any, exclude_none: bool, exclude_unset: bool) -> Any:
    if isinstance(value, Record):
        return value.model_dump(exclude_none=exclude_none, exclude_unset=exclude_unset)
    if isinstance(value, list):
        return [_dumped(item, exclude_none, exclude_unset) for item in value]
    if isinstance(value, dict):
        return {key: _dumped(item, exclude_none, exclude_unset) for key, item in value.items()}
    return value


# -- checkers: value → what the model makes of it, or UNSURE --------------------------------------

def _checker(annotation: Any) -> Checker:
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is Annotated:
        return _annotated(_checker(args[0]), args[1:])
    if origin in (Union, types.UnionType):
        return _union([_checker(arg) for arg in args if arg is not type(None)],
                      [arg for arg in args if arg is not type(None)], type(None) in args)
    if origin is list:
        item = _checker(args[0])
        return lambda value: _each(value, item) if type(value) is list else UNSURE
    if origin is dict:
        entry = _checker(args[1])
        return lambda value: _entries(value, entry) if type(value) is dict else UNSURE
    if origin is Literal:
        choices = frozenset(args)
        return lambda value: value if type(value) is str and value in choices else UNSURE
    if _is_record(annotation):
        return typing.cast(Checker, annotation._check)
    if annotation in (str, datetime.date):  # a date is read from its text, by a Rule
        return lambda value: value if type(value) is str else UNSURE
    if annotation is bool:
        return _boolean
    if annotation is float:
        return _number
    if annotation is int:
        return _whole
    raise TypeError(annotation)  # a kind of field this module cannot check yet


def _annotated(inner: Checker, metadata: tuple[Any, ...]) -> Checker:
    check = inner
    for item in metadata:
        if isinstance(item, Rule):
            check = _then(check, item.convert)
        elif isinstance(item, Size):
            check = _sized(check, item)
        elif isinstance(item, Above):
            check = _between(check, item)
        elif isinstance(item, Upper):
            check = _upper(check)
    return check


def _then(check: Checker, convert: Callable[[str], Any]) -> Checker:
    def checked(value: Any) -> Any:
        value = check(value)
        return UNSURE if value is UNSURE else convert(value)
    return checked


def _sized(check: Checker, size: Size) -> Checker:
    return lambda value: check(value) if type(value) is list and size.least <= len(value) <= size.most \
        else UNSURE


def _between(check: Checker, bound: Above) -> Checker:
    def checked(value: Any) -> Any:
        number = check(value)
        return number if number is not UNSURE and bound.holds(number) else UNSURE
    return checked


def _upper(check: Checker) -> Checker:
    return lambda value: check(value.upper() if type(value) is str else value)


def _union(checks: list[Checker], options: list[Any], nullable: bool) -> Checker:
    """``A | B | None`` on a value read from YAML: ``None`` if allowed; a mapping is the one record
    among the options, a text the one option that is no record (with one of each, as in ``see:`` and
    ``signatory:``, the model's choice is the same); anything else is the model's to judge."""
    records = [check for check, option in zip(checks, options, strict=True) if _is_record(option)]
    others = [check for check, option in zip(checks, options, strict=True) if not _is_record(option)]

    def check(value: Any) -> Any:
        if value is None:
            return None if nullable else UNSURE
        if type(value) is dict and len(records) == 1:
            return records[0](value)
        if type(value) is not dict and len(others) == 1:
            return others[0](value)
        return UNSURE
    return check


def _is_record(option: Any) -> bool:
    return isinstance(option, type) and issubclass(option, Record)


def _each(values: list[Any], check: Checker) -> Any:
    result = [check(value) for value in values]
    return UNSURE if any(item is UNSURE for item in result) else result


def _entries(values: dict[Any, Any], check: Checker) -> Any:
    result = {key: check(value) for key, value in values.items()}
    return UNSURE if any(type(key) is not str for key in result) or \
        any(item is UNSURE for item in result.values()) else result


# pydantic's words for true and false, in lower case (its own check lowers the text first)
_BOOLEANS = {"true": True, "yes": True, "on": True, "1": True, "t": True, "y": True,
             "false": False, "no": False, "off": False, "0": False, "f": False, "n": False}


def _boolean(value: Any) -> Any:
    return _BOOLEANS.get(value.lower(), UNSURE) if type(value) is str else UNSURE


def _number(value: Any) -> Any:
    """A number written plainly (``120``, ``90.5``); other forms are the model's to read."""
    return float(value) if type(value) is str and _PLAIN_NUMBER.fullmatch(value) else UNSURE


def _whole(value: Any) -> Any:
    """A whole number written plainly (``14``); other forms are the model's to read."""
    return int(value) if type(value) is str and _PLAIN_WHOLE.fullmatch(value) else UNSURE


_PLAIN_WHOLE = re.compile(r"0|[1-9][0-9]{0,5}")
_PLAIN_NUMBER = re.compile(r"(0|[1-9][0-9]{0,5})(\.[0-9]{1,6})?")
