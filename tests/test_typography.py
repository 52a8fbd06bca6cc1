"""Russian typography on output: «ёлочки», em dashes, non-breaking spaces; HTML stays intact."""

import pytest
from django.template import Context, Template
from django.utils.safestring import SafeString, mark_safe

from newsroom.typography import NBSP, typograph


def test_straight_quotes_become_guillemets_and_nested_ones_low_high_quotes():
    assert typograph('Он сказал: "Мы "Маяк" не отдадим"') == (
        f"Он{NBSP}сказал: «Мы{NBSP}„Маяк“ не{NBSP}отдадим»"
    )


@pytest.mark.parametrize("dash", ["-", "--", "–", "—"])
def test_a_dash_between_words_is_an_em_dash_held_to_the_word_before(dash):
    assert typograph(f"Бюджет {dash} главный закон") == f"Бюджет{NBSP}— главный закон"


def test_hyphens_inside_words_and_numbers_are_left_alone():
    assert typograph("Северо-Западный округ, 2021-2022") == "Северо-Западный округ, 2021-2022"


def test_one_and_two_letter_words_keep_to_the_next_word():
    assert typograph("Он был в Москве и на заводе") == (
        f"Он{NBSP}был в{NBSP}Москве и{NBSP}на{NBSP}заводе"
    )


def test_initials_stay_with_the_surname():
    assert typograph("В. В. Путин и А.С. Пушкин") == (
        f"В.{NBSP}В.{NBSP}Путин и{NBSP}А.{NBSP}С.{NBSP}Пушкин"
    )


def test_tags_and_attributes_are_never_changed():
    markup = mark_safe(
        '<p title="a &gt; b - в &quot;x&quot;"><a href="/persons/ivan/?a=1&amp;b=2" '
        'title="в и - да">Иван</a> - "мэр"</p>'
    )
    assert typograph(markup) == (
        '<p title="a &gt; b - в &quot;x&quot;"><a href="/persons/ivan/?a=1&amp;b=2" '
        f'title="в и - да">Иван</a>{NBSP}— «мэр»</p>'
    )


def test_an_attribute_holding_a_raw_angle_bracket_is_still_one_tag():
    markup = mark_safe('<a title="x > в "y"" href="/">и "z"</a>')
    assert typograph(markup) == f'<a title="x > в "y"" href="/">и{NBSP}«z»</a>'


def test_quotes_pair_across_tags():
    markup = mark_safe('<p>"<a href="/o/">Маяк</a>" выиграл</p>')
    assert typograph(markup) == '<p>«<a href="/o/">Маяк</a>» выиграл</p>'


def test_code_keeps_its_characters():
    markup = mark_safe('<p>Пишите <code>a - "b"</code> и "c"</p>')
    assert typograph(markup) == f'<p>Пишите <code>a - "b"</code> и{NBSP}«c»</p>'


def test_text_not_marked_safe_is_escaped_and_the_result_is_safe():
    result = typograph('<script>alert("x")</script> & в')
    assert isinstance(result, SafeString)
    assert "<script>" not in result
    assert result == "&lt;script&gt;alert(«x»)&lt;/script&gt; &amp; в"


def test_escaped_entities_stay_escaped():
    assert typograph(mark_safe("Ответ &lt;b&gt; &amp; всё")) == "Ответ &lt;b&gt; &amp; всё"


def test_template_filter_changes_output_not_the_stored_text():
    headline = 'В "Маяке" - новый тренер'
    rendered = Template("{% load public %}{{ headline|typography }}").render(
        Context({"headline": headline})
    )
    assert rendered == f"В{NBSP}«Маяке»{NBSP}— новый тренер"
    assert headline == 'В "Маяке" - новый тренер'
