"""Consolidation of mentions into one entity per real-world thing, typed once, with canonical ids."""

from __future__ import annotations

from newswire.pipeline.enrich.entities import consolidate, mentions, places, wikidata


def _spans(body: str, *found: tuple[str, str]) -> list[tuple[str, str, str, int, int]]:
    """(text, label) pairs located in order in `body`, as consolidate() takes them."""
    spans, cursor = [], 0
    for text, label in found:
        start = body.index(text, cursor)
        spans.append((text, label, "body", start, start + len(text)))
        cursor = start + len(text)
    return spans


class TestPeople:
    def test_surname_and_honorific_join_the_full_name(self) -> None:
        """'Blair' and 'Mr Blair' after 'Tony Blair' are the same person."""
        body = "Tony Blair spoke. Blair left. Mr Blair returned."
        found = consolidate(_spans(body, ("Tony Blair", "PERSON"), ("Blair", "PERSON"), ("Mr Blair", "PERSON")), 0)
        assert [(e.name, e.count) for e in found] == [("Tony Blair", 3)]

    def test_type_is_decided_once_per_article(self) -> None:
        """A name tagged differently in places gets the type most of its mentions carry."""
        body = "Jordan said. Jordan added. Jordan left."
        found = consolidate(_spans(body, ("Jordan", "PERSON"), ("Jordan", "PERSON"), ("Jordan", "ORG")), 0)
        assert len(found) == 1
        assert found[0].type == "PERSON"

    def test_full_name_and_surname_share_one_type_whichever_was_mistyped(self) -> None:
        """'Tomas Varga' tagged ORG once and 'Varga' PERSON twice: one person, never an ORG beside a PERSON."""
        body = "Tomas Varga arrived. Varga spoke. Varga left."
        found = consolidate(_spans(body, ("Tomas Varga", "ORG"), ("Varga", "PERSON"), ("Varga", "PERSON")), len(body))
        assert [(e.name, e.type, e.count) for e in found] == [("Tomas Varga", "PERSON", 3)]

    def test_a_full_name_read_as_a_person_makes_its_surnames_people(self) -> None:
        """'Sergey Lavrov' PERSON once, 'Lavrov' ORG three times: one person, whatever most surnames voted."""
        body = "Sergey Lavrov spoke. Lavrov's visit. Foreign Minister Lavrov. Lavrov said."
        found = consolidate(
            _spans(body, ("Sergey Lavrov", "PERSON"), ("Lavrov", "ORG"), ("Lavrov", "ORG"), ("Lavrov", "ORG")),
            len(body),
        )
        assert [(e.name, e.type, e.count) for e in found] == [("Sergey Lavrov", "PERSON", 4)]

    def test_a_full_name_read_otherwise_is_typed_by_the_votes(self) -> None:
        """'Councillor Priya Raman' read as ORG, 'Raman' twice as PERSON: the surnames' votes decide."""
        body = "Councillor Priya Raman spoke. Raman said. Raman left."
        spans = _spans(body, ("Councillor Priya Raman", "ORG"), ("Raman", "PERSON"), ("Raman", "PERSON"))
        assert [e.type for e in consolidate(spans, len(body))] == ["PERSON"]

    def test_a_company_s_short_name_is_the_company(self) -> None:
        """'Magna' read as a person twice after 'Magna International Inc' (ORG): one organisation."""
        body = "Magna International Inc bought it. Magna was up. Magna said."
        spans = _spans(body, ("Magna International Inc", "ORG"), ("Magna", "PERSON"), ("Magna", "PERSON"))
        assert [(e.name, e.type, e.count) for e in consolidate(spans, len(body))] == [
            ("Magna International Inc", "ORG", 3)
        ]

    def test_a_place_is_not_short_for_a_company_it_starts(self) -> None:
        """'Washington' stays a place beside 'Washington Post'."""
        body = "The Washington Post said. Washington denied it."
        spans = _spans(body, ("Washington Post", "ORG"), ("Washington", "GPE"))
        assert sorted(e.type for e in consolidate(spans, len(body))) == ["GPE", "ORG"]

    def test_a_sentence_outvotes_a_table_row(self) -> None:
        """A name read as ORG in a results row and as PERSON in a sentence is a person: rows vote less."""
        body = "Tomas Varga 71 70\n\nTomas Varga led after two rounds."
        spans = _spans(body, ("Tomas Varga", "ORG"), ("Tomas Varga", "PERSON"))
        assert [e.type for e in consolidate(spans, len(body), [0.5, 1.0])] == ["PERSON"]


