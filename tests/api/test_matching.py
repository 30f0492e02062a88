"""/match speaks yente's request and response shapes; /search and /entities read the lists."""

from __future__ import annotations

from tests.api.conftest import Api

YENTE_RESULT_FIELDS = {"id", "caption", "schema", "properties", "datasets", "referents",
                       "target", "first_seen", "last_seen", "last_change", "score", "features",
                       "match"}


def match(api: Api, body: object, dataset: str = "default", **params: object) -> dict:
    response = api.client.post(f"/match/{dataset}", params=params, json=body,
                               headers=api.headers("analyst"))
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def test_match_answers_each_query_under_its_key_in_yentes_shape(api: Api) -> None:
    body = {"queries": {
        "person-1": {"schema": "Person", "properties": {
            "name": ["Ivan Petrovich Sidorov"], "birthDate": ["1970-03-02"],
            "nationality": ["ru"]}},
        "company-1": {"schema": "Company", "properties": {
            "name": "Технопром", "jurisdiction": "ru"}},
        "nobody": {"schema": "Person", "properties": {"name": ["Maria Gonzalez"]}},
    }}
    result = match(api, body)
    assert set(result) >= {"responses", "matcher", "limit"}
    assert result["limit"] == 5
    assert set(result["responses"]) == {"person-1", "company-1", "nobody"}

    person = result["responses"]["person-1"]
    assert person["status"] == 200
    assert person["query"]["schema"] == "Person"
    assert person["query"]["properties"]["name"] == ["Ivan Petrovich Sidorov"]
    top = person["results"][0]
    assert set(top) >= YENTE_RESULT_FIELDS
    assert top["id"] == "test_sanctions-ts-2"
    assert top["schema"] == "Person"
    assert top["caption"] == "Ivan Petrovich Sidorov"
    assert top["properties"]["birthDate"] == ["1970-03-02"]
    assert top["datasets"] == ["test_sanctions"]
    assert top["match"] is True and top["score"] >= 0.7
    assert top["features"]["birth_date"] == 1.0
    assert "1970-03-02" in top["explanations"]["birth_date"]["detail"]
    assert top["explanation"] and top["matched_name"] == "Ivan Petrovich Sidorov"
    assert person["total"] == {"value": len(person["results"]), "relation": "eq"}

    company = result["responses"]["company-1"]["results"][0]
    assert company["id"] == "test_sanctions-ts-1"
    assert "ООО «Технопром»" in company["properties"]["alias"]
    assert result["responses"]["nobody"]["results"] == []
    assert set(result["matcher"]) >= set(top["features"]), "every feature is documented"
    assert all(doc["description"] for doc in result["matcher"].values())


def test_threshold_sets_match_and_cutoff_what_is_returned(api: Api) -> None:
    body = {"queries": {"q": {"schema": "Person", "properties": {
        "name": ["Ivan Petrovich Sidorov"], "birthDate": ["1970-03-02"]}}}}
    strict = match(api, body, threshold=0.9999, cutoff=0.5)["responses"]["q"]["results"]
    assert strict and all(r["match"] is False for r in strict)
    assert match(api, body, threshold=0.9999)["responses"]["q"]["results"] == []


def test_every_name_of_a_query_is_screened(api: Api) -> None:
    body = {"queries": {"q": {"schema": "Thing", "properties": {
        "name": ["Acme Maschinenbau GmbH"], "alias": ["Globex Trading"]}}}}
    results = match(api, body)["responses"]["q"]["results"]
    assert [r["id"] for r in results] == ["test_sanctions-ts-3"]


def test_identifier_properties_reach_the_matcher(api: Api) -> None:
    body = {"queries": {"v": {"schema": "Vessel", "properties": {
        "name": ["Sea Breeze"], "imoNumber": ["9123456"]}}}}
    results = match(api, body)["responses"]["v"]["results"]
    assert results[0]["id"] == "test_sanctions-ts-4"
    assert results[0]["features"]["identifier"] == 1.0


def test_dataset_selects_the_lists(api: Api) -> None:
    body = {"queries": {"q": {"schema": "Company", "properties": {"name": ["Tekhnoprom"]}}}}
    assert match(api, body, "test_sanctions")["responses"]["q"]["results"]
    assert match(api, body, "test_sanctions,test_sanctions")["responses"]["q"]["results"]
    unknown = api.client.post("/match/eu_fsf", json=body, headers=api.headers("analyst"))
    assert unknown.status_code == 404
    assert "'eu_fsf' is not loaded" in unknown.json()["detail"]


def test_a_query_without_name_is_a_clear_400(api: Api) -> None:
    body = {"queries": {"q": {"schema": "Person", "properties": {"birthDate": ["1970"]}}}}
    response = api.client.post("/match/default", json=body, headers=api.headers("analyst"))
    assert response.status_code == 400
    assert "the example has no name" in response.json()["detail"]


def test_search_and_entity_lookup(api: Api) -> None:
    viewer = api.headers("viewer")
    found = api.client.get("/search/default", params={"q": "tekhno"}, headers=viewer).json()
    assert found["total"] == {"value": 1, "relation": "eq"}
    assert found["results"][0]["id"] == "test_sanctions-ts-1"
    assert api.client.get("/search", params={"q": "TRADING"},
                          headers=viewer).json()["results"][0]["caption"] == "Globex Trading LLC"
    people = api.client.get("/search/test_sanctions", params={"q": "o", "schema": "Person"},
                            headers=viewer).json()
    assert [r["id"] for r in people["results"]] == ["test_sanctions-ts-2"]
    wildcard = api.client.get("/search", params={"q": "%"}, headers=viewer).json()
    assert wildcard["total"]["value"] == 0, "LIKE wildcards in the text are taken literally"

    entity = api.client.get("/entities/test_sanctions-ts-4", headers=viewer).json()
    assert entity["schema"] == "Vessel" and entity["properties"]["imoNumber"] == ["IMO 9123456"]
    missing = api.client.get("/entities/nope", headers=viewer)
    assert missing.status_code == 404 and "nope" in missing.json()["detail"]
