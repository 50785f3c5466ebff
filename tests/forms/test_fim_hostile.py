"""Hostile or broken FIM uploads are refused before parsing gets expensive."""

from __future__ import annotations

import gzip
import time
import zlib

import pytest

from rathaus.forms.fim import FimImportError, fim_import
from rathaus.forms.fim.safety import MAX_BYTES

XDF2 = "urn:xoev-de:fim:standard:xdatenfelder_2"


def _refused(data: bytes) -> list[str]:
    with pytest.raises(FimImportError) as refused:
        fim_import(data, filename="upload.xml")
    return refused.value.problems


def test_an_external_entity_is_refused() -> None:
    data = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b'<x xmlns="' + XDF2.encode() + b'">&e;</x>'
    )
    assert "DOCTYPE" in _refused(data)[0]


def test_a_billion_laughs_bomb_is_refused_quickly() -> None:
    entities = "".join(f'<!ENTITY l{n} "{("&l" + str(n - 1) + ";") * 10}">' for n in range(1, 10))
    data = f'<?xml version="1.0"?><!DOCTYPE b [<!ENTITY l0 "ha">{entities}]><b>&l9;</b>'.encode()
    started = time.perf_counter()
    assert "Entity" in _refused(data)[0]
    assert time.perf_counter() - started < 0.5


def test_a_50_megabyte_file_is_refused_without_parsing() -> None:
    data = b"<a>" + b"x" * (50 * 1024 * 1024) + b"</a>"
    started = time.perf_counter()
    assert "50 MB" in _refused(data)[0]
    assert time.perf_counter() - started < 0.5


def test_a_gzip_bomb_stops_at_the_size_cap() -> None:
    # 64 gzip members of 16 MB zeros each: 1 GB unpacked, about 1 MB packed
    bomb = gzip.compress(b"\0" * (16 * 1024 * 1024), compresslevel=9) * 64
    started = time.perf_counter()
    assert "größer als" in _refused(bomb)[0]
    assert time.perf_counter() - started < 1


def test_a_truncated_gzip_file_is_refused() -> None:
    data = gzip.compress(b"<a>" + b"x" * 1000 + b"</a>")
    assert "gzip" in _refused(data[:30])[0]


def test_latin1_bytes_declared_as_utf8_are_refused() -> None:
    data = f'<?xml version="1.0" encoding="UTF-8"?><a xmlns="{XDF2}">Größe</a>'.encode("latin-1")
    assert "nicht gültig in UTF-8" in _refused(data)[0]


def test_utf16_garbage_is_refused() -> None:
    data = b"\xff\xfe" + bytes(range(7, 250)) * 3
    problems = _refused(data)
    assert "UTF-16" in problems[0] or "kein XML" in problems[0]


def test_an_unknown_encoding_is_refused() -> None:
    data = b'<?xml version="1.0" encoding="klingon-8"?><a/>'
    assert "klingon-8" in _refused(data)[0]


def test_not_well_formed_xml_is_refused() -> None:
    assert "wohlgeformt" in _refused(f'<a xmlns="{XDF2}"><b></a>'.encode())[0]


def test_an_unknown_namespace_is_refused_naming_it() -> None:
    problems = _refused(b'<xdatenfelder.stammdatenschema.0102 xmlns="urn:example:other"/>')
    assert "urn:example:other" in problems[0]


def test_a_raw_deflate_stream_is_not_mistaken_for_xml() -> None:
    problems = _refused(zlib.compress(b"<a/>"))
    assert "kein XML" in problems[0] or "nicht gültig in UTF-8" in problems[0]


def test_the_size_cap_leaves_room_for_the_largest_real_schema() -> None:
    assert MAX_BYTES >= 4 * 1024 * 1024
