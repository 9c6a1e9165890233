"""Bytes to safe text: escape sequences out, accents kept, charsets found."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from raceview.analysis.text import (
    UndecodableError,
    declared_charset,
    decode,
    looks_binary,
    safe_text,
    sanitize,
)

FORBIDDEN = {chr(c) for c in [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)]} | {
    *"\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
}


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("\x1b[31mred\x1b[0m text", "red text"),  # CSI colours
        ("before\x1b[2J\x1b[Hafter", "beforeafter"),  # clear screen, cursor home
        ("copy\x1b]52;c;cm0gLXJmIH4=\x07 me", "copy me"),  # OSC 52 clipboard, BEL-terminated
        ("title\x1b]52;c;cm0gLXJmIH4=\x1b\\ here", "title here"),  # OSC 52, ST-terminated
        ("x\x1b]0;new window title\x07y", "xy"),  # OSC 0
        ("a\x1bPtmux;\x1b\x1b]52;c;aGk=\x07\x1b\\b", "ab"),  # DCS tmux passthrough
        ("a\x9b31mb", "ab"),  # C1 CSI
        ("a\x9d0;title\x9cb", "ab"),  # C1 OSC with C1 ST
        ("a\x90q\x9cb", "ab"),  # C1 DCS
        ("rider\u202e reversed\u202c name", "rider reversed name"),  # bidi override
        ("a\u2066b\u2069c\u200fd", "abc\u200fd"),  # isolates out; RLM is harmless
        ("nul\x00byte", "nulbyte"),
        ("bell\x07 back\x08space del\x7f", "bell backspace del"),
        ("\ufeffBOM at the start", "BOM at the start"),
    ],
)
def test_sanitize_strips_what_could_act_on_a_terminal(dirty: str, clean: str) -> None:
    assert sanitize(dirty) == clean


def test_sanitize_keeps_tabs_newlines_and_every_script() -> None:
    text = "Pos\tRider\n1\tTadej Pogačar\n2\tJonas Vingegaard — Ødegård, Skujiņš, 井上, Ελλάδα 🚴"
    assert sanitize(text) == text


def test_sanitize_normalises_line_endings() -> None:
    assert sanitize("one\r\ntwo\rthree\n") == "one\ntwo\nthree\n"


@given(st.text())
def test_sanitize_leaves_no_control_character_and_is_idempotent(text: str) -> None:
    clean = sanitize(text)
    assert not FORBIDDEN & set(clean)
    assert "\r" not in clean
    assert sanitize(clean) == clean


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Cs"))))
def test_sanitize_does_not_touch_ordinary_text(text: str) -> None:
    assert sanitize(text) == text


def test_decode_honours_a_utf8_bom() -> None:
    assert decode(codecs.BOM_UTF8 + "Pogačar".encode()) == "Pogačar"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_decode_honours_a_utf16_bom(codec: str) -> None:
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    body = bom + "Étape 3: Pogačar".encode(codec)
    assert not looks_binary(body)
    assert decode(body) == "Étape 3: Pogačar"


def test_decode_honours_the_header_charset() -> None:
    body = "Café à Besançon".encode("iso-8859-1")
    assert decode(body, "text/html; charset=ISO-8859-1") == "Café à Besançon"
    assert decode(body, 'text/plain; charset="windows-1252"') == "Café à Besançon"


@pytest.mark.parametrize(
    "meta",
    [
        b'<meta charset="windows-1252">',
        b"<meta charset=windows-1252>",
        b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">',
    ],
)
def test_decode_honours_a_meta_charset(meta: bytes) -> None:
    body = b"<html><head>" + meta + b"</head><body>\x93Ca m\x92est \xe9gal\x94 \x96 Ib\xe1\xf1ez"
    assert decode(body, "text/html").endswith("“Ca m’est égal” – Ibáñez")


def test_decode_honours_an_xml_declaration() -> None:
    body = b'<?xml version="1.0" encoding="ISO-8859-1"?><rss><title>Vainqueur \xe0 Roubaix</title>'
    assert "Vainqueur à Roubaix" in decode(body, "application/rss+xml")


def test_a_wrong_or_unknown_declaration_falls_back() -> None:
    latin = "Le coureur français a remporté l'étape à Besançon.".encode("cp1252")
    assert "français" in decode(latin, "text/html; charset=utf-8")  # declared utf-8, is not
    assert decode("Pogačar".encode(), "text/html; charset=x-no-such-thing") == "Pogačar"
    assert declared_charset(b"plain", "text/plain; charset=x-no-such-thing") is None


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        (
            "Le coureur français a remporté l'étape à Besançon après une échappée de cent vingt"
            " kilomètres. Déçu, le favori espérait mieux. Peña, Muñoz et Ibáñez ont terminé à"
            " vingt secondes, derrière le vainqueur, à Ávila.",
            "cp1252",
        ),
        (
            "Der Sieger überquerte die Ziellinie in Göttingen mit großem Vorsprung; Müller wurde"
            " Zweiter, Schäfer Dritter.",
            "cp1252",
        ),
        ("“Great day” – said he. Café crème at the finish in Besançon… €5", "cp1252"),
        ("Café crème at the finish in Besançon.", "latin-1"),
        (
            "Zwycięzca etapu przyjechał samotnie do mety w Zakopanem, wyprzedzając rywali o"
            " dwadzieścia sekund. Świetny dzień dla drużyny.",
            "cp1250",
        ),
        (
            "Велогонщик выиграл этап в горах, опередив соперников на двадцать секунд. Команда"
            " праздновала победу.",
            "cp1251",
        ),
    ],
)
def test_decode_detects_undeclared_legacy_encodings(text: str, codec: str) -> None:
    assert decode(text.encode(codec)) == text


def test_decode_prefers_utf8_when_nothing_is_declared() -> None:
    assert decode("Skujiņš — Pogačar".encode()) == "Skujiņš — Pogačar"


def test_bytes_that_are_no_text_are_undecodable() -> None:
    with pytest.raises(UndecodableError):
        decode(bytes(range(0x80, 0x100)) * 20)


def test_looks_binary() -> None:
    assert looks_binary(b"PK\x03\x04\x00\x00zip")
    assert not looks_binary("plain text, Pogačar".encode())
    assert not looks_binary(b"x" * 9000 + b"\x00")  # only the head is checked


def test_safe_text_decodes_and_sanitises() -> None:
    body = "Ibáñez \x1b]52;c;aGk=\x07wins\r\n".encode("cp1252")
    assert safe_text(body, "text/plain; charset=cp1252") == "Ibáñez wins\n"
