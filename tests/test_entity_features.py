"""The intent classifier's entity-type features (nlu/entity_features.py), without a model."""

from nlu.entity_features import SEVERAL, TYPES, WIDTH, feature_rows


def spans(text):
    out, i = [], 0
    for word in text.split():
        start = text.index(word, i)
        out.append((start, start + len(word)))
        i = start + len(word)
    return out


def test_each_token_carries_its_entity_type_and_the_message_its_types():
    text = "senior in london on 80k"
    entities = [
        {"entity": "level", "start": 0, "end": 6},
        {"entity": "region", "start": 10, "end": 16},
        {"entity": "amount", "start": 20, "end": 23},
    ]
    sequence, sentence = feature_rows(entities, spans(text))
    assert sequence.shape == (5, WIDTH) and sentence.shape == (1, WIDTH)
    assert sequence[0, TYPES.index("level")] == 1 and sequence[1].sum() == 0 and sequence[4, TYPES.index("amount")] == 1
    assert {TYPES[i] for i in sentence[0, : len(TYPES)].nonzero()[0]} == {"level", "region", "amount"}
    assert sentence[0, len(TYPES) :].sum() == 0  # one of each: no comparison


def test_two_regions_mark_a_comparison():
    text = "london vs leeds"
    entities = [{"entity": "region", "start": 0, "end": 6}, {"entity": "region", "start": 10, "end": 15}]
    _, sentence = feature_rows(entities, spans(text))
    assert sentence[0, len(TYPES) + SEVERAL.index("region")] == 1
    assert sentence[0, len(TYPES) + SEVERAL.index("level")] == 0


def test_a_message_without_details_has_no_features():
    sequence, sentence = feature_rows([], spans("tell me a joke"))
    assert sequence.sum() == 0 and sentence.sum() == 0
