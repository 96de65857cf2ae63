from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from opportunities.feeds.base import FeedError, PageRequest, Withdrawal
from opportunities.feeds.rpde import RpdeAdapter

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "providers" / "rpde"
BASE = "https://rpde.volunteerhub.example.org/feeds/volunteer-roles"
AFTER_102 = f"{BASE}?afterTimestamp=1760000002&afterId=102"
LAST = f"{BASE}?afterTimestamp=1760000004&afterId=104"


def page(name: str, url: str = BASE):
    return RpdeAdapter().parse_page((FIXTURES / name).read_bytes(), request=PageRequest(url=url))


def test_the_first_request_resumes_from_the_cursor_unless_reading_from_the_start():
    adapter = RpdeAdapter()
    assert adapter.first_request(url=BASE, cursor={}, credentials={}, full=False).url == BASE
    assert adapter.first_request(url=BASE, cursor={"next": LAST}, credentials={}, full=False).url == LAST
    assert adapter.first_request(url=BASE, cursor={"next": LAST}, credentials={}, full=True).url == BASE


def test_updated_items_are_read_as_jobpostings_with_their_rpde_identity_and_version():
    result = page("run1_page1.json")
    first = result.listings[0]
    assert (first.source_item_id, first.source_modified) == ("JobPosting:101", "1760000001")
    assert first.title == "Online homework helper for secondary maths"
    assert first.url == "https://volunteerhub.example.org/roles/101"
    assert (first.location_type, first.remote_scope, first.eligible_countries) == (
        "remote",
        "countries",
        ("GB",),
    )


def test_next_is_followed_and_becomes_the_cursor():
    result = page("run1_page1.json")
    assert result.next_request.url == AFTER_102
    assert result.cursor == {"next": AFTER_102}
    assert result.complete_snapshot is False


def test_the_last_page_has_no_items_and_points_at_itself():
    result = page("run1_last.json", url=LAST)
    assert result.next_request is None
    assert result.cursor == {"next": LAST}
    assert result.listings == []


def test_deleted_items_are_withdrawals_with_their_version():
    result = page("run2_page1.json", url=LAST)
    assert result.withdrawals == [Withdrawal("JobPosting:103", "1760000011", "RPDE state: deleted")]
    assert [listing.source_item_id for listing in result.listings] == ["JobPosting:102"]


@pytest.mark.parametrize(
    ("item", "reason"),
    [
        ({"state": "updated", "id": "9", "modified": 1, "data": {"title": "No url"}}, "no usable url"),
        ({"state": "updated", "id": "9", "modified": 1, "data": "oops"}, "not an object"),
        ({"state": "moved", "id": "9", "modified": 1}, 'must be "updated" or "deleted"'),
        ({"state": "deleted", "modified": 1}, 'no "id"'),
        ("not an item", "not an object"),
    ],
)
def test_a_bad_item_is_rejected_with_a_reason_and_the_rest_kept(item, reason):
    good = {"state": "deleted", "id": "1", "modified": 5}
    body = json.dumps({"next": f"{BASE}?afterId=1", "items": [item, good]}).encode()
    result = RpdeAdapter().parse_page(body, request=PageRequest(url=BASE))
    assert reason in result.rejections[0].reason
    assert [w.source_item_id for w in result.withdrawals] == ["1"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ((FIXTURES / "malformed.json").read_bytes(), "not valid JSON"),
        (b'{"items": []}', '"next" must be the URL of the next page'),
        (b'{"next": "https://a.example.org/", "items": {}}', '"items" must be a list'),
        (b'{"next": "javascript:alert(1)", "items": []}', "not an http(s) URL"),
    ],
)
def test_a_page_that_is_not_rpde_is_refused_permanently(body, message):
    with pytest.raises(FeedError, match=re.escape(message)) as exc:
        RpdeAdapter().parse_page(body, request=PageRequest(url=BASE))
    assert exc.value.permanent is True


def test_a_single_page_file_can_be_ingested_without_paging():
    result = RpdeAdapter().parse((FIXTURES / "run2_page1.json").read_bytes(), base_url=LAST)
    assert result.next_request is None
    assert len(result.listings) == 1
    assert len(result.withdrawals) == 1
