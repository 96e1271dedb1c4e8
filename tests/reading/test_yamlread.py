"""Whatever an editor can commit gets a positioned, plain-words error and never a traceback."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.reading.yamlread import Document, decode, parse

EVENT = "events/2026-12-22-gala.yaml"


def only_problem(text: str) -> str:
    document, problem = parse(text, EVENT)
    assert document is None and problem is not None
    return problem.text()


BAD_INPUT = [
    pytest.param(
        "title: x\n\tkind: other\n",
        f"{EVENT}:2:1: error: a tab character is used for indentation; YAML needs spaces; replace the tab",
        id="tab",
    ),
    pytest.param(
        "title: x\ntitle: y\n",
        f'{EVENT}:2:1: error: key "title" appears twice in the same mapping; keep only one of them',
        id="duplicate-key",
    ),
    pytest.param(
        "title: a: b\n",
        f'{EVENT}:1:9: error: a ":" where YAML does not expect one; '
        'put text that contains ": " in quotes, or check the indentation above',
        id="colon-in-text",
    ),
    pytest.param(
        "run_sheet:\n  - at: '20:00'\n   title: x\n",
        f"{EVENT}:3:4: error: the indentation does not line up with the lines above; "
        "indent items of the same list or mapping by the same number of spaces",
        id="bad-indent",
    ),
    pytest.param(
        "title: *nothing\n",
        f"{EVENT}:1:8: error: an alias (*name) refers to an anchor (&name) that is not defined",
        id="undefined-alias",
    ),
    pytest.param(
        "title: [unclosed\n",
        f'{EVENT}:2:1: error: a "[" is never closed (it opens at line 1, column 8); close it with "]"',
        id="unclosed-bracket",
    ),
    pytest.param(
        'title: "unclosed\n',
        f"{EVENT}:2:1: error: a quotation mark is never closed (it opens at line 1, column 8)",
        id="unclosed-quote",
    ),
    pytest.param(
        "title: @home\n",
        f'{EVENT}:1:8: error: text cannot start with "@"; put the whole value in quotes',
        id="reserved-character",
    ),
    pytest.param(
        "a: 1\x00\n",
        f"{EVENT}:1:1: error: the file contains a NUL byte; it is not a text file",
        id="nul-byte",
    ),
    pytest.param(
        "[" * 5000,
        f"{EVENT}:1:1: error: the file is nested more than 100 levels deep",
        id="deep-nesting",
    ),
]


@pytest.mark.parametrize(("text", "expected"), BAD_INPUT)
def test_bad_yaml_is_reported_at_its_line(text: str, expected: str) -> None:
    assert only_problem(text).startswith(expected)


def test_an_alias_bomb_is_refused_quickly() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(8):
        name, previous = chr(98 + i), chr(97 + i)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    started = time.perf_counter()
    message = only_problem("\n".join(lines) + "\n")
    assert "aliases (*name) expand to too many values" in message
    # Fully expanded this is 9**9 values; refusing must not try.
    assert time.perf_counter() - started < 10


def test_an_ordinary_alias_and_merge_key_still_work() -> None:
    document, problem = parse("base: &b {x: 1}\nm:\n  <<: *b\n  y: 2\n", EVENT)
    assert problem is None and document is not None
    assert document.data["m"] == {"y": 2, "x": 1}


def test_yaml_1_2_keeps_times_and_words_as_text() -> None:
    document, _ = parse("at: 20:00\nstart: 2012-12-22 20:00\nanswer: no\nflag: on\nn: 012\n", EVENT)
    assert document is not None
    assert document.data == {
        "at": "20:00",
        "start": "2012-12-22 20:00",
        "answer": "no",
        "flag": "on",
        "n": 12,
    }


def test_impossible_dates_stay_text_for_the_schema_to_explain() -> None:
    document, problem = parse("start: 2026-02-30\n", EVENT)
    assert problem is None and document is not None
    assert document.data == {"start": "2026-02-30"}


def test_positions_of_keys_and_values_are_one_based() -> None:
    document, _ = parse("title: x\nrun_sheet:\n  - at: '20:00'\n    title: y\n", EVENT)
    assert isinstance(document, Document)
    assert str(document.at(("run_sheet", 0, "title"))) == f"{EVENT}:4:12"
    assert str(document.key_at(("run_sheet", 0, "title"))) == f"{EVENT}:4:5"
    # An unknown location falls back to the nearest enclosing value.
    assert str(document.at(("run_sheet", 0, "missing"))) == f"{EVENT}:3:5"


def test_front_matter_positions_count_the_opening_dashes() -> None:
    document, _ = parse("date: 2026-11-20\nissue: x\n", "post.md", first_line=1)
    assert document is not None
    assert str(document.at(("issue",))) == "post.md:3:8"


def test_non_utf8_names_the_first_bad_byte() -> None:
    text, problem = decode("title: 好\nnote: ".encode() + "中文".encode("gbk"), EVENT)
    assert text is None and problem is not None
    assert problem.text().startswith(f"{EVENT}:2:7: error: the file is not UTF-8 text")


def test_a_utf8_bom_is_accepted() -> None:
    text, problem = decode(b"\xef\xbb\xbftitle: x\n", EVENT)
    assert problem is None and text == "title: x\n"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=200))
def test_no_text_crashes_the_reader(text: str) -> None:
    document, problem = parse(text, EVENT)
    assert (document is None) != (problem is None)
    if problem:
        assert problem.position.line >= 1 and problem.message


YAML_PIECES = st.sampled_from(
    [
        "title: ",
        "\n",
        "  ",
        "- ",
        ": ",
        "[",
        "]",
        "{",
        "}",
        "&a ",
        "*a",
        "'",
        '"',
        "20:00",
        "\t",
        "#",
        "|",
        ">",
        "?",
        ",",
        "x",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(YAML_PIECES, max_size=40).map("".join))
def test_no_yaml_shaped_text_crashes_the_reader(text: str) -> None:
    document, problem = parse(text, EVENT)
    assert (document is None) != (problem is None)


def test_a_huge_file_is_refused_without_reading_it(tmp_path) -> None:
    from generator.reading.yamlread import read

    path = tmp_path / "members.yaml"
    with path.open("wb") as handle:
        handle.truncate(40 * 2**20)  # sparse: the size is what matters
    started = time.perf_counter()
    document, problem = read(path, "members.yaml")
    assert document is None and problem is not None
    assert problem.text() == (
        "members.yaml:1:1: error: the file is 40 MiB; the limit is 32 MiB; split it into smaller files"
    )
    assert time.perf_counter() - started < 1


def test_a_folder_where_a_file_belongs(tmp_path) -> None:
    from generator.reading.yamlread import read

    (tmp_path / "members.yaml").mkdir()
    document, problem = read(tmp_path / "members.yaml", "members.yaml")
    assert document is None and problem is not None
    assert problem.text().startswith("members.yaml:1:1: error: cannot read the file: ")
