"""Normalisation tables, with real name shapes from the OFAC, CSL, EU and UN lists."""

from dualwatch.names import GENERIC, NAME, PLACE, fold, normalize_name, number


def _folds(name: str, schema: str | None = "Company") -> set[tuple[str, ...]]:
    return {tuple(t.fold for t in f.tokens) for f in normalize_name(name, schema)}


def _legal(name: str, schema: str | None = "Company") -> frozenset[str]:
    return normalize_name(name, schema)[0].legal


def test_ooo_llc_and_cyrillic_ooo_meet() -> None:
    assert _folds("ООО «Технопром»") & _folds("OOO TEKHNOPROM") & _folds("TEHNOPROM LLC")
    assert _legal("ООО «Технопром»") == _legal("TEHNOPROM LLC") == {"limited"}


def test_joint_stock_forms_are_one_class() -> None:
    for name in ("ПАО „Мостотрест“", "PAO Mostotrest", "PJSC MOSTOTREST", "OAO Mostotrest",
                 "ЗАО ‘Интеравтоматика’"):
        assert _legal(name) == {"joint_stock"}, name


def test_chinese_company_by_sound_and_meaning() -> None:
    zh = normalize_name("深圳市华为技术有限公司", "Company")[0]
    en = normalize_name("Shenzhen Huawei Technology Co Ltd", "Company")[0]
    assert [t.fold for t in zh.tokens] == [t.fold for t in en.tokens]
    assert [t.kind for t in zh.tokens] == [PLACE, NAME, GENERIC]
    assert zh.legal == en.legal == {"limited"}


def test_chinese_electronics_and_trading_words() -> None:
    form = normalize_name("华强电子贸易有限公司", "Company")[0]
    assert [(t.text, t.kind) for t in form.tokens] == [
        ("huaqiang", NAME), ("electronics", GENERIC), ("trading", GENERIC)]


def test_turkish_ltd_sti_and_as() -> None:
    assert _legal("ABC Dış Ticaret Ltd. Şti.") == {"limited"}
    assert _legal("ASELSAN Elektronik Sanayi ve Ticaret A.Ş.") == {"joint_stock"}


def test_kazakh_too_and_llp_are_one_class() -> None:
    # Kazakhstan's ТОО (товарищество с ограниченной ответственностью) is rendered LLP in
    # English, as OFAC lists MAJORY LLP; both are limited-liability forms.
    assert _legal("ТОО «Казахстан Инжиниринг»") == {"limited"}
    assert _legal("TOO Kazakhstan Engineering") == {"limited"}
    assert _legal("Kazakhstan Engineering LLP") == {"limited"}
    assert _legal("Kazakhstan Engineering Limited Liability Partnership") == {"limited"}


def test_uae_free_zone_forms() -> None:
    for name in ("Advance Electronics FZE", "Advance Electronics FZCO", "Advance Electronics DMCC"):
        assert _legal(name) == {"free_zone"}, name


def test_cyrillic_schemes_and_informal_spellings_fold_together() -> None:
    variants = _folds("Дмитрий Сергеевич Песков", "Person")
    assert ("dmitri", "sergevich", "peskov") in variants
    assert fold("dmitriy") == fold("dmitrii") == fold("dmitry")
    assert fold("zhukovskiy") == fold("zhukovsky") == fold("jukovskii")
    assert fold("yuriy") == fold("iurii")
    assert fold("khodorkovsky") == fold("hodorkovskiy")
    assert fold("shchukin") == fold("schukin")
    assert fold("tsarev") == fold("tzarev")


def test_person_names_keep_legal_looking_words() -> None:
    assert [t.text for t in normalize_name("AO Wei", "Person")[0].tokens] == ["ao", "wei"]


def test_chinese_person_name_joins_given_name() -> None:
    assert _folds("习近平", None) == {("ksi", "jinping")}


def test_quotes_and_dotted_abbreviations() -> None:
    assert _folds("«Rosoboronexport»") == _folds('"ROSOBORONEXPORT"')
    assert _legal("Xiamen Zhongxing Co., Ltd.") == {"limited"}


