from __future__ import annotations

import datetime
import re

import pytest
from django.core.exceptions import ValidationError

from accounts import pvsa
from accounts.models import Goal, GoalKind, TrustLevel
from accounts.selectors.progress import Progress, goal_progress_list
from accounts.services import goals as services
from tests.factories import GoalFactory, HoursEntryFactory

D = datetime.date


# --- The PVSA table -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("band", "level", "hours"),
    [
        ("kids", "bronze", 26),
        ("kids", "silver", 50),
        ("kids", "gold", 75),
        ("teens", "bronze", 50),
        ("teens", "silver", 75),
        ("teens", "gold", 100),
        ("young_adults", "bronze", 100),
        ("young_adults", "silver", 175),
        ("young_adults", "gold", 250),
        ("adults", "bronze", 100),
        ("adults", "silver", 250),
        ("adults", "gold", 500),
    ],
)
def test_each_award_level_targets_the_lower_bound_of_its_band(band, level, hours):
    assert pvsa.target_hours(band=band, level=level) == hours


def test_lifetime_achievement_needs_4000_hours():
    assert pvsa.LIFETIME_ACHIEVEMENT_HOURS == 4000


def test_the_table_rows_follow_the_bands_in_age_order():
    rows = pvsa.table_rows()
    assert [row["band"] for row in rows] == ["kids", "teens", "young_adults", "adults"]
    assert rows[0]["hours"] == [26, 50, 75]
    assert rows[-1]["hours"] == [100, 250, 500]


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (4, None),
        (5, "kids"),
        (10, "kids"),
        (11, "teens"),
        (15, "teens"),
        (16, "young_adults"),
        (25, "young_adults"),
        (26, "adults"),
        (90, "adults"),
    ],
)
def test_an_age_falls_in_one_band(age, band):
    assert pvsa.band_for_age(age) == band


@pytest.mark.parametrize(
    ("day", "band"),
    [(D(2026, 3, 14), "kids"), (D(2026, 3, 15), "teens")],
)
def test_the_band_changes_on_the_birthday_itself(day, band):
    assert pvsa.band_for_birth_date(date_of_birth=D(2015, 3, 15), day=day) == band


def test_no_birth_date_preselects_no_band():
    assert pvsa.band_for_birth_date(date_of_birth=None, day=D(2026, 1, 1)) is None


def test_an_award_goal_spans_12_months_ending_the_day_before_the_anniversary():
    goal = pvsa.goal_for(band="teens", level="silver", starts_on=D(2026, 3, 1))
    assert (goal.starts_on, goal.ends_on) == (D(2026, 3, 1), D(2027, 2, 28))
    assert goal.target_hours == 75
    assert goal.name == "President's Volunteer Service Award: Silver, Teens 11 to 15"


# --- Progress --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("minutes", "target", "label", "bar_value"),
    [
        (12 * 60, 50, "12 of 50 h, 24 %", 720),
        (0, 10, "0 of 10 h, 0 %", 0),
        (90, 1, "1.5 of 1 h, 150 %", 60),
    ],
)
def test_progress_says_hours_and_percent_in_words(minutes, target, label, bar_value):
    progress = Progress(minutes, target)
    assert progress.label == label
    assert progress.bar_value == bar_value


@pytest.mark.django_db
def test_one_entry_counts_toward_every_goal_whose_window_holds_its_date(alice):
    spring = GoalFactory(user=alice, starts_on=D(2026, 3, 1), ends_on=D(2026, 5, 31))
    year = GoalFactory(user=alice, starts_on=D(2026, 1, 1), ends_on=D(2026, 12, 31))
    autumn = GoalFactory(user=alice, starts_on=D(2026, 9, 1), ends_on=D(2026, 11, 30))
    HoursEntryFactory(user=alice, date=D(2026, 4, 10), minutes=90)
    minutes = {item.goal.pk: item.progress.minutes for item in goal_progress_list(user=alice)}
    assert minutes == {spring.pk: 90, year.pk: 90, autumn.pk: 0}


@pytest.mark.django_db
def test_a_goal_window_includes_both_its_first_and_last_day(alice):
    goal = GoalFactory(user=alice, starts_on=D(2026, 3, 1), ends_on=D(2026, 3, 31))
    for day in (D(2026, 2, 28), D(2026, 3, 1), D(2026, 3, 31), D(2026, 4, 1)):
        HoursEntryFactory(user=alice, date=day, minutes=60)
    [item] = goal_progress_list(user=alice)
    assert (item.goal, item.progress.minutes) == (goal, 120)


@pytest.mark.django_db
def test_a_verified_only_goal_counts_verified_and_approved_hours_only(alice):
    GoalFactory(user=alice, starts_on=D(2026, 1, 1), ends_on=D(2026, 12, 31), verified_only=True)
    GoalFactory(user=alice, starts_on=D(2026, 1, 1), ends_on=D(2026, 12, 31), verified_only=False)
    for trust, minutes in [
        (TrustLevel.SELF_REPORTED, 60),
        (TrustLevel.VERIFIED, 120),
        (TrustLevel.APPROVED, 240),
    ]:
        HoursEntryFactory(user=alice, date=D(2026, 6, 1), minutes=minutes, trust=trust)
    verified_only, everything = goal_progress_list(user=alice)
    assert verified_only.progress.minutes == 360
    assert everything.progress.minutes == 420


