"""Groups of frequent recipients kept in the workspace's settings: saved, read back, replaced
by name, forgotten; bad names and organisation ids refused with the field named."""

from __future__ import annotations

import pytest

from app.errors import InvalidInput
from app.recipient_groups import Member, delete_group, groups, save_group
from app.workspace import Workspace


def test_a_group_is_saved_read_back_and_replaced_by_its_name(workspace: Workspace):
    assert groups(workspace) == []
    save_group(
        workspace, "  Các   sở ", [("000.00.31.h29", "Sở Giáo dục"), Member("000.00.32.H29")]
    )
    [group] = groups(workspace)
    assert group.name == "Các sở"
    assert group.organ_ids == ["000.00.31.H29", "000.00.32.H29"]  # ids as the axis writes them
    assert group.members[0].name == "Sở Giáo dục"

    # the same name in other letters replaces it; duplicates are kept once
    save_group(workspace, "CÁC SỞ", [("000.00.40.H29", "Sở Tài chính")] * 2)
    save_group(workspace, "Bộ, ngành", [("000.00.00.G18", "Bộ Y tế")])
    assert [(g.name, g.organ_ids) for g in groups(workspace)] == [
        ("Bộ, ngành", ["000.00.00.G18"]),
        ("CÁC SỞ", ["000.00.40.H29"]),
    ]
    # every change is a settings event in the history
    events = workspace.conn.execute(
        "SELECT count(*) FROM events WHERE action = 'settings'"
    ).fetchone()[0]
    assert events >= 3

    assert delete_group(workspace, "các sở") is True
    assert delete_group(workspace, "các sở") is False
    assert [g.name for g in groups(workspace)] == ["Bộ, ngành"]


@pytest.mark.parametrize(
    ("name", "members", "field", "problem"),
    [
        ("", [("000.00.00.G18", "")], "group", "missing"),
        ("x" * 121, [("000.00.00.G18", "")], "group", "too_long"),
        ("Nhóm", [], "recipients", "missing"),
        ("Nhóm", [("không phải mã", "")], "organ_id", "malformed"),
    ],
)
def test_bad_groups_are_refused_and_nothing_is_stored(workspace, name, members, field, problem):
    with pytest.raises(InvalidInput) as caught:
        save_group(workspace, name, members)
    assert (caught.value.field, caught.value.problem) == (field, problem)
    assert groups(workspace) == []


def test_a_damaged_setting_reads_as_no_groups(workspace: Workspace):
    workspace.set_settings({"recipient_groups": "{not json"})
    assert groups(workspace) == []
    workspace.set_settings({"recipient_groups": '[{"name": "A", "members": [{"x": 1}]}, 5]'})
    assert [(g.name, g.members) for g in groups(workspace)] == [("A", ())]