def test_han_person_name_also_read_as_korean_and_japanese() -> None:
    readings = [f.text() for f in normalize_name("金正恩")]
    assert readings[0] == "jin zhengen" and "kim jongun" in readings
    assert "yamada taro" in [f.text() for f in normalize_name("山田太郎")]


def test_han_company_name_is_not_read_as_a_person() -> None:
    assert len(normalize_name("深圳市华为技术有限公司")) == 1


def test_roman_numerals_read_as_numbers() -> None:
    assert [number(w) for w in ("iii", "iv", "xiv", "12", "ivan", "mix")] == [3, 4, 14, 12, None,
                                                                             None]


def test_patronymic_is_marked_in_either_order() -> None:
    for name in ("Ivan Petrovich Sidorov", "SIDOROV Ivan Petrovich", "Умаров Доку Хаматович"):
        kinds = [t.kind for t in normalize_name(name, "Person")[0].tokens]
        assert kinds.count("patronymic") == 1, name
    assert [t.kind for t in normalize_name("Roman Abramovich", "Person")[0].tokens] == \
        [NAME, NAME]


def test_part_in_parentheses_is_also_a_reading_of_its_own() -> None:
    assert ("rostec",) in _folds("Rostec (Russian Technologies State Corporation)", None)
    assert ("norinco",) in _folds("China North Industries Corp. (NORINCO)")
    assert _folds("GORNAYA (Private) Limited") == {("gornaia",)}
    assert len(normalize_name("Ministry of Defense (Syria)", None)) == 1


def test_single_letter_before_a_hyphen_is_part_of_the_word() -> None:
    assert _folds("Y-Sing Components Limited") == {("ising", "components")}


def test_malaysian_sdn_bhd_is_a_legal_form() -> None:
    assert _legal("Vast Solution Sdn Bhd.") == {"limited"}
    assert _folds("Vast Solution Sdn Bhd.") == {("vast", "solution")}


def test_misspelt_or_reordered_legal_form_is_still_a_legal_form() -> None:
    # One long word of a several-word form misspelt, as typed into payment messages.
    assert _folds("Общество С Ограниченной Ответствнностью “Марин Транс Шиппинг”") == \
        _folds("ООО «Марин Транс Шиппинг»")
    assert _legal("Акционерное Ощбество «Ирис»") == {"joint_stock"}
    assert _legal("Open Joint Stock Compny Belshina") == {"joint_stock"}
    assert _legal("Ограниченной ответственностью общество с «Арсенал»") == {"limited"}
    # A short distinctive word next to a legal form is never read as part of it.
    assert _folds("Joint Stock Company Stack") == {("stak",)}


def test_closed_and_open_joint_stock_company_spelt_out() -> None:
    for name in ("RUST CLOSED JSC", "RUST ZAO", "Zakrytoe Aktsionernoe Obshchestvo RUST",
                 "Открытое акционерное общество «Руст»"):
        assert _legal(name) == {"joint_stock"}, name
        assert _folds(name) == {("rust",)}, name


def test_greek_names_read_with_ou_and_without_the_nominative_ending() -> None:
    assert ("papadopulos",) in _folds("Παπαδόπουλος", "Person")  # ου is "ou", not "oy"
    assert ("aleksandr",) in _folds("Αλέξανδρος", "Person")  # Alexandros, also Aleksandr
    assert ("aleksandros",) in _folds("Αλέξανδρος", "Person")


def test_words_mixing_latin_and_cyrillic_letters_read_in_their_main_alphabet() -> None:
    # EU list: "Aкционерное общество ‘Завод шампанских вин “Новый Свет”’" starts with a Latin A.
    assert _legal("Aкционерное общество «Новый Свет»") == {"joint_stock"}
    assert _folds("GAZPRОM") == _folds("Gazprom")  # a Cyrillic О among Latin letters


def test_ordinals_are_numbers() -> None:
    assert number("715th") == 715 and number("1st") == 1 and number("th") is None
