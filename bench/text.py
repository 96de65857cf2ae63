"""Deterministic, realistic-looking text for volunteering listings, with search words planted at a
controlled document frequency.

Words come from bench/words.py with Zipf-like weights (the first words of each list are common, the
last rare), so a full-text index sees a natural spread of very common and rare terms, accented words
included. The benchmark's search queries (SEARCH_QUERIES) use words that occur nowhere else: the rare
and medium ones are planted by `planted_words(seed, index)`, a pure function of the listing's index,
so every tier has exactly the planned number of matches whatever the batch boundaries are.
"""

from __future__ import annotations

import bisect
import html
import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass

from bench import words

# Rare words match one listing in RARE_PERIOD (5 at 100k, 50 at 1M: selective queries); medium words
# one in MEDIUM_PERIOD; common words are ordinary vocabulary, each in 25-50 % of listings.
RARE_PERIOD = 20_000
MEDIUM_PERIOD = 100
SEARCH_QUERIES: dict[str, list[str]] = {
    "rare": ["quillwort", "heliograph", "marimba", "zither", "orrery", "gnomon", "verdigris", "cartouche",
             "lapidary", "nanduti"],
    "medium": ["origami", "calligraphy", "beekeeping", "kayaking", "bookbinding"],
    # Measured on the seeded catalogue: 30-42 % of listings each ("volunteer", in 93 %, is too common).
    "common": ["flexible", "experience", "young", "older", "share"],
}  # fmt: skip
# How a planted word is written in listings; the query is typed without accents ("nanduti" must find
# "ñandutí", so accent folding is on the measured path).
PLANTED_SPELLING = {"nanduti": "ñandutí"}

# Zipf-Mandelbrot weights 1/(rank + ZIPF_OFFSET)^ZIPF_EXPONENT: the offset keeps the very first words
# of a list from turning up in every single listing.
ZIPF_EXPONENT = 1.0
ZIPF_OFFSET = 2.7
REL = "nofollow noopener noreferrer"  # what the sanitizer adds to every link: stored HTML carries it


