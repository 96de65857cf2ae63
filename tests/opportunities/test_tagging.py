"""The tagging engine's mechanics with a small rule table of our own (the real tables are tested
against the labelled set in test_quality.py)."""

from __future__ import annotations

import pytest

from opportunities import tagging
from opportunities.tagging import TagInput

PHRASES = {
    "hunger": (("food bank", 2.0), ("meal*", 1.0), ("hunger", 2.0)),
    "environment": (("tree*", 1.0), ("climate", 1.0), ("reforest*", 2.0)),
    "crisis-mental-health": (("crisis", 1.0), ("helpline", 2.0)),
    "children-youth": (("after school", 1.0), ("youth", 1.0)),
}
MASKS = ("family tree*", "climate crisis")


@pytest.fixture(autouse=True)
def small_rules(monkeypatch):
    table = tagging._compile(PHRASES, MASKS)
    monkeypatch.setattr(tagging, "_cause_table", lambda: table)


def slugs(item: TagInput, **kwargs) -> list[str]:
    return [tag.slug for tag in tagging.tag_causes(item, **kwargs)]


def test_a_decisive_phrase_anywhere_tags_the_cause_with_its_reason():
    [tag] = tagging.tag_causes(
        TagInput(title="Weekend volunteer", description="Sort donations at our food bank.")
    )
    assert (tag.slug, tag.method) == ("hunger", "rule")
    assert tag.reason == 'rule: "food bank" in description'
    assert 0 < tag.confidence <= 0.95


def test_an_ordinary_phrase_counts_double_in_the_title():
    assert slugs(TagInput(title="Youth mentor")) == ["children-youth"]
    assert slugs(TagInput(title="Mentor", description="Work with youth.")) == []
    assert slugs(TagInput(title="Mentor", description="Youth and after-school clubs.")) == ["children-youth"]


def test_prefixes_case_accents_and_hyphens_are_folded():
    assert slugs(TagInput(title="x", description="REFORESTATION in Brazil")) == ["environment"]
    assert slugs(TagInput(title="After-School YOUTH club")) == ["children-youth"]
    assert tagging.normalize_text("Éducation, Ça-va!") == " education ca va "


def test_masks_remove_traps_before_matching():
    assert slugs(TagInput(title="Transcribe a family tree archive", description="Trees of ancestors.")) == []
    assert slugs(TagInput(title="Climate crisis campaigner")) == []  # "climate" and "crisis" both masked


def test_a_topic_mentioned_in_passing_is_dropped_beside_a_strong_one():
    item = TagInput(title="Food bank hunger hotline", description="Our youth team also helps.")
    assert slugs(item) == ["hunger"]


def test_provider_codes_and_stated_slugs_are_source_tags():
    tags = tagging.tag_causes(
        TagInput(title="x", source_categories=("HUNGER_FOOD_SECURITY", "animals"), stated=("environment",))
    )
    assert {(tag.slug, tag.method, tag.reason) for tag in tags} == {
        ("environment", "source", "source: stated cause environment"),
        ("hunger", "source", "source: Idealist category HUNGER_FOOD_SECURITY"),
        ("animals", "source", "source: VolunteerMatch category animals"),
    }


def test_a_crosswalk_maps_a_free_text_label():
    [tag] = tagging.tag_causes(
        TagInput(title="x", source_categories=("Youth / Mentoring",)),
        crosswalk={"youth mentoring": ("children-youth",)},
    )
    assert (tag.slug, tag.method, tag.reason) == (
        "children-youth",
        "crosswalk",
        'crosswalk: "Youth / Mentoring" → children-youth',
    )


def test_a_source_tag_wins_over_a_rule_tag_for_the_same_cause():
    [tag] = tagging.tag_causes(TagInput(title="Food bank", stated=("hunger",)))
    assert tag.method == "source"


def test_free_text_labels_count_like_the_title():
    assert slugs(TagInput(title="Volunteer", source_categories=("Youth",))) == ["children-youth"]
