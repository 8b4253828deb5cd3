"""The store: the TinyDB JSON file, read-only, validated, turned into the immutable model.

The only package that imports TinyDB (and msgspec). The file's table ``relations`` keeps its
name (it is the data file's format): each record of it is one *partner*
(:class:`~mongolia_tui.model.Partner`), and "relation record" below means such a record.
Its rooms:

- :mod:`~mongolia_tui.store.files`: reading the file safely, the exact JSON decoder.
- :mod:`~mongolia_tui.store.rules`: the kinds of field, each rule written once.
- :mod:`~mongolia_tui.store.schema`: each table's record declared once, the rules between
  fields, and the model object a valid record becomes.
- :mod:`~mongolia_tui.store.history`: a partner's history events.
- :mod:`~mongolia_tui.store.exact` and :mod:`~mongolia_tui.store.fast`: the two passes.
- :mod:`~mongolia_tui.store.build`: valid records to the ranked catalogue.
- :mod:`~mongolia_tui.store.load`: :func:`load_store` and :func:`check_store`.
"""

from mongolia_tui.store.errors import Problem, StoreError
from mongolia_tui.store.files import (
    ARTICLE_TABLE,
    MAX_STORE_BYTES,
    MISSIONS_TABLE,
    ORGANISATIONS_TABLE,
    RELATIONS_TABLE,
    ReadOnlyJSONStorage,
    decode_tables,
    default_store_path,
    file_kind,
    read_store_file,
)
from mongolia_tui.store.history import parse_history
from mongolia_tui.store.load import check_store, collect, load_store
from mongolia_tui.store.rules import latest_date
from mongolia_tui.store.schema import name_key

__all__ = [
    "ARTICLE_TABLE",
    "MAX_STORE_BYTES",
    "MISSIONS_TABLE",
    "ORGANISATIONS_TABLE",
    "RELATIONS_TABLE",
    "Problem",
    "ReadOnlyJSONStorage",
    "StoreError",
    "check_store",
    "collect",
    "decode_tables",
    "default_store_path",
    "file_kind",
    "latest_date",
    "load_store",
    "name_key",
    "parse_history",
    "read_store_file",
]