def _splitmix64(value: int) -> int:
    value = (value + 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
    value = ((value ^ (value >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
    value = ((value ^ (value >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
    return value ^ (value >> 31)


def _slot(seed: int, kind: int, word_no: int, block: int, period: int) -> int:
    """Where in its block of `period` listings a planted word goes: one place per block."""
    return _splitmix64(_splitmix64(_splitmix64(seed) ^ (kind << 40) ^ (word_no << 32)) ^ block) % period


def planted_words(seed: int, index: int) -> tuple[str, ...]:
    """The search words listing number `index` (0-based) must contain, as written in the text.
    Each rare word sits in exactly one listing of every RARE_PERIOD, each medium word in one of every
    MEDIUM_PERIOD: a pure function of (seed, index), so batches and tiers agree."""
    found = []
    for kind, (group, period) in enumerate((("rare", RARE_PERIOD), ("medium", MEDIUM_PERIOD))):
        block, position = divmod(index, period)
        for word_no, word in enumerate(SEARCH_QUERIES[group]):
            if _slot(seed, kind, word_no, block, period) == position:
                found.append(PLANTED_SPELLING.get(word, word))
    return tuple(found)


def planted_counts(seed: int, listings: int) -> dict[str, int]:
    """How many of the first `listings` listings contain each rare and medium word."""
    counts = {}
    for kind, (group, period) in enumerate((("rare", RARE_PERIOD), ("medium", MEDIUM_PERIOD))):
        full, rest = divmod(listings, period)
        for word_no, word in enumerate(SEARCH_QUERIES[group]):
            counts[word] = full + (_slot(seed, kind, word_no, full, period) < rest)
    return counts


class _Zipf:
    """Draws from a list with Zipf-Mandelbrot weights: the list's order is its frequency order."""

    def __init__(self, items: Sequence[str]) -> None:
        self.items = list(items)
        self.cumulative = list(
            itertools.accumulate(1.0 / (rank + ZIPF_OFFSET) ** ZIPF_EXPONENT for rank in range(len(items)))
        )
        self.total = self.cumulative[-1]

    def pick(self, rng: random.Random) -> str:
        return self.items[bisect.bisect(self.cumulative, rng.random() * self.total)]


def plural(noun: str) -> str:
    if noun in words.PLURALS:
        return words.PLURALS[noun]
    if noun[-1] == "y" and noun[-2] not in "aeiou":
        return noun[:-1] + "ies"
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    return noun + "s"


def third_person(verb: str) -> str:
    if verb[-1] == "y" and verb[-2] not in "aeiou":
        return verb[:-1] + "ies"
    return verb + "es" if verb.endswith(("s", "x", "ch", "sh", "o")) else verb + "s"


def gerund(verb: str) -> str:
    if verb.endswith("ie"):
        return verb[:-2] + "ying"
    if verb.endswith("e") and not verb.endswith(("ee", "ye")):
        return verb[:-1] + "ing"
    if len(verb) <= 4 and verb[-1] in "bdgmnpt" and verb[-2] in "aeiou" and verb[-3] not in "aeiou":
        return verb + verb[-1] + "ing"  # run -> running, plan -> planning
    return verb + "ing"


def vocabulary() -> set[str]:
    """Every word the generator can write outside the planted ones (lower case, as listed)."""
    found: set[str] = set()
    lists: list[Sequence[str]] = [words.ADJECTIVES, words.ADVERBS, words.FUNCTION_WORDS, words.ROLES,
                                  words.MODES, words.COMMITMENTS, tuple(words.SKILLS.values()),
                                  words.ORG_ADJECTIVES, words.ORG_NOUNS, words.ORG_KINDS, words.ORG_FOREIGN_NOUNS,
                                  [place for row in words.PLACES for place in row[:2]], *words.FOREIGN.values(),
                                  [kind for kind, _language in words.ORG_FOREIGN], _FOREIGN_TITLE_WORDS]  # fmt: skip
    lists += [phrases for cause in words.CAUSES.values() for phrases in cause]
    lists += [words.NOUNS, [plural(noun) for noun in words.NOUNS]]
    lists += [
        words.VERBS,
        [third_person(verb) for verb in words.VERBS],
        [gerund(verb) for verb in words.VERBS],
    ]
    for phrases in lists:
        for phrase in phrases:
            found.update(phrase.lower().replace("-", " ").replace("'", " ").split())
    return found


# Title templates in the other languages; {topic} is one of that language's topics.
_FOREIGN_TITLES = {
    "es": (("Voluntario/a de {topic} {mode}", "Voluntariado en {topic}", "Buscamos voluntarios para {topic}"),
           ("apoyo escolar", "educación de adultos", "acompañamiento a mayores", "banco de alimentos",
            "traducción", "clases de inglés", "inclusión digital", "atención a migrantes"),
           ("en línea", "desde casa", "presencial", "los fines de semana")),
    "fr": (("Bénévole {topic} {mode}", "Bénévolat : {topic}", "Devenez bénévole pour {topic}"),
           ("aide aux devoirs", "épicerie solidaire", "accompagnement des personnes âgées", "café des langues",
            "soutien aux réfugiés", "médiation numérique", "éducation à l'environnement"),
           ("en ligne", "à distance", "sur place", "le week-end")),
    "de": (("Ehrenamtliche Hilfe: {topic} {mode}", "Freiwillige für {topic} gesucht", "Ehrenamt {topic}"),
           ("Nachhilfe in Mathematik", "Lesepaten", "Begleitung von Geflüchteten", "Sprachcafé", "die Tafel",
            "Seniorenbesuche", "Pflege von Grünflächen"),
           ("online", "von zu Hause", "vor Ort", "am Wochenende")),
    "pt": (("Voluntário/a de {topic} {mode}", "Voluntariado: {topic}", "Procuramos voluntários para {topic}"),
           ("apoio escolar", "educação de jovens", "acompanhamento de idosos", "tradução", "aulas de inglês",
            "inclusão digital", "apoio a refugiados"),
           ("a distância", "em casa", "presencial", "aos fins de semana")),
}  # fmt: skip
_FOREIGN_TITLE_WORDS = [
    text for templates, topics, modes in _FOREIGN_TITLES.values() for text in (*templates, *topics, *modes)
]
_FOREIGN_INTRO = {
    "es": "Buscamos personas voluntarias con ganas de ayudar. La formación está incluida y el horario es flexible.",
    "fr": "Nous cherchons des bénévoles motivés. Une formation est prévue et les horaires sont souples.",
    "de": "Wir suchen engagierte Freiwillige. Eine Einarbeitung ist inklusive, die Zeiten sind flexibel.",
    "pt": "Procuramos pessoas voluntárias com vontade de ajudar. A formação está incluída e o horário é flexível.",
}  # fmt: skip
_PLANTED_SENTENCES = (
    "Bonus if you have ever tried {word}.",
    "Some of our volunteers also run a small {word} group.",
    "Last year we raised funds with a {word} evening.",
    "Ask us about the {word} project when you apply.",
    "We are also looking for someone who knows about {word}.",
)
_LIST_INTROS = ("What you will do:", "Your tasks:", "In this role you will:", "How you can help:")
_CLOSINGS = (
    "Read more and apply on {link} &amp; we will get back to you within a week.",
    "Questions? See the FAQ on {link} &amp; drop us a line.",
    "Training, expenses &amp; a friendly team provided. Details on {link}.",
    "Find the full role description on {link}.",
)
_REFERENCE_PREFIXES = ("VOL", "REF", "ROLE", "OPP", "JOB")
_LINK_TEXTS = ("our website", "the role page", "this page", "our volunteering page")


@dataclass(frozen=True)
class Description:
    """A listing's description as stored: sanitized HTML (what the sanitizer would keep) and its
    plain text (what normalize.html_to_text gives for it)."""

    html: str
    text: str


@dataclass(frozen=True)
class ListingText:
    title: str
    summary: str
    description: Description


class TextGenerator:
    """Titles, organisation names, summaries and descriptions, drawn only from `rng`."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    # --- one-line texts ----------------------------------------------------------------------------

    def organisation_name(self) -> str:
        rng = self.rng
        if rng.random() < 0.12:
            kind, _language = rng.choice(words.ORG_FOREIGN)
            name = f"{kind} {rng.choice(words.ORG_FOREIGN_NOUNS)} {rng.choice(words.PLACES)[0]}"
        elif rng.random() < 0.25:
            name = (
                f"{rng.choice(words.ORG_NOUNS)} {rng.choice(words.ORG_KINDS)} {rng.choice(words.PLACES)[0]}"
            )
        else:
            name = f"{rng.choice(words.ORG_ADJECTIVES)} {rng.choice(words.ORG_NOUNS)} {rng.choice(words.ORG_KINDS)}"
            if rng.random() < 0.1:
                name = "The " + name
        suffix = rng.choice(words.LEGAL_SUFFIXES)
        return f"{name} {suffix}" if suffix else name

    def title(self, *, cause: str, language: str = "en", organisation: str = "", city: str = "") -> str:
        rng = self.rng
        if language in _FOREIGN_TITLES:
            templates, topics, modes = _FOREIGN_TITLES[language]
            title = rng.choice(templates).format(topic=rng.choice(topics), mode=rng.choice(modes))
            return title.strip()
        topics, audiences, _labels = words.CAUSES[cause]
        topic, audience = rng.choice(topics), rng.choice(audiences)
        role, mode = rng.choice(words.ROLES), rng.choice(words.MODES)
        short_org = organisation.split(" ")[0] if organisation else "us"
        pattern = rng.randrange(9)
        title = (
            f"{mode} {topic} {role} for {audience}",
            f"{topic} {role}",
            f"{role} – {topic} ({mode.lower()})",  # noqa: RUF001 - titles use real dashes
            f"Help with {topic} in {city}" if city else f"Help with {topic} from home",
            f"{rng.choice(words.TITLE_OPENERS)} {topic} team",
            f"{topic}: {role}s needed",
            f"{rng.choice(tuple(words.SKILLS.values()))} {role} for {short_org}",
            f"{mode} {role} for {audience}",
            f"{topic} ({mode.lower()}, {rng.choice(words.COMMITMENTS).lower()})",
        )[pattern]
        return title[0].upper() + title[1:]

    def summary(self, *, cause: str, organisation: str, commitment: str) -> str:
        rng = self.rng
        topics, audiences, _labels = words.CAUSES[cause]
        first = rng.choice(
            (
                f"Join {organisation} to {rng.choice(words.VERBS)} {rng.choice(audiences)} through "
                f"{rng.choice(topics)}.",
                f"Help {rng.choice(audiences)} with {rng.choice(topics)}, {commitment.lower()}.",
                f"{organisation} needs a {rng.choice(words.ADJECTIVES)} {rng.choice(words.ROLES)} for "
                f"{rng.choice(topics)}.",
            )
        )
        if rng.random() < 0.5:
            return first
        return f"{first} {self._sentence()}"

    # --- descriptions ------------------------------------------------------------------------------

    def description(
        self,
        *,
        cause: str,
        organisation: str,
        link: str,
        skills: Sequence[str] = (),
        commitment: str = "",
        language: str = "en",
        extra_causes: Sequence[str] = (),
    ) -> Description:
        """2-5 paragraphs (80-250 words), usually with a list, always a link and an <em>."""
        rng = self.rng
        target = rng.randint(80, 250)
        topics, audiences, _labels = words.CAUSES[cause]
        intro = [
            f"{organisation} is looking for a {rng.choice(words.ADJECTIVES)} {rng.choice(words.ROLES)} "
            f"to help with {rng.choice(topics)}.",
            f"You will work with {rng.choice(audiences)} {rng.choice(_WHERE)}.",
        ]
        if language in _FOREIGN_INTRO:
            label, vocabulary = _KEYWORDS[language]
            keywords = ", ".join(dict.fromkeys(vocabulary.pick(rng) for _ in range(rng.randint(3, 5))))
            intro[:0] = [_FOREIGN_INTRO[language], f"{label}: {keywords}."]
        for other in extra_causes:
            intro.append(f"The role also touches on {rng.choice(words.CAUSES[other][0])}.")
        if skills:
            intro.append(f"Useful skills: {', '.join(words.SKILLS[slug] for slug in skills)}.")
        # Body sentences up to the word target (the list and the closing add some 20 more), shared
        # out over 1-4 paragraphs after the intro.
        count = sum(len(sentence.split()) for sentence in intro)
        body_paragraphs = rng.randint(1, 4)
        body: list[str] = []
        while count < target - 20 or len(body) < body_paragraphs:
            sentence = self._sentence()
            body.append(sentence)
            count += len(sentence.split())
        size = -(-len(body) // body_paragraphs)
        paragraphs = [intro] + [body[start : start + size] for start in range(0, len(body), size)]
        items = [self._task() for _ in range(rng.randint(3, 5))] if rng.random() < 0.7 else []
        facts = [("Time", commitment)] if commitment else []
        if rng.random() < 0.5:
            # Reference numbers give the index the long tail of one-off terms real listings have.
            facts.append(("Reference", f"{rng.choice(_REFERENCE_PREFIXES)}-{rng.randint(1000, 999_999)}"))
        return _render(
            paragraphs,
            items=items,
            list_intro=rng.choice(_LIST_INTROS),
            emphasis=rng.randrange(len(paragraphs[0])),
            closing=rng.choice(_CLOSINGS),
            link=link,
            link_text=rng.choice(_LINK_TEXTS),
            facts=facts,
        )

    def listing(
        self,
        *,
        cause: str,
        organisation: str,
        link: str,
        skills: Sequence[str] = (),
        commitment: str = "",
        language: str = "en",
        city: str = "",
        planted: Sequence[str] = (),
        extra_causes: Sequence[str] = (),
    ) -> ListingText:
        title = self.title(cause=cause, language=language, organisation=organisation, city=city)
        written = ListingText(
            title=title,
            summary=self.summary(cause=cause, organisation=organisation, commitment=commitment or "weekly"),
            description=self.description(
                cause=cause,
                organisation=organisation,
                link=link,
                skills=skills,
                commitment=commitment,
                language=language,
                extra_causes=extra_causes,
            ),
        )
        return plant(written, planted, self.rng)

    def _sentence(self) -> str:
        rng = self.rng
        noun, nouns, adjective = _NOUNS.pick, _PLURAL_NOUNS.pick, _ADJECTIVES.pick
        verb, verbs_s, adverb = _VERBS.pick, _VERBS_S.pick, _ADVERBS.pick
        pattern = rng.randrange(8)
        if pattern == 0:
            text = f"We {verb(rng)} {nouns(rng)} with {adjective(rng)} {nouns(rng)}."
        elif pattern == 1:
            text = f"You will {verb(rng)} the {adjective(rng)} {noun(rng)} and {verb(rng)} {nouns(rng)} {adverb(rng)}."
        elif pattern == 2:
            text = f"Our {noun(rng)} {verbs_s(rng)} {adjective(rng)} {nouns(rng)} in the {noun(rng)}."
        elif pattern == 3:
            text = (
                f"{adjective(rng).capitalize()} {nouns(rng)} {verb(rng)} our {noun(rng)} every {noun(rng)}."
            )
        elif pattern == 4:
            text = f"No {noun(rng)} needed: we {verb(rng)} every {noun(rng)} {adverb(rng)}."
        elif pattern == 5:
            text = f"The {noun(rng)} {verbs_s(rng)} {nouns(rng)}, {nouns(rng)} and {nouns(rng)}."
        elif pattern == 6:
            text = (
                f"Each {noun(rng)} you {verb(rng)} {verbs_s(rng)} a {adjective(rng)} {noun(rng)} for "
                f"{adjective(rng)} {nouns(rng)}."
            )
        else:
            text = f"{_GERUNDS.pick(rng).capitalize()} {nouns(rng)} is {adverb(rng)} {adjective(rng)} here."
        return text

    def _task(self) -> str:
        rng = self.rng
        return f"{_VERBS.pick(rng).capitalize()} {_ADJECTIVES.pick(rng)} {_PLURAL_NOUNS.pick(rng)}"


_WHERE = ("online", "from home", "at our centre", "in small groups", "one to one", "by phone",
          "over video calls", "on site", "in the evenings", "at weekends")  # fmt: skip
_NOUNS = _Zipf(words.NOUNS)
_PLURAL_NOUNS = _Zipf([plural(noun) for noun in words.NOUNS])
_VERBS = _Zipf(words.VERBS)
_VERBS_S = _Zipf([third_person(verb) for verb in words.VERBS])
_GERUNDS = _Zipf([gerund(verb) for verb in words.VERBS])
_ADJECTIVES = _Zipf(words.ADJECTIVES)
_ADVERBS = _Zipf(words.ADVERBS)
# A keyword line in the listing's own language: accented words the search must fold.
_KEYWORDS = {
    language: (label, _Zipf(words.FOREIGN[language]))
    for language, label in (("es", "Palabras clave"), ("fr", "Mots-clés"), ("de", "Stichworte"),
                            ("pt", "Palavras-chave"))
}  # fmt: skip


def _render(
    paragraphs: list[list[str]],
    *,
    items: list[str],
    list_intro: str,
    emphasis: int,
    closing: str,
    link: str,
    link_text: str,
    facts: list[tuple[str, str]],
) -> Description:
    """The HTML exactly as the sanitizer would keep it, and the text html_to_text makes of it:
    built side by side rather than parsed back, which costs a fraction of the two nh3 passes."""
    html_parts, text_parts = [], []
    for number, sentences in enumerate(paragraphs):
        escaped = [html.escape(sentence, quote=False) for sentence in sentences]
        if number == 0:
            escaped[emphasis] = f"<em>{escaped[emphasis]}</em>"
        html_parts.append(f"<p>{' '.join(escaped)}</p>")
        text_parts.append(" ".join(sentences))
        if number == 0 and items:
            html_parts.append(f"<p>{html.escape(list_intro, quote=False)}</p>")
            text_parts.append(list_intro)
            html_parts.append(
                "<ul>" + "".join(f"<li>{html.escape(item, quote=False)}</li>" for item in items) + "</ul>"
            )
            text_parts.extend(items)
    for label, value in facts:
        html_parts.append(f"<p><strong>{label}:</strong> {html.escape(value, quote=False)}</p>")
        text_parts.append(f"{label}: {value}")
    anchor = f'<a href="{html.escape(link)}" rel="{REL}">{link_text}</a>'
    html_parts.append(f"<p>{closing.format(link=anchor)}</p>")
    text_parts.append(html.unescape(closing.format(link=link_text)))
    return Description(html="".join(html_parts), text="\n\n".join(text_parts))


def plant(
    written: ListingText, planted: Sequence[str], rng: random.Random, *, in_title: float = 0.2
) -> ListingText:
    """The listing with a sentence for each planted word, in a paragraph before the closing one;
    with chance `in_title` the first word goes into the title too, as in real listings ("… (marimba)").
    Separate from writing the listing, so duplicates of one listing can differ only here (and
    there with in_title=0: a title word the other copy lacks tells the duplicate finder they differ)."""
    if not planted:
        return written
    sentences = [rng.choice(_PLANTED_SENTENCES).format(word=word) for word in planted]
    title = f"{written.title} ({planted[0]})" if rng.random() < in_title else written.title
    html_at = written.description.html.rfind("<p>")
    text_at = written.description.text.rfind("\n\n")
    paragraph_html = f"<p>{html.escape(' '.join(sentences), quote=False)}</p>"
    description = Description(
        html=written.description.html[:html_at] + paragraph_html + written.description.html[html_at:],
        text=f"{written.description.text[:text_at]}\n\n{' '.join(sentences)}{written.description.text[text_at:]}",
    )
    return ListingText(title=title, summary=written.summary, description=description)


def _check_vocabulary() -> None:
    """The controlled words must occur only where planted, or their frequency is no longer known."""
    clash = {word for group in ("rare", "medium") for word in SEARCH_QUERIES[group]} & vocabulary()
    if clash:
        raise AssertionError(f"planted search words also in the vocabulary: {sorted(clash)}")


_check_vocabulary()
