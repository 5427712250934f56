"""SMS segments on known texts: GSM-7 (160/153, extension table) and UCS-2 (70/67)."""

from __future__ import annotations

import pytest

from safemig.kits.sms import GSM7_BASIC, GSM7_EXTENSION, count_segments, gsm7_variant, needs_ucs2


def test_alphabet_has_128_codes_and_10_extensions() -> None:
    assert len(GSM7_BASIC) == 128 and len(set(GSM7_BASIC)) == 128
    assert len(GSM7_EXTENSION) == 10


@pytest.mark.parametrize(
    ("length", "segments"),
    [(0, 0), (1, 1), (160, 1), (161, 2), (306, 2), (307, 3), (459, 3), (460, 4)],
)
def test_gsm7_plain_text(length: int, segments: int) -> None:
    count = count_segments("a" * length)
    assert (count.encoding, count.units, count.segments) == ("GSM-7", length, segments)


def test_extension_characters_take_two_septets() -> None:
    count = count_segments("a" * 158 + "€")
    assert (count.units, count.segments) == (160, 1)
    assert count_segments("a" * 159 + "€").segments == 2


def test_escape_pair_is_not_split_across_segments() -> None:
    # 152 septets then an extension pair: it does not fit in 153, so it opens segment 2,
    # then 152 more fill segment 2 exactly (2 + 151 = 153) and one more opens segment 3.
    assert count_segments("a" * 152 + "{" + "a" * 151).segments == 2
    assert count_segments("a" * 152 + "{" + "a" * 152).segments == 3
    # Without the split rule, 306 septets would fit in exactly 2 segments.
    assert count_segments("a" * 152 + "{" + "a" * 152).units == 306


def test_accents_in_the_gsm_alphabet_stay_gsm7() -> None:
    count = count_segments("Vous êtes")
    assert count.encoding == "UCS-2"
    assert count_segments("Café à côté").encoding == "UCS-2"  # ô is not in GSM-7
    assert count_segments("Santé, où, déjà, très").encoding == "GSM-7"


@pytest.mark.parametrize(
    ("length", "segments"), [(70, 1), (71, 2), (134, 2), (135, 3), (201, 3), (202, 4)]
)
def test_ucs2_text(length: int, segments: int) -> None:
    count = count_segments("ê" * length)
    assert (count.encoding, count.units, count.segments) == ("UCS-2", length, segments)


def test_surrogate_pairs_count_twice_and_are_not_split() -> None:
    assert count_segments("🙂" * 35).segments == 1  # 70 UTF-16 units
    count = count_segments("a" * 66 + "🙂" + "a")
    assert (count.units, count.segments) == (69, 1)
    assert count_segments("ê" * 66 + "🙂" + "ê" * 66).segments == 3  # pair opens segment 2


def test_french_sentence_with_typographic_apostrophe_is_ucs2() -> None:
    assert needs_ucs2("Aujourd’hui")
    assert not needs_ucs2("Aujourd'hui")


def test_gsm7_variant_halves_an_accented_message() -> None:
    text = "Vous êtes arrivée ? Gardez votre carnet de santé et ne payez aucun frais. Ça coûte."
    plain = gsm7_variant(text)
    assert plain == (
        "Vous etes arrivée ? Gardez votre carnet de santé et ne payez aucun frais. Ça coute."
    )
    assert count_segments(text).encoding == "UCS-2"
    assert count_segments(plain).encoding == "GSM-7"
    assert count_segments(plain).segments < count_segments(text * 2).segments
