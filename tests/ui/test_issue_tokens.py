"""Which certificate the Issue dialog offers first: the organisation's, not a person's
certificate that names the organisation as O=… (seen in the demo on a real display: the
official's certificate was chosen and the organisation's PIN refused)."""

from __future__ import annotations

from ui.issue_tokens import TokenChoice, preferred

ORG = "Ủy ban nhân dân tỉnh Đắk Lắk"


def choice(common: str, subject: str, token: str = "t") -> TokenChoice:
    return TokenChoice("/lib/softhsm2.so", token, "01", common, subject)


def test_the_organisations_certificate_wins_over_a_person_of_the_organisation() -> None:
    official = choice("Nguyễn Văn Hùng", f"CN=Nguyễn Văn Hùng, O={ORG}", "Official")
    org = choice(ORG, f"CN={ORG}, O={ORG}", "Org")
    assert preferred([official, org], ORG) == 1
    assert preferred([org, official], ORG) == 0


def test_case_and_spaces_do_not_matter_and_a_longer_name_still_counts() -> None:
    official = choice("Trần Thị B", f"O={ORG}")
    org = choice(f"  {ORG.upper()} - Văn phòng", "O=x")
    assert preferred([official, org], ORG) == 1


def test_no_match_takes_the_first_and_none_offers_nothing() -> None:
    a, b = choice("A", "O=Sở khác"), choice("B", "O=Sở khác")
    assert preferred([a, b], ORG) == 0
    assert preferred([], ORG) == -1
