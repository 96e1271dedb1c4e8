"""What a run parsed is kept in .cache/yaml/, and an edit or a damaged entry is never stale."""

from __future__ import annotations

import marshal

from generator.checking.session import check_root
from tests.support import TODAY

EVENT = """\
title: {title}
kind: other
start: 2026-12-22 20:00
end: 2026-12-22 22:00
"""


def _titles(club) -> list[str]:
    return [e.title for e in check_root(club.root, TODAY).club.events]


def test_an_edited_file_is_read_again(club) -> None:
    path = club.event("2026-12-22-gala.yaml", EVENT.format(title="年终晚宴"))
    assert _titles(club) == ["年终晚宴"]
    store = club.root / ".cache" / "parsed-yaml"
    assert len(marshal.loads(store.read_bytes())) == 2  # the roster and the event
    path.write_text(EVENT.format(title="年终答谢晚宴"), encoding="utf-8")
    assert _titles(club) == ["年终答谢晚宴"]
    # The entry of the old text is gone: the store holds what the club's files are now.
    assert len(marshal.loads(store.read_bytes())) == 2


def test_a_stored_parse_keeps_the_positions_of_a_problem(club) -> None:
    club.event("2026-12-22-gala.yaml", EVENT.format(title="年终晚宴") + "venue: 12\n")
    first = [d.text() for d in check_root(club.root, TODAY).report.errors]
    again = [d.text() for d in check_root(club.root, TODAY).report.errors]
    assert first == again
    assert first and first[0].startswith("events/2026-12-22-gala.yaml:5:8: error:")


def test_a_damaged_entry_is_parsed_again(club) -> None:
    club.event("2026-12-22-gala.yaml", EVENT.format(title="年终晚宴"))
    _titles(club)
    store = club.root / ".cache" / "parsed-yaml"
    entries = marshal.loads(store.read_bytes())
    store.write_bytes(marshal.dumps({key: entry[:7] for key, entry in entries.items()}))
    assert _titles(club) == ["年终晚宴"]
    store.write_bytes(store.read_bytes()[:9])
    assert _titles(club) == ["年终晚宴"]


def test_a_store_reached_through_a_link_is_neither_read_nor_written(club, tmp_path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.write_text("not the club's", encoding="utf-8")
    (club.root / ".cache").mkdir()
    (club.root / ".cache" / "parsed-yaml").symlink_to(elsewhere)
    club.event("2026-12-22-gala.yaml", EVENT.format(title="年终晚宴"))
    assert _titles(club) == ["年终晚宴"]
    assert elsewhere.read_text(encoding="utf-8") == "not the club's"
