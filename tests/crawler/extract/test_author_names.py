"""Author-name cleaning rules found on the fifth unseen batch (crawler/extract/clean.py)."""

import pytest

from crawler.extract.clean import clean_authors, split_names


@pytest.mark.parametrize("raw,names", [
    ("Portela Silva", ["Portela Silva"]),  # `Por` is a by-word only before a space or colon
    ("Portal iG", []),  # the outlet's newsroom (AGENCY_RE), not a person
    ("Por Héctor J. Cruz", ["Héctor J. Cruz"]),
    ("Piše: P. Mucović", ["P. Mucović"]),
    ("Авторы: Сергей Борисов", ["Сергей Борисов"]),
    ("Developed By Heba Musa", []),  # a site credit, not an author
    ("Фото из Инстаграма Лукаша Подольски", []),  # a photo credit in a byline-classed element
    ("ΣΥΝΤΑΚΤΙΚΗ ΟΜΑΔΑ", []),  # the editorial team
    ("by Randy Shaw\u201a Nov. 07\u201a 2012", ["Randy Shaw"]),
    ("Ксения Терлецкая Главный редактор интернет-службы «РосКвартал»", ["Ксения Терлецкая"]),  # her job after the name  # BeyondChron: U+201A (cp1252 0x82) for a comma
])
def test_split_names(raw, names):
    assert split_names(raw) == names


def test_an_outlet_spelt_with_other_diacritics_is_still_the_outlet():
    """s-cedilla (`ş`) in the author meta, s-comma (`ș`) in og:site_name: one Romanian daily, not a person."""
    assert clean_authors(["Graiul Maramureşului"], exclude={"Graiul Maramureșului - Cotidian independent"}) == []


def test_a_chinese_agency_sign_off_is_cut_but_names_no_author():
    from crawler.extract.clean import clean_paragraphs
    cleaned = clean_paragraphs(["總統府今天宣布新的防疫措施，將從下週一開始實施。", "（中央社）"])
    assert cleaned.paragraphs == ["總統府今天宣布新的防疫措施，將從下週一開始實施。"] and cleaned.authors == []


def test_a_microdata_author_typed_as_an_organization_is_not_a_person():
    """`<div itemprop="author" itemscope itemtype="https://schema.org/Organization"><meta itemprop="name" …>`."""
    from crawler.extract.extractor import parse_html
    from crawler.extract.metadata import parse_microdata
    from pathlib import Path
    page = Path(__file__).resolve().parents[2] / "fixtures" / "pages" / "organization_author.html"
    assert "author" not in parse_microdata(parse_html(page.read_bytes()))
    from crawler.extract import extract_article
    assert extract_article(page.read_bytes(), "https://oren.example.ru/a/1").authors == []


def test_entities_left_in_json_ld_names_are_decoded():
    """Listín Diario's JSON-LD author is `H&#233;ctor J. Cruz` (escaped twice); it was read as `ctor J. Cruz`."""
    assert clean_authors(["H&#233;ctor J. Cruz"]) == ["Héctor J. Cruz"]


def test_a_byline_set_in_lower_case_is_capitalised_but_a_lower_case_label_among_names_is_not_a_name():
    """El Periódico's `<span itemprop="author">marcos lópez</span>` and The Star's `by <a>razak ahmad</a>` are capitalised
    by their style sheets; Aktuálně's analytics list `["MUDr. Štěpán Budka", "komerční článek"]` holds a label."""
    assert clean_authors(["marcos lópez"], marked="element") == ["Marcos López"]
    assert clean_authors(["by razak ahmad"]) == ["Razak Ahmad"]
    assert clean_authors(["MUDr. Štěpán Budka", "komerční článek"], marked="element") == ["Štěpán Budka"]
    assert clean_authors(["komerční článek"]) == []  # neither marked as an author nor after a by-word


def test_an_author_pages_address_cuts_the_dateline_off_the_name():
    """Le Monde: microdata `itemprop=author` gives the link's address and its text, `Stéphanie Maupas La Haye,
    correspondance`; the address spells the name."""
    values = ["/journaliste/stephanie-maupas/", "Stéphanie Maupas La Haye, correspondance Suivre"]
    assert clean_authors(values, marked="element") == ["Stéphanie Maupas"]
    assert clean_authors(["/auteurs/jean-dupont/", "Marie Curie Paris"], marked="element") == ["Marie Curie Paris"]
