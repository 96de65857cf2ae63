"""Full-text search in the database: the same listings and queries give the same answers on
SQLite (FTS5) and PostgreSQL (tsvector). CI runs this file on both; the expected results below are
one table, so a backend that answers differently fails here."""

from __future__ import annotations

import pytest
from django.db import connection

from opportunities import fulltext, paging, search, selectors
from opportunities.models import Opportunity, Status
from tests.factories import OpportunityFactory, OrganizationFactory

# key: (title, organisation, summary, description)
LISTINGS = {
    "tutor": (
        "Online reading tutor for children",
        "Lumen Literacy Trust",
        "",
        "Help pupils read by video call.",
    ),
    "tutoring": ("Maths tutoring volunteer", "Numbers Club", "", "Weekly sessions over video."),
    "crisis": ("Crisis text line volunteer", "Listening Ear", "Answer texts at night.", "Training provided."),
    "mapping": (
        "Disaster mapping in OpenStreetMap",
        "Humanitarian Mappers",
        "",
        "Trace roads and buildings.",
    ),
    "spanish": ("Tutor/a de lectura en línea", "Puentes de Palabra", "", "Educación para niñas y niños."),
    "french": ("Traducteur bénévole français–anglais", "Sahel Ondes", "", "Sous-titres pour la radio."),
    "german": ("Ehrenamtliche Übersetzung für Geflüchtete", "Straßenhilfe e.V.", "", "Deutsch und Arabisch."),
    "greek": ("Εθελοντική ΔΙΔΑΣΚΑΛΙΑ", "Οργάνωση Αθηνάς", "", "Μαθήματα για παιδιά."),
    "org_only": ("Volunteer coordinator", "Tutor Network International", "", "Coordinate our volunteers."),
    "desc_only": ("Fundraising assistant", "Bright Futures", "", "Raise money for our tutor programme."),
    "email": ("E-mail support helper", "Inbox Heroes", "", "Answer e-mails from users."),
    "covid": ("COVID-19 helpline", "Health Line", "", "Answer calls about covid vaccines."),
}

CASES = [
    # query, keys expected (in any order)
    ("tutor", {"tutor", "spanish", "org_only", "desc_only", "tutoring"}),  # last word is a prefix
    ("tutor ", {"tutor", "spanish", "org_only", "desc_only"}),  # finished word: exact
    ("TUTOR children", {"tutor"}),
    ("educacion", {"spanish"}),  # accents folded in the document
    ("EDUCACIÓN", {"spanish"}),  # … and in the query
    ("benevole francais", {"french"}),
    ("strassenhilfe", set()),  # ß is not ss, on both
    ("straße", {"german"}),
    ("ubersetzung", {"german"}),
    ("διδασκαλια", {"greek"}),  # Greek case and accents
    ("αθηνασ", {"greek"}),  # final sigma
    ('"text line"', {"crisis"}),
    ('"line text"', set()),
    ("crisis -night", set()),  # the summary counts
    ("volunteer -crisis", {"tutoring", "org_only"}),
    ("-covid", set(LISTINGS) - {"covid"}),
    ("mapping or mappers", {"mapping"}),
    ("crisis or maths", {"crisis", "tutoring"}),
    ("e-mail", {"email"}),
    ("email", set()),  # "e-mail" is the words e, mail
    ("covid 19", {"covid"}),
    ("lumen", {"tutor"}),  # the organisation's name
    ("nothing-like-this", set()),
    ("'; DROP TABLE opportunities_opportunity; --", set()),
    ('AND OR NOT NEAR "', set()),
]


@pytest.fixture
def corpus(db) -> dict[str, Opportunity]:
    created = {}
    for key, (title, organization, summary, description) in LISTINGS.items():
        created[key] = OpportunityFactory(
            title=title,
            organization=OrganizationFactory(name=organization, normalized_name=organization.lower()),
            summary=summary,
            description_text=description,
        )
    return created


def found(text: str) -> set[int]:
    filterset = selectors.opportunity_filterset(data={"q": text})
    filterset.is_valid()
    return set(filterset.qs.values_list("pk", flat=True))


@pytest.mark.parametrize(("query", "expected"), CASES)
def test_search_finds_the_same_listings_on_every_database(corpus, query, expected):
    assert found(query) == {corpus[key].pk for key in expected}


def test_the_index_follows_edits_to_title_description_and_organisation(corpus):
    listing = corpus["mapping"]
    Opportunity.objects.filter(pk=listing.pk).update(title="Satellite imagery tracing")
    assert found("satellite") == {listing.pk}
    assert listing.pk not in found("openstreetmap")

    listing.description_text = "Now with drones."
    listing.save()
    assert found("drones") == {listing.pk}

    organization = listing.organization
    organization.name = "Skyward Cartographers"
    organization.save()
    assert found("skyward") == {listing.pk}
    assert found("humanitarian") == set()


def test_a_deleted_listing_leaves_the_index(corpus):
    gone = corpus["crisis"].pk
    Opportunity.objects.filter(pk=gone).delete()
    assert found("crisis") == set()


def test_search_matches_listings_written_by_bulk_upserts(db, taxonomy):
    from django.utils import timezone

    from opportunities import services
    from opportunities.feeds.base import ListingData
    from tests.factories import SourceFactory

    source = SourceFactory()
    listing = ListingData(
        source_item_id="bulk-1",
        url="https://example.org/bulk-1",
        title="Accessible gardening workshop helper",
        description_html="<p>Help run a wheelchair-friendly garden.</p>",
        organization_name="Green Wheels Collective",
    )
    services.listings_upsert(source=source, listings=[listing], seen_at=timezone.now())
    assert len(found("wheelchair")) == 1
    assert len(found("green wheels")) == 1


def test_title_matches_rank_above_organisation_and_description_matches(corpus):
    filterset = selectors.opportunity_filterset(data={"q": "tutor "})
    filterset.is_valid()
    page = selectors.opportunity_search(filterset=filterset, sort=paging.Sort.RELEVANCE)
    order = [item.pk for item in page.items]
    title_hits = {corpus["tutor"].pk, corpus["spanish"].pk}
    assert set(order[:2]) == title_hits
    assert order.index(corpus["org_only"].pk) < order.index(corpus["desc_only"].pk)


def test_only_active_listings_are_searched(corpus):
    Opportunity.objects.filter(pk=corpus["crisis"].pk).update(status=Status.EXPIRED)
    assert found("crisis") == set()


@pytest.mark.parametrize(
    "text",
    [
        "Éducation Niño",
        "Straße ÜBER",
        "ΟΔΟΣ Αθηνάς",
        "Ёлка й",
        "ﬁre ² ½",
        "e-mail o'brien snake_case",
        "中文 العربية हिन्दी",
        "",
    ],
)
def test_the_database_folds_documents_exactly_as_python_folds_queries(db, text):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pitchin_search_words(%s)", [text])
        in_database = cursor.fetchone()[0]
    assert in_database.split() == search.words(text)


def test_installing_the_index_again_changes_nothing_and_repairs_lost_triggers(corpus):
    fulltext.index_install(connection)
    assert found("crisis") == {corpus["crisis"].pk}
    if connection.vendor == "sqlite":
        # What a table rebuild by a later migration does to our triggers.
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER opportunity_fts_insert")
        OpportunityFactory(title="Written while the trigger was gone")
        assert found("gone") == set()
        fulltext.index_install(connection)
        assert len(found("gone")) == 1
