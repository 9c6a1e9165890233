"""The quick paths of mention finding say what the plain ones said."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from raceview.analysis import mentions

_PIECES = st.one_of(
    st.sampled_from(
        [
            "Van", "van", "der", "Poel", "de", "la", "Cruz", "d'", "Jumbo-Visma's", "Pogačar.",
            "Mr.", "A.", "-", ".", ",", "(", ")", "’s", "'s", "rider", "the", "team mate",
            "lead-out man", "\n", "  ", "Ⅻ", "²", "O'Connor", "Uno-X", "St.-", "Ånd–",
        ]
    ),
    st.text(max_size=5),
)  # fmt: skip
_TEXTS = st.lists(_PIECES, max_size=14).map(" ".join) | st.lists(_PIECES, max_size=14).map("".join)


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_tokens_are_the_words_stripped_of_trailing_dots_and_dashes(text: str) -> None:
    plain = [
        (m.start(), m.start() + len(word), word)
        for m in re.finditer(r"[^\W\d_][\w'’.&–—-]*", text)
        for word in [m.group(0).rstrip(".-")]
    ]
    assert [(m.start(), m.end(), m.group()) for m in mentions._tokens(text)] == plain


@settings(max_examples=400, deadline=None)
@given(_TEXTS, st.sampled_from(mentions._ROLE_WORDS), st.sampled_from(["", " ", "\n", " \t"]))
def test_the_role_test_passes_every_text_the_role_pattern_matches(
    text: str, role: str, space: str
) -> None:
    for candidate in (text, text + role + space, f"{text} {role}{space}"):
        if mentions._ROLE_BEFORE.search(candidate):
            assert mentions._ends_with_role(candidate)
    assert mentions._ROLE_BEFORE.search("the Visma rider ") and mentions._ends_with_role("x rider ")