class TestAcronyms:
    def test_acronym_joins_its_expansion_either_way_round(self) -> None:
        """UNSC, UN Security Council and United Nations Security Council are one organization."""
        body = "The UNSC met. The United Nations Security Council voted. The UN Security Council adjourned."
        spans = _spans(
            body,
            ("UNSC", "ORG"),
            ("United Nations Security Council", "ORG"),
            ("UN Security Council", "ORG"),
        )
        found = consolidate(spans, 0)
        assert [(e.name, e.count) for e in found] == [("United Nations Security Council", 3)]

    def test_unrelated_acronym_stays_apart(self) -> None:
        """NATO is not the European Union."""
        body = "NATO and the European Union met."
        found = consolidate(_spans(body, ("NATO", "ORG"), ("European Union", "ORG")), 0)
        assert sorted(e.name for e in found) == ["European Union", "NATO"]

    def test_initials_skip_small_words(self) -> None:
        """Bank of England may be written BoE or BE; both initial sets are offered."""
        assert "BE" in mentions.initials("Bank of England")
        assert mentions.abbreviates("EU", "European Union")


class TestPlaces:
    def test_forms_of_the_united_states_meet_with_an_iso_code(self) -> None:
        """US, U.S. and the United States become one 'United States' entity with ISO 3166 US."""
        body = "The US said. The U.S. added, and the United States agreed."
        found = consolidate(_spans(body, ("US", "GPE"), ("U.S.", "GPE"), ("the United States", "GPE")), 0)
        assert len(found) == 1
        assert (found[0].name, found[0].type, found[0].count) == ("United States", "GPE", 3)
        assert found[0].ids == {"iso3166": "US", "geonames": "6252001", "wikidata": "Q30"}

    def test_every_iso_country_with_a_wikidata_id_is_distinct(self) -> None:
        """The offline table covers the ISO list, one item per code, and names the right countries."""
        codes = {row.country for row in places._rows() if row.kind == "country"}
        assert codes == set(wikidata.COUNTRIES)
        assert len(set(wikidata.COUNTRIES.values())) == len(wikidata.COUNTRIES)
        assert [wikidata.country(c) for c in ("gb", "FR", "DE", "CN", "NL")] == ["Q145", "Q142", "Q183", "Q148", "Q55"]

    def test_city_gets_a_geonames_id(self) -> None:
        """Paris resolves to the French capital's GeoNames id."""
        (paris,) = consolidate(_spans("In Paris today.", ("Paris", "GPE")), 0)
        assert paris.ids == {"geonames": "2988507"}

    def test_a_state_name_means_the_state_not_a_foreign_town(self) -> None:
        """Florida and Virginia are US states, not towns in Cuba and South Africa; Washington stays the capital."""
        body = "From Florida to Virginia and Washington."
        found = consolidate(_spans(body, ("Florida", "GPE"), ("Virginia", "GPE"), ("Washington", "GPE")), 0)
        assert [(e.name, e.ids) for e in found] == [
            ("Florida", {"geonames": "4155751"}),
            ("Virginia", {"geonames": "6254928"}),
            ("Washington", {"geonames": "4140963"}),
        ]

    def test_georgia_is_the_state_among_american_places_and_the_country_elsewhere(self) -> None:
        """With Atlanta and Alabama around it Georgia is the state; beside Russia, or with only
        Washington or New York, it is the country."""
        state = {"geonames": "4197000"}
        country = {"iso3166": "GE", "geonames": "614540", "wikidata": "Q230"}
        cases = [
            ("Voters in Georgia and Alabama queued in Atlanta.", ["Georgia", "Alabama", "Atlanta"], state),
            ("Georgia and Russia met in Atlanta.", ["Georgia", "Russia", "Atlanta"], country),
            ("Georgia sent envoys to Washington.", ["Georgia", "Washington"], country),
            ("Georgia told the UN in New York.", ["Georgia", "New York"], country),
            ("Georgia voted.", ["Georgia"], country),
        ]
        for body, names, ids in cases:
            found = consolidate(_spans(body, *((n, "GPE") for n in names)), 0)
            [georgia] = [e for e in found if e.name == "Georgia"]
            assert georgia.ids == ids, body

    def test_natural_areas_are_locations(self) -> None:
        """An unresolved place that names a river is LOC, not GPE."""
        (rhine,) = consolidate(_spans("On the Rhine River.", ("Rhine River", "GPE")), 0)
        assert rhine.type == "LOC"

    def test_nationality_becomes_norp(self) -> None:
        """A CoNLL-style MISC nationality is typed NORP."""
        (german,) = consolidate(_spans("German officials", ("German", "MISC")), 0)
        assert german.type == "NORP"