@pytest.mark.django_db
def test_another_persons_hours_never_count_toward_my_goals(alice, bob):
    GoalFactory(user=alice, starts_on=D(2026, 1, 1), ends_on=D(2026, 12, 31))
    HoursEntryFactory(user=bob, date=D(2026, 6, 1), minutes=600)
    [item] = goal_progress_list(user=alice)
    assert item.progress.minutes == 0


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 10])
def test_progress_of_any_number_of_goals_takes_two_queries(alice, django_assert_num_queries, count):
    for index in range(count):
        GoalFactory(
            user=alice, starts_on=D(2026, 1, 1 + index), ends_on=D(2026, 12, 31), verified_only=index % 2 == 0
        )
        HoursEntryFactory(user=alice, date=D(2026, 2, 1 + index), minutes=30)
    with django_assert_num_queries(2):  # the goals, then one aggregate over their union window
        items = goal_progress_list(user=alice)
    assert len(items) == count


# --- Services --------------------------------------------------------------------------------


def _custom(user, **overrides):
    values = {
        "user": user,
        "kind": GoalKind.CUSTOM,
        "name": "Fifty hours",
        "target_hours": 50,
        "starts_on": D(2026, 1, 1),
        "ends_on": D(2026, 12, 31),
        "verified_only": False,
    } | overrides
    return services.goal_create(**values)


@pytest.mark.django_db
def test_creating_the_same_goal_twice_keeps_one(alice):
    first = _custom(alice)
    second = _custom(alice)
    assert first == second
    assert Goal.objects.filter(user=alice).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"ends_on": D(2025, 12, 31)}, "ends_on"),
        ({"target_hours": 0}, "target_hours"),
        ({"name": "   "}, "name"),
        ({"kind": "bogus"}, "kind"),
    ],
)
def test_a_goal_that_makes_no_sense_is_refused_with_the_field_named(alice, overrides, field):
    with pytest.raises(ValidationError) as error:
        _custom(alice, **overrides)
    assert field in error.value.message_dict
    assert not Goal.objects.exists()


@pytest.mark.django_db
def test_an_award_goal_gets_its_name_target_and_12_month_window(alice):
    goal = services.goal_create_pvsa(user=alice, band="adults", level="gold", starts_on=D(2026, 1, 1))
    assert (goal.kind, goal.target_hours, goal.ends_on) == (GoalKind.PVSA, 500, D(2026, 12, 31))
    assert goal.verified_only is True


@pytest.mark.django_db
def test_an_unknown_award_level_is_refused(alice):
    with pytest.raises(ValidationError):
        services.goal_create_pvsa(user=alice, band="adults", level="platinum", starts_on=D(2026, 1, 1))


@pytest.mark.django_db
def test_updating_a_goal_sets_its_fields(alice):
    goal = GoalFactory(user=alice)
    services.goal_update(
        goal=goal,
        name="Renamed",
        target_hours=7,
        starts_on=D(2026, 2, 1),
        ends_on=D(2026, 2, 28),
        verified_only=True,
    )
    goal.refresh_from_db()
    assert (goal.name, goal.target_hours, goal.ends_on, goal.verified_only) == (
        "Renamed",
        7,
        D(2026, 2, 28),
        True,
    )


@pytest.mark.django_db
def test_deleting_a_goal_twice_is_harmless_and_keeps_the_hours(alice):
    goal = GoalFactory(user=alice)
    entry = HoursEntryFactory(user=alice)
    services.goal_delete(goal=goal)
    services.goal_delete(goal=goal)
    assert not Goal.objects.exists()
    assert entry.__class__.objects.filter(pk=entry.pk).exists()


# --- Pages -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_goal_list_shows_a_labelled_progress_bar(alice, alice_client):
    GoalFactory(
        user=alice, name="Fifty hours", target_hours=50, starts_on=D(2026, 1, 1), ends_on=D(2026, 12, 31)
    )
    HoursEntryFactory(user=alice, date=D(2026, 5, 5), minutes=12 * 60)
    content = alice_client.get("/me/goals/").content.decode()
    assert '<progress max="3000" value="720"' in content
    assert "12 of 50 h, 24 %" in content
    assert "Fifty hours" in content


@pytest.mark.django_db
def test_a_new_person_sees_an_empty_goal_list_that_says_what_to_do(alice_client):
    content = alice_client.get("/me/goals/").content.decode()
    assert "No goals yet" in content
    assert "/me/goals/new/?kind=pvsa" in content


