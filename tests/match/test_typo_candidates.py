"""Deletion-neighbourhood keys: a word with one typo still finds its listing."""

from dualwatch.match import Query, build_index, match_batch
from dualwatch.match.candidates import candidates
from dualwatch.match.prepared import deletions, prepare
from dualwatch.model import Entity, NameKind
from dualwatch.names import normalize_name


def _entity(id_: str, schema: str, name: str) -> Entity:
    e = Entity(id=f"us_ofac_sdn-{id_}", schema=schema, dataset="us_ofac_sdn", source_id=id_)
    e.add_name(name, NameKind.PRIMARY)
    return e


INDEX = build_index([
    _entity("1", "Company", "TRANSMASHHOLDING AO"),
    _entity("2", "Company", "MAJORY LLP"),
    _entity("3", "Person", "Vladimir Kazantsev"),
    _entity("4", "Person", "WALIJAN"),
    _entity("5", "Person", "MOHAMED LAKHAL"),
])


def _readings(name: str, schema: str) -> list:
    return [prepare(form) for form in normalize_name(name, schema)]


def test_one_edit_shares_a_deletion() -> None:
    assert deletions("majoy") & deletions("majory")  # a letter dropped
    assert deletions("tranmsash") & deletions("transmash")  # two letters swapped
    assert deletions("aklta") & deletions("akuta")  # a letter changed
    assert not deletions("majoy") & deletions("mayoral")


def test_unknown_word_is_looked_up_by_its_deletions() -> None:
    found = candidates(_readings("Majoy LLP", "Company"), INDEX)
    assert [INDEX.reading_group[rid] for _, rid in found] == [1]
    assert candidates(_readings("Majoy LLP", "Company"), INDEX, typos=False) == []


def test_swapped_letters_in_a_long_word_still_alert() -> None:
    hits = match_batch([Query(id="q", name="AO TRANMSASHHOLDING", schema="Company")], INDEX)[0]
    assert hits and hits[0].entity_id == "us_ofac_sdn-1"


def test_a_one_word_name_of_a_person_with_two_letters_swapped_is_found() -> None:
    # The UN lists the Taliban commander WALIJAN under one name; "AWLIJAN" shares no token, no
    # phonetic key and no skeleton with it, only a member of its deletion neighbourhood.
    found = candidates(_readings("AWLIJAN", "Person"), INDEX)
    assert [INDEX.reading_group[rid] for _, rid in found] == [3]
    assert candidates(_readings("AWLIJAN", "Person"), INDEX, typos=False) == []


def test_known_words_of_people_take_no_typo_path() -> None:
    from dualwatch.match.candidates import _query_keys

    keys = _query_keys(_readings("Vladimir Kazantsev", "Person")[0], INDEX, typos=True)
    assert not any(key.startswith("d:") for key, _ in keys)


def test_a_typo_across_letters_that_fold_together_is_found() -> None:
    # LAKHAL folds to "lahal" (kh as h); "LAKAHL" keeps its k and h apart, two edits from
    # "lahal" once folded, but "lakahl" less its second "a" folds to "lahl", one of the
    # deletions of "lahal".
    found = candidates(_readings("MOHAMED LAKAHL", "Person"), INDEX)
    assert 4 in [INDEX.reading_group[rid] for _, rid in found]


def test_keys_that_meet_one_edit_only_rank_above_those_that_may_meet_two() -> None:
    from dualwatch.match.prepared import TYPO_SURE_WEIGHT, TYPO_WEIGHT, typo_keys

    # "TOO MAORY" for OFAC's MAJORY LLP: "maori" is one of "majori"'s deletions (sure, one
    # edit); "maori" less its "a" is "mori", which "morio" also gives (two edits apart).
    (reading,) = _readings("TOO MAORY", "Company")
    keys = dict(typo_keys(reading, {"maori"}))
    assert keys["d:maori"] == TYPO_SURE_WEIGHT  # the word among listed deletions
    assert keys["t:mori"] == TYPO_SURE_WEIGHT  # a deletion that is a listed word
    assert keys["d:mori"] == TYPO_WEIGHT  # a deletion among listed deletions
    found = candidates(_readings("TOO MAORY", "Company"), INDEX)
    assert [INDEX.reading_group[rid] for _, rid in found] == [1]
