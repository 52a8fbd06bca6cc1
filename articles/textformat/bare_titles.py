"""A bare title («президент») completed from the rest of the article («Президент
Казахстана»), when the article gives exactly one complement for it."""

from people.matching import lemma_key

from .words import is_dependent, parses, tokenize


def complete_bare_titles(persons, texts, role_spans):
    """Give a one-word title its complement when the article uses exactly one elsewhere.

    "просьба президента **Касым-Жомарта Токаева**" names no country, but an article that
    otherwise speaks of "Президент Казахстана" (in words no other title claims) means him.
    ``persons`` are ``analysis.PersonRef``; ``role_spans`` are (text index, start, end) of
    the titles already read, which cannot complete another. A completed title whose head
    is an office becomes confident.
    """
    claimed = {
        role.title.split()[0] for person in persons for role in person.roles if " " in role.title
    }
    for person in persons:
        for role in person.roles:
            if " " in role.title:
                continue
            head_lemma = parses(role.title)[0].normal_form
            completions = set()
            for text_index, text in enumerate(texts):
                tokens = tokenize(text)
                for index, token in enumerate(tokens):
                    if token.kind != "word" or any(
                        p == text_index and start <= token.start < end
                        for p, start, end in role_spans
                    ):
                        continue
                    if parses(token.text)[0].normal_form != head_lemma:
                        continue
                    complement = []
                    for following in tokens[index + 1 : index + 4]:
                        if following.kind != "word" or not following.text[:1].isupper():
                            break
                        if not is_dependent(following.text):
                            break
                        complement.append(following.text)
                    if complement:
                        completions.add(" ".join(complement))
            completions = {c for c in completions if f"{role.title} {c}" not in claimed}
            keys = {lemma_key(c) for c in completions}
            if len(keys) == 1:
                completion = sorted(completions)[0]
                role.title = f"{role.title} {completion}"
                role.confident = role.office
                person.role_texts = [
                    f"{text} {completion}" if text == head_lemma or " " not in text else text
                    for text in person.role_texts
                ]
