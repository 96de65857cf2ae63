from __future__ import annotations

import pytest
from django.forms import MultiWidget

from opportunities.models import Source
from tests.factories import FetchRunFactory, OpportunityCauseFactory, SourceFactory, UserFactory

pytestmark = pytest.mark.django_db

ADMIN_PAGES = [
    "/admin/opportunities/cause/",
    "/admin/opportunities/skill/",
    "/admin/opportunities/source/",
    "/admin/opportunities/organization/",
    "/admin/opportunities/opportunity/",
    "/admin/opportunities/fetchrun/",
    "/admin/opportunities/heartbeat/",
]


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def source_with_secret():
    source = SourceFactory(name="Idealist")
    source.set_credentials({"api_key": "idealist-secret-key-98765"})
    source.save()
    FetchRunFactory(source=source, error="HTTP 503 from provider")
    return source


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_staff_can_open_every_admin_list(staff_client, url):
    OpportunityCauseFactory()
    assert staff_client.get(url).status_code == 200


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_users_and_visitors_are_sent_to_the_admin_login(alice_client, anon, url):
    for client in (alice_client, anon):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/admin/login/")


def test_source_page_masks_credentials_and_shows_recent_runs(staff_client, source_with_secret):
    content = staff_client.get(
        f"/admin/opportunities/source/{source_with_secret.pk}/change/"
    ).content.decode()
    assert "idealist-secret-key-98765" not in content
    assert "api_key: ••••8765" in content
    assert "HTTP 503 from provider" in content


def test_credentials_can_be_replaced_and_cleared_but_never_read_back(staff_client, source_with_secret):
    url = f"/admin/opportunities/source/{source_with_secret.pk}/change/"
    form = {
        "name": "Idealist",
        "format": "jsonfeed",
        "url": "https://www.idealist.org/api/v1/listings/volops",
        "enabled": "on",
        "fetch_interval_minutes": "60",
        "new_credentials": "api_key = new-key-0000111122223333",
    }
    assert staff_client.post(url, form).status_code == 302
    assert Source.objects.get(pk=source_with_secret.pk).get_credentials() == {
        "api_key": "new-key-0000111122223333"
    }

    assert (
        staff_client.post(url, {**form, "new_credentials": "", "clear_credentials": "on"}).status_code == 302
    )
    assert Source.objects.get(pk=source_with_secret.pk).get_credentials() == {}


def test_a_malformed_credentials_line_is_refused_with_its_line_number(staff_client, source_with_secret):
    url = f"/admin/opportunities/source/{source_with_secret.pk}/change/"
    response = staff_client.post(
        url,
        {
            "name": "Idealist",
            "format": "jsonfeed",
            "fetch_interval_minutes": "60",
            "new_credentials": "api_key",
        },
    )
    assert response.status_code == 200
    assert "Line 1 is not KEY=VALUE." in response.content.decode()
    assert Source.objects.get(pk=source_with_secret.pk).get_credentials() == {
        "api_key": "idealist-secret-key-98765"
    }


def test_fetch_now_queues_a_task_for_each_fetchable_source(staff_client, django_capture_on_commit_callbacks):
    from unittest.mock import patch

    from opportunities import tasks

    live = SourceFactory(name="Live")
    off = SourceFactory(name="Off", enabled=False)
    with patch.object(tasks.source_fetch, "delay") as delay, django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            "/admin/opportunities/source/",
            {"action": "fetch_now", "_selected_action": [live.pk, off.pk]},
            follow=True,
        )
    delay.assert_called_once_with(live.pk)
    assert "Queued 1 fetch(es)" in response.content.decode()
    assert "Skipped 1" in response.content.decode()


def test_reenable_clears_a_pause(staff_client):
    paused = SourceFactory(name="Paused", enabled=False, paused_reason="HTTP 410", consecutive_failures=3)
    staff_client.post("/admin/opportunities/source/", {"action": "reenable", "_selected_action": [paused.pk]})
    paused.refresh_from_db()
    assert (paused.enabled, paused.paused_reason, paused.consecutive_failures) == (True, "", 0)


def test_source_actions_are_staff_only(alice_client, anon):
    paused = SourceFactory(name="Paused", enabled=False, paused_reason="HTTP 410")
    for client in (alice_client, anon):
        client.post("/admin/opportunities/source/", {"action": "reenable", "_selected_action": [paused.pk]})
    paused.refresh_from_db()
    assert paused.enabled is False


def _change_form_data(response) -> dict:
    """What the admin's change page would post back unchanged: the main form's and every inline's
    current values, with their management forms."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms += list(formset.forms)
        management = formset.management_form
        data.update({management.add_prefix(name): management[name].value() for name in management.fields})
    for form in forms:
        for name, field in form.fields.items():
            key, widget = form.add_prefix(name), field.widget
            value = form[name].value()
            if value is None or field.disabled:
                continue
            if isinstance(widget, MultiWidget):  # date and time boxes
                for index, (part_widget, part) in enumerate(
                    zip(widget.widgets, widget.decompress(value), strict=True)
                ):
                    data[f"{key}_{index}"] = part_widget.format_value(part) or ""
            elif isinstance(value, list | tuple):
                data[key] = [str(item) for item in value]
            elif isinstance(value, bool):
                if value:
                    data[key] = "on"
            else:
                data[key] = value
    return data


@pytest.mark.parametrize("edit", ["title", "manual cause tag"])
def test_an_admin_edit_moves_the_listing_in_the_change_feed(staff_client, taxonomy, edit):
    from datetime import timedelta

    from django.utils import timezone

    from opportunities.models import Cause, Opportunity
    from tests.factories import OpportunityFactory

    listing = OpportunityFactory(title="Before")
    long_ago = timezone.now() - timedelta(days=1)
    Opportunity.objects.filter(pk=listing.pk).update(updated_at=long_ago)
    url = f"/admin/opportunities/opportunity/{listing.pk}/change/"
    data = _change_form_data(staff_client.get(url))
    if edit == "title":
        data["title"] = "After"
    elif edit == "manual cause tag":
        data["cause_tags-TOTAL_FORMS"] = "1"
        data["cause_tags-0-cause"] = str(Cause.objects.get(slug="animals").pk)
        data["cause_tags-0-opportunity"] = str(listing.pk)

    response = staff_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    listing.refresh_from_db()
    assert listing.updated_at > long_ago