class TestInternationalBodies:
    def test_abbreviation_alone_gets_the_full_name_and_wikidata_id(self) -> None:
        """'the U.N.' with no expansion in the article is still the United Nations (Q1065)."""
        (un,) = consolidate(_spans("Officials at the U.N. said.", ("U.N.", "ORG")), 0)
        assert (un.name, un.type, un.ids) == ("United Nations", "ORG", {"wikidata": "Q1065"})

    def test_body_tagged_as_a_place_is_an_organisation(self) -> None:
        """A model often tags the EU as a GPE, or the UN at its headquarters as a facility: both are bodies."""
        (eu,) = consolidate(_spans("The EU agreed.", ("EU", "GPE")), 0)
        assert (eu.name, eu.type, eu.ids) == ("European Union", "ORG", {"wikidata": "Q458"})
        (un,) = consolidate(_spans("At the United Nations headquarters.", ("United Nations", "FAC")), 0)
        assert (un.type, un.ids) == ("ORG", {"wikidata": "Q1065"})

    def test_acronym_and_expansion_share_one_id(self) -> None:
        """UNSC and the United Nations Security Council are one entity with Q37470."""
        body = "The United Nations Security Council met; the UNSC voted."
        found = consolidate(_spans(body, ("United Nations Security Council", "ORG"), ("UNSC", "ORG")), 0)
        assert [(e.name, e.count, e.ids) for e in found] == [
            ("United Nations Security Council", 2, {"wikidata": "Q37470"})
        ]

    def test_names_that_share_no_initials_meet_through_their_id(self) -> None:
        """UNICEF and the United Nations Children's Fund are one entity, whichever comes first."""
        body = "UNICEF said. The United Nations Children's Fund added."
        found = consolidate(_spans(body, ("UNICEF", "ORG"), ("United Nations Children's Fund", "ORG")), 0)
        assert [(e.name, e.count, e.ids) for e in found] == [("UNICEF", 2, {"wikidata": "Q740308"})]

    def test_house_styles_match_but_everyday_words_do_not(self) -> None:
        """'Nato' and 'Fifa' are the bodies; 'WHO' is the health agency, a stray 'Who' is not."""
        assert wikidata.organisation("Nato") == ("Q7184", "NATO")
        assert wikidata.organisation("Fifa") == ("Q253414", "FIFA")
        assert wikidata.organisation("WHO") == ("Q7817", "World Health Organization")
        assert wikidata.organisation("Who") is None
        assert wikidata.organisation("ICC") is None  # also the International Cricket Council
        assert wikidata.organisation("Acme Holdings") is None
        (acme,) = consolidate(_spans("Acme Holdings said.", ("Acme Holdings", "ORG")), 0)
        assert acme.ids == {}

    def test_other_kinds_of_name_keep_their_type(self) -> None:
        """A law or a work that shares a body's name is not retyped as the body."""
        (law,) = consolidate(_spans("Under the NATO treaty.", ("NATO", "LAW")), 0)
        assert (law.type, law.ids) == ("LAW", {})