@pytest.mark.django_db
def test_a_custom_goal_is_made_from_the_form(alice, alice_client):
    response = alice_client.post(
        "/me/goals/new/",
        {"name": "Summer push", "target_hours": "20", "starts_on": "2026-06-01", "ends_on": "2026-08-31"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/me/goals/"
    goal = Goal.objects.get(user=alice)
    assert (goal.kind, goal.name, goal.target_hours, goal.verified_only) == (
        GoalKind.CUSTOM,
        "Summer push",
        20,
        False,
    )


@pytest.mark.django_db
def test_a_school_requirement_starts_with_verified_only_ticked(alice_client):
    content = alice_client.get("/me/goals/new/?kind=school").content.decode()
    assert "School requirement" in content
    assert 'value="School service hours"' in content
    assert (
        'name="verified_only" aria-describedby="id_verified_only_helptext" id="id_verified_only" checked'
        in content
    )


@pytest.mark.django_db
def test_a_school_requirement_is_saved_as_that_kind(alice, alice_client):
    alice_client.post(
        "/me/goals/new/?kind=school",
        {
            "name": "Graduation hours",
            "target_hours": "40",
            "starts_on": "2026-09-01",
            "ends_on": "2027-06-30",
            "verified_only": "on",
        },
    )
    goal = Goal.objects.get(user=alice)
    assert (goal.kind, goal.verified_only) == (GoalKind.SCHOOL, True)


@pytest.mark.django_db
def test_the_award_form_preselects_the_age_band_from_the_birth_date(alice, alice_client):
    alice.date_of_birth = D(2012, 1, 1)
    alice.save()
    content = alice_client.get("/me/goals/new/?kind=pvsa").content.decode()
    assert '<input type="radio" name="band" value="teens" id="id_band_1" required checked>' in content
    assert "4,000" in content


@pytest.mark.django_db
def test_the_award_form_preselects_nothing_without_a_birth_date(alice_client):
    content = alice_client.get("/me/goals/new/?kind=pvsa").content.decode()
    band_inputs = re.findall(r'<input type="radio" name="band"[^>]*>', content)
    assert len(band_inputs) == 4
    assert not any("checked" in tag for tag in band_inputs)
    assert "Add your date of birth in your account" in content


@pytest.mark.django_db
def test_the_award_form_makes_a_goal_with_the_bands_lower_bound(alice, alice_client):
    response = alice_client.post(
        "/me/goals/new/?kind=pvsa",
        {"band": "young_adults", "level": "silver", "starts_on": "2026-01-15", "verified_only": "on"},
    )
    assert response.status_code == 302
    goal = Goal.objects.get(user=alice)
    assert (goal.kind, goal.target_hours, goal.ends_on) == (GoalKind.PVSA, 175, D(2027, 1, 14))


@pytest.mark.django_db
def test_a_backwards_window_is_shown_next_to_the_end_date(alice_client):
    response = alice_client.post(
        "/me/goals/new/",
        {"name": "Oops", "target_hours": "5", "starts_on": "2026-06-01", "ends_on": "2026-05-01"},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_ends_on_error"' in content
    assert "The end date must be on or after the start date." in content
    assert 'aria-invalid="true"' in content
    assert not Goal.objects.exists()


@pytest.mark.django_db
def test_editing_a_goal_changes_it(alice, alice_client):
    goal = GoalFactory(user=alice)
    response = alice_client.post(
        f"/me/goals/{goal.pk}/edit/",
        {"name": "New name", "target_hours": "3", "starts_on": "2026-01-01", "ends_on": "2026-01-31"},
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert (goal.name, goal.target_hours) == ("New name", 3)


@pytest.mark.django_db
def test_deleting_a_goal_asks_first_then_deletes_on_post(alice, alice_client):
    goal = GoalFactory(user=alice, name="Old goal")
    assert "Delete this goal?" in alice_client.get(f"/me/goals/{goal.pk}/delete/").content.decode()
    assert Goal.objects.filter(pk=goal.pk).exists()
    assert alice_client.post(f"/me/goals/{goal.pk}/delete/").status_code == 302
    assert not Goal.objects.filter(pk=goal.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/me/goals/{pk}/edit/", "/me/goals/{pk}/delete/"])
def test_another_persons_goal_is_not_found_and_left_alone(alice, bob_client, path):
    goal = GoalFactory(user=alice)
    assert bob_client.get(path.format(pk=goal.pk)).status_code == 404
    assert bob_client.post(path.format(pk=goal.pk), {"name": "Mine", "target_hours": "1"}).status_code == 404
    assert Goal.objects.filter(pk=goal.pk, name=goal.name).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/me/goals/",
        "/me/goals/new/",
        "/me/goals/new/?kind=pvsa",
        "/me/goals/{pk}/edit/",
        "/me/goals/{pk}/delete/",
    ],
)
def test_goal_pages_are_for_their_owner_only(alice, alice_client, bob_client, anon, path):
    url = path.format(pk=GoalFactory(user=alice).pk)
    assert alice_client.get(url).status_code == 200
    if "{pk}" in path:
        assert bob_client.get(url).status_code == 404
    response = anon.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/me/goals/")


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 10])
def test_the_goal_list_query_count_does_not_grow_with_goals(
    alice, alice_client, django_assert_num_queries, count
):
    for _ in range(count):
        GoalFactory(user=alice)
        HoursEntryFactory(user=alice)
    # session, user, goals, one progress aggregate
    with django_assert_num_queries(4):
        assert alice_client.get("/me/goals/").status_code == 200
